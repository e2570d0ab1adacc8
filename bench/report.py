"""bench/RESULTS.md: every figure with its baseline and ratio, how it was measured, and for each
missed goal why it was missed and what would close it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
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
