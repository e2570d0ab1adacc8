"""FastTable against Textual's stock DataTable on queues of 1k, 10k and 100k tickets.

Run with `python -m bench.table_bench [SIZE ...]`. Each (widget, size) case runs in a fresh
subprocess so its peak RSS is its own. Measured in a headless App at 120x40:

- first paint: rows already in memory -> data handed to the widget -> every queued message handled
  -> the screen painted (the compositor update is forced, so no idle-detection sleeps are timed);
- cursor: 50 `down` key events through the driver, each handled and painted, averaged per press;
- filter: typing a query one character at a time, averaged per keystroke. DataTable has no filter,
  so its baseline clears and re-adds the matching rows on every keystroke, as a screen would;
- peak RSS of the whole process (Python, Textual and the rows included).

Goals at 10k rows: first paint <= 150 ms, cursor <= 16 ms, filter keystroke <= 50 ms; at 100k
rows: peak RSS <= 300 MB.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable

from fstui.ui.widgets.fast_table import Column, FastTable

SIZES = (1000, 10_000, 100_000)
WIDGETS = ("FastTable", "DataTable")
TERMINAL = (120, 40)
CURSOR_PRESSES = 50
QUERY = "vpn drops"
CASE_TIMEOUT_S = 300.0
"""A whole case (one widget, one size) is killed after this long."""
DATATABLE_CAP_S = 60.0
"""DataTable phases stop once they have used this much time; the output says so."""

COLUMNS = (
    Column("id", "ID", width=7, align="right"),
    Column("subject", "Subject", min_width=20),
    Column("requester", "Requester", min_width=12, drop_order=4),
    Column("status", "Status", width=9),
    Column("priority", "Priority", width=8),
    Column("agent", "Agent", min_width=12, drop_order=3),
    Column("group", "Group", min_width=10, drop_order=2),
    Column("due", "Due", width=10, drop_order=1),
    Column("updated", "Updated", width=7, align="right", drop_order=5),
)
SUBJECTS = (
    "Printer on floor {} jams on every job",
    "VPN drops every {} minutes",
    "New starter {}: laptop and accounts",
    "Outlook asks for the password again ({})",
    "Request: second monitor for desk {}",
    "Wi-Fi slow in meeting room {}",
    "SAP access for finance intern {}",
)
PEOPLE = ("Maya Patel", "Jon Berg", "Li Wei", "Sam O'Neil", "Fatima Zahra", "Ana Lima")
GROUPS = ("Service Desk", "Network", "Hardware", "Identity", "Apps")
STATUSES = ("Open", "Pending", "Resolved", "Closed")
PRIORITIES = (("Low", "green"), ("Medium", "yellow"), ("High", "dark_orange"), ("Urgent", "red"))


@dataclass(frozen=True, slots=True)
class Ticket:
    id: int
    subject: str
    requester: str
    status: int
    priority: int
    agent: str
    group: str
    due: str
    updated: int


def make_tickets(count: int) -> list[Ticket]:
    return [
        Ticket(
            id=100_000 + n,
            subject=SUBJECTS[n % len(SUBJECTS)].format(n % 97),
            requester=PEOPLE[(n * 5) % len(PEOPLE)],
            status=n % len(STATUSES),
            priority=(n * 7) % len(PRIORITIES),
            agent=PEOPLE[n % len(PEOPLE)],
            group=GROUPS[n % len(GROUPS)],
            due=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
            updated=(n * 37) % 5000,
        )
        for n in range(count)
    ]


def cells(ticket: Ticket) -> tuple[str | Text, ...]:
    label, colour = PRIORITIES[ticket.priority]
    return (
        str(ticket.id),
        ticket.subject,
        ticket.requester,
        STATUSES[ticket.status],
        Text(label, style=colour),
        ticket.agent,
        ticket.group,
        ticket.due,
        f"{ticket.updated // 60}h",
    )


def search_text(ticket: Ticket) -> str:
    return f"{ticket.id} {ticket.subject} {ticket.requester} {ticket.agent} {ticket.group}"


class BenchApp(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


async def _fast_table_case(tickets: list[Ticket]) -> dict[str, Any]:
    table: FastTable[Ticket] = FastTable(COLUMNS)
    app = BenchApp(table)
    result: dict[str, Any] = {}
    async with app.run_test(size=TERMINAL) as pilot:
        table.focus()
        await pilot.pause()
        start = time.perf_counter()
        table.set_rows(tickets, key=lambda t: t.id, cells=cells, search_text=search_text)
        await _painted(pilot)
        result["first_paint_ms"] = _ms(time.perf_counter() - start)
        result["cursor_ms"] = await _cursor_latency(pilot)
        assert table.cursor_row == CURSOR_PRESSES, "every key press was handled"
        timings: list[float] = []
        for end in range(1, len(QUERY) + 1):
            start = time.perf_counter()
            table.set_filter(QUERY[:end])
            await _painted(pilot)
            timings.append(time.perf_counter() - start)
        result["filter_ms"] = _ms(sum(timings) / len(timings))
        result["filter_max_ms"] = _ms(max(timings))
        result["matches"] = table.visible_count
    return result


async def _data_table_case(tickets: list[Ticket]) -> dict[str, Any]:
    table: DataTable[str | Text] = DataTable(cursor_type="row")
    app = BenchApp(table)
    result: dict[str, Any] = {"note": ""}
    async with app.run_test(size=TERMINAL) as pilot:
        for column in COLUMNS:
            table.add_column(column.label, key=column.key, width=column.width)
        table.focus()
        await pilot.pause()
        start = time.perf_counter()
        table.add_rows(cells(ticket) for ticket in tickets)
        await _painted(pilot)
        result["first_paint_ms"] = _ms(time.perf_counter() - start)
        result["cursor_ms"] = await _cursor_latency(pilot)
        assert table.cursor_row == CURSOR_PRESSES, "every key press was handled"
        timings: list[float] = []
        budget_start = time.perf_counter()
        needle = ""
        for end in range(1, len(QUERY) + 1):
            if time.perf_counter() - budget_start > DATATABLE_CAP_S:
                result["note"] = f"filter capped after {len(timings)} keystrokes (>60 s)"
                break
            needle = QUERY[:end]
            start = time.perf_counter()
            table.clear()
            table.add_rows(cells(t) for t in tickets if needle in search_text(t).casefold())
            await _painted(pilot)
            timings.append(time.perf_counter() - start)
        result["filter_ms"] = _ms(sum(timings) / len(timings))
        result["filter_max_ms"] = _ms(max(timings))
        result["matches"] = table.row_count
    return result


async def _painted(pilot: Pilot[None]) -> None:
    """Return once every queued message is handled and the result is on the (headless) screen.

    Pilot.pause() would also wait for the CPU to look idle, which adds fixed sleeps that dwarf
    what is measured here, so this drains the queues and forces the paint instead.
    """
    for _ in range(2):  # a handler may post more messages (e.g. DataTable's idle update)
        await pilot._wait_for_screen()
        pilot.app.screen._on_timer_update()


async def _cursor_latency(pilot: Pilot[None]) -> float:
    app = pilot.app
    driver = app._driver
    assert driver is not None
    start = time.perf_counter()
    for _ in range(CURSOR_PRESSES):
        key = events.Key("down", None)
        key.set_sender(app)
        driver.send_message(key)
        await _painted(pilot)
    elapsed = time.perf_counter() - start
    return _ms(elapsed / CURSOR_PRESSES)


def run_case(widget: str, size: int) -> dict[str, Any]:
    """Measure one case in this process (the parent runs each in a fresh subprocess)."""
    tickets = make_tickets(size)
    case = _fast_table_case if widget == "FastTable" else _data_table_case
    result = asyncio.run(case(tickets))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "widget": widget,
        "rows": size,
        "note": "",
        **result,
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }


def _run_in_subprocess(widget: str, size: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.table_bench", "--case", widget, str(size)]
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=CASE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"widget": widget, "rows": size, "note": f"capped: killed after {CASE_TIMEOUT_S} s"}
    if completed.returncode != 0:
        tail = completed.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"widget": widget, "rows": size, "note": f"failed: {tail[0]}"}
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def run(sizes: Sequence[int] = SIZES) -> list[dict[str, Any]]:
    """Run every case, print a table, and return one dict per (widget, size)."""
    results = [_run_in_subprocess(widget, size) for size in sizes for widget in WIDGETS]
    print(format_table(results))
    return results


def format_table(results: Sequence[dict[str, Any]]) -> str:
    header = (
        f"{'widget':<10} {'rows':>7} {'first paint ms':>14} {'cursor ms':>9} "
        f"{'filter ms':>9} {'filter max':>10} {'peak RSS MB':>11}  note"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r['widget']:<10} {r['rows']:>7} {_cell(r, 'first_paint_ms'):>14} "
            f"{_cell(r, 'cursor_ms'):>9} {_cell(r, 'filter_ms'):>9} "
            f"{_cell(r, 'filter_max_ms'):>10} {_cell(r, 'peak_rss_mb'):>11}  {r.get('note', '')}"
        )
    lines.append(
        "DataTable filter = clear() + add_rows(matches) per keystroke (it has no filter). "
        "Goals at 10k: paint <= 150 ms, cursor <= 16 ms, filter <= 50 ms; 100k: RSS <= 300 MB."
    )
    return "\n".join(lines)


def _cell(result: dict[str, Any], name: str) -> str:
    value = result.get(name)
    return "-" if value is None else f"{value}"


def main(argv: Sequence[str]) -> None:
    if len(argv) == 3 and argv[0] == "--case":
        print(json.dumps(run_case(argv[1], int(argv[2]))))
        return
    sizes = tuple(int(arg) for arg in argv) or SIZES
    run(sizes)


if __name__ == "__main__":
    main(sys.argv[1:])
