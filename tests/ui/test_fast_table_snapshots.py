"""What an agent sees: a deterministic 200-ticket queue rendered by FastTable.

Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_fast_table_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from fstui.ui.widgets.fast_table import Column, FastTable
from tests.pilot_support import SnapCompare

COLUMNS = (
    Column("id", "ID", width=6, align="right"),
    Column("subject", "Subject", min_width=16),
    Column("requester", "Requester", min_width=10, drop_order=3),
    Column("status", "Status", width=9, drop_order=1),
    Column("priority", "Priority", width=8),
    Column("agent", "Agent", min_width=10, drop_order=2),
    Column("updated", "Updated", width=7, align="right", drop_order=4),
)

SUBJECTS = (
    "Printer on 3rd floor jams on every job",
    "VPN drops every 10 minutes",
    "New starter: laptop and accounts for Ana Lima",
    "[bold]Urgent[/] please read",
    "Outlook keeps asking for password",
    "Request: second monitor",
    "Wi-Fi slow in meeting room Ørsted",
    "SAP access for finance intern",
)
STATUSES = ("Open", "Pending", "Resolved", "Closed")
PRIORITIES = (("Low", "green"), ("Medium", "yellow"), ("High", "dark_orange"), ("Urgent", "red"))
PEOPLE = ("Maya Patel", "Jon Berg", "Li Wei", "Sam O'Neil", "Fatima Zahra")


@dataclass(frozen=True)
class Ticket:
    id: int
    subject: str
    requester: str
    status: int
    priority: int
    agent: str
    updated_minutes: int
    unseen: bool


def tickets() -> list[Ticket]:
    return [
        Ticket(
            id=1000 + n,
            subject=SUBJECTS[n % len(SUBJECTS)],
            requester=PEOPLE[(n * 3) % len(PEOPLE)],
            status=n % len(STATUSES),
            priority=(n * 7) % len(PRIORITIES),
            agent=PEOPLE[n % len(PEOPLE)] if n % 6 else "",
            updated_minutes=(n * 37) % 2000,
            unseen=n % 9 == 0,
        )
        for n in range(200)
    ]


def age(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 1440:
        return f"{minutes // 60}h"
    return f"{minutes // 1440}d"


def cells(ticket: Ticket) -> Sequence[str | Text]:
    label, colour = PRIORITIES[ticket.priority]
    return (
        f"#{ticket.id}",
        ticket.subject,
        ticket.requester,
        STATUSES[ticket.status],
        Text(label, style=colour),
        ticket.agent or Text("unassigned", style="dim italic"),
        age(ticket.updated_minutes),
    )


def sort_key(ticket: Ticket, column: str) -> Any:
    if column == "updated":
        return ticket.updated_minutes
    return getattr(ticket, column)


class QueueApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FastTable[Ticket](COLUMNS)

    def on_mount(self) -> None:
        table = self.query_one(FastTable)
        table.set_rows(tickets(), key=lambda t: t.id, cells=cells, sort_keys=sort_key)
        table.row_style(lambda t: "bold" if t.unseen else None)
        table.focus()


def test_queue_at_80x24(snap_compare: SnapCompare) -> None:
    # Cursor a few rows down, two rows marked on the way.
    assert snap_compare(
        QueueApp(), press=["down", "space", "space", "down"], terminal_size=(80, 24)
    )


def test_queue_at_120x40_sorted_by_priority(snap_compare: SnapCompare) -> None:
    async def sort_and_scroll(pilot: Pilot[None]) -> None:
        # Urgent first; one page down the cursor sits on the last Urgent row, just marked.
        table = pilot.app.query_one(FastTable)
        table.sort_by("priority", reverse=True)
        await pilot.press("g", "pagedown", "space")
        await pilot.pause()

    assert snap_compare(QueueApp(), run_before=sort_and_scroll, terminal_size=(120, 40))


def test_queue_filtered_on_a_narrow_terminal(snap_compare: SnapCompare) -> None:
    async def filter_vpn(pilot: Pilot[None]) -> None:
        pilot.app.query_one(FastTable).set_filter("vpn")
        await pilot.pause()

    assert snap_compare(QueueApp(), run_before=filter_vpn, terminal_size=(50, 12))
