"""bench/RESULTS.md: every figure with its baseline and ratio, how it was measured, and for each
missed goal why it was missed and what would close it."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bench.figures import Figure, markdown_table

METHOD = {
    "1. Startup": (
        "Fresh interpreter per run (`python -m bench.startup_probe`): wall time from just before "
        "the parent spawns it to the first paint, both apps under `App.run_test` at 120x40. "
        "fstui = `FstuiApp` on the demo sandbox (600 tickets) with a warm cache (one untimed run "
        "first on the same cache dir); minimal = an `App` with one `Static`. Alternating runs, "
        "median of each."
    ),
    "2. Large queues": (
        "`bench/table_bench.py`: each (widget, size) case in its own process; rows already in "
        "memory -> first paint; 50 cursor presses; typing `vpn drops` one key at a time (DataTable "
        "has no filter, so its baseline clears and re-adds the matches); peak RSS of the process."
    ),
    "7. Cold start": (
        "A fresh cache on a 20,000-ticket sandbox account (about 2,750 open tickets), Starter "
        "and Pro, through the store's refresh sequence (the queue screen's). Sandbox, store and "
        "limiter on one virtual clock, so budget waits pass as in a session; wall time only for "
        "the first rows. Floors: 2 calls before My open's rows (me, the queue); the open "
        "tickets' filter pages at the plan's ticket-list limit; one delta a refresh when idle."
    ),
    "3. API economy": (
        "`bench/triage.py` played by fstui (`bench/fstui_driver.py`: the store, outbox and asset "
        "adapters the screens use, called as the screens call them) and by the naive client "
        "(`bench/naive.py`), each against a fresh in-process sandbox (Starter plan, 3,000 "
        "tickets). Sandbox, store and limiter share a virtual clock, so the ten refresh minutes "
        "cost no wall time. Credits are counted at the sandbox from "
        "X-Ratelimit-Used-CurrentRequest. The lower bound is computed (see `bench/economy.py`)."
    ),
    "4. Bulk load": (
        "3,000 open tickets, Starter plan, cold cache. Virtual clock for the sandbox, limiter "
        "and sleeps: each wall time = measured processing time + simulated waits (fstui: waiting "
        "for budget; naive: 3.6 s after each of its per_page=30 pages)."
    ),
    "5. Shared budget": (
        "Sandbox served by uvicorn on 127.0.0.1 (thread), behind a credit meter on wall time. "
        "8 worker processes (`bench/budget_worker.py`: store + client, no screen) with their own "
        "warm caches and one shared DiskBudgetStore, each looping the triage script as fast as the "
        "budget allows for 120 s."
    ),
    "6. Soak": (
        "Not part of plain `make bench` (it takes half an hour): run `python -m bench --soak 30`, "
        "which runs only the soak and keeps sections 1-5 of the last run. `bench/soak.py`: "
        "`FstuiApp` on the in-process demo sandbox (2,000 tickets) under `App.run_test` at "
        "120x40, auto-refresh every 5 s, for the given minutes. Resident memory "
        "(/proc/self/statm) and open file handles (/proc/self/fd) are read after the first "
        "load and at the end; the baseline of each is its own start value, so a ratio near 1 "
        "means flat. Refreshes are the store syncs the queue screen's timer actually made."
    ),
    "8. Terminal": (
        "`bench/terminal_bench.py`: both apps in a real pseudo-terminal (a private tmux server, "
        "pane 120x40; bytes through pipe-pane, screen through capture-pane). fstui = `fstui "
        "--demo` (4,000 tickets, the demo's own cache); minimal = `bench/minimal_app.py`, a "
        "20-row DataTable app answering the same keys with plain Textual. One untimed start of "
        "each, then alternated runs (medians, ranges in the note): launch -> first rows on "
        "screen, blank stage = first byte written -> first rows, first key answered = launch "
        "-> the filter that `/`, typed as soon as the rows show, opens; each key timed from "
        "send-keys to the first byte (first paint) and to the last byte before the output is quiet "
        "(settled). Idle: both side by side for two refresh ticks, bytes per minute, bytes "
        "other than one redraw per refresh interval (between ticks), CPU from /proc. Memory: "
        "VmRSS before and after enter/esc on successive rows of All open."
    ),
}


def _missed(figures: Sequence[Figure]) -> list[Figure]:
    return [f for f in figures if f.met is False]


def render(
    figures: Sequence[Figure],
    details: Mapping[str, Any],
    *,
    when: datetime,
    machine: str,
    durations: Mapping[str, float],
    quick: bool,
    analysis: Mapping[str, str] | None = None,
) -> str:
    from bench.analysis import ANALYSIS

    notes = dict(ANALYSIS if analysis is None else analysis)
    lines = [
        "# fstui benchmarks",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine}",
        f"- Run: `make bench`{' --quick (smoke sizes: not comparable)' if quick else ''}; "
        f"took {sum(durations.values()):.0f} s "
        f"({', '.join(f'#{k} {v:.0f} s' for k, v in durations.items())})",
        "- Ratio = fstui / baseline, measured in the same run (below 1: fstui is faster or "
        "cheaper). `MISSED` marks a goal not met; each is explained below its table.",
        "",
    ]
    sections: dict[str, list[Figure]] = {}
    for figure in figures:
        sections.setdefault(figure.section, []).append(figure)
    for section, rows in sections.items():
        lines += [f"## {section}", "", METHOD.get(section, ""), "", markdown_table(rows), ""]
        missed = _missed(rows)
        if missed:
            lines += [
                f"**Missed: {', '.join(f.name.strip() for f in missed)}.** "
                + notes.get(section, "No analysis recorded."),
                "",
            ]
        elif section in notes and section.startswith(("3.", "4.")):
            lines += [notes[section], ""]
        info = details.get(section.split(". ", 1)[-1]) or _by_prefix(details, section)
        if info:
            lines += [
                "<details><summary>raw figures</summary>",
                "",
                "```json",
                json.dumps(info, indent=1, default=str)[:6000],
                "```",
                "</details>",
                "",
            ]
    return "\n".join(lines)


def _by_prefix(details: Mapping[str, Any], section: str) -> Any:
    number = section.split(".", 1)[0]
    for key, value in details.items():
        if key.split(".", 1)[0] == number:
            return value
    return None


# -- reading a rendered RESULTS.md back (the carry-over of a fresh clone) ----------------------

_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def _parse_number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def _parse_row(section: str, cells: list[str]) -> Figure | None:
    if len(cells) != 7:
        return None
    name, ours, baseline, _ratio, goal, verdict, note = cells
    value_text, _, unit = ours.partition(" ")
    base_text, _, label = baseline.partition(" ")
    if label.startswith("(") and label.endswith(")"):
        label = label[1:-1]
    return Figure(
        section,
        name,
        _parse_number(value_text),
        _parse_number(base_text),
        unit.strip(),
        label,
        goal,
        {"met": True, "MISSED": False}.get(verdict),
        note,
    )


def parse_results(text: str) -> dict[str, Any]:
    """The figures, raw details and durations of a RESULTS.md that `render` wrote.

    Numbers come back as rendered (at most two decimals), which is all a carried-over section
    shows again. A raw-figures block cut short at render time is left out (its table stays).
    Same shape as the saved run (`figures`, `details`, `durations`, `when`, `machine`, `quick`).
    """
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    durations: dict[str, float] = {}
    when, machine, quick = "", "", False
    section = ""
    block: list[str] | None = None
    for line in text.splitlines():
        if block is not None:
            if line.strip() == "```":
                with contextlib.suppress(ValueError):  # cut short at render time: table only
                    details[section] = json.loads("\n".join(block))
                block = None
            else:
                block.append(line)
        elif line.startswith("- Date: "):
            when = line.removeprefix("- Date: ").removesuffix(" UTC").strip()
        elif line.startswith("- Machine: "):
            machine = line.removeprefix("- Machine: ").strip()
        elif line.startswith("- Run: "):
            quick = "--quick" in line
            durations = {
                m.group(1): float(m.group(2)) for m in re.finditer(r"#(\w+) ([\d.]+) s", line)
            }
        elif line.startswith("## "):
            section = line[3:].strip()
        elif line.strip() == "```json" and section:
            block = []
        elif line.startswith("| ") and section and not line.startswith("| figure |"):
            figure = _parse_row(section, [c.strip() for c in line.strip().strip("|").split(" | ")])
            if figure is not None:
                figures.append(figure)
    return {
        "figures": [asdict(f) for f in figures],
        "details": details,
        "durations": durations,
        "when": (datetime.fromisoformat(when) if when else datetime.now(UTC)).isoformat(),
        "machine": machine,
        "quick": quick,
    }
