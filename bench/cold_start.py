"""Cold start on a big account: first rows, complete counts, and the idle minute, against floors.

A 20,000-ticket sandbox account (about 2,750 open tickets) on the Starter and Pro plans, a fresh
cache, the same store services the queue screen drives (`Store.refresh`). The sandbox, the store
and the rate limiter share one virtual clock, so every wait for budget passes as it would in a
real session while the run takes seconds; wall time is measured for the first rows (the part a
user waits for with nothing else between).

Floors:
- calls before My open's first rows: 2 (who am I; the queue itself). The form fields that name
  statuses are a third call that fstui makes alongside.
- time to complete counts: the open tickets' filter pages at the plan's ticket-list limit (the
  fastest any client may read them), in virtual minutes.
- idle: one delta call per refresh interval (60 s).
"""

from __future__ import annotations

import asyncio
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.clock import SESSION_START, VirtualClock
from bench.figures import Figure
from bench.rig import in_process, metered_sandbox, open_rig
from fstui.api import Operation, plan_limits
from fstui.store.events import StoreEvent, SyncProgress, TicketsChanged
from fstui.store.queues import MY_OPEN

TICKETS = 20_000
IDLE_MINUTES = 10
REFRESH = 60.0


@dataclass
class ColdStart:
    plan: str
    calls_before_rows: int
    wall_to_rows: float
    rows: int
    calls_to_counts: int
    minutes_to_counts: float
    pages: int
    idle_calls_per_minute: float
    names_missing: int


async def measure(plan: str, tickets: int = TICKETS) -> ColdStart:
    clock = VirtualClock()
    meter = metered_sandbox(
        plan=plan, tickets=tickets, now=SESSION_START, clock=clock.datetime, meter_clock=clock.now
    )
    with tempfile.TemporaryDirectory(prefix="fstui-cold-") as tmp:
        rig = await open_rig(
            cache_dir=Path(tmp), plan=plan, transport=in_process(meter), clock=clock, now=clock.now
        )
        store = rig.store
        first: dict[str, float] = {}
        began_wall = time.perf_counter()
        began = clock.now()

        counted = asyncio.Event()

        def heard(event: StoreEvent) -> None:
            if isinstance(event, SyncProgress) and event.complete:
                counted.set()
            if "rows" in first or not isinstance(event, TicketsChanged):
                return
            if store.queue(MY_OPEN).value:
                first["rows"] = time.perf_counter() - began_wall
                first["calls"] = meter.calls

        unsubscribe = store.events.subscribe(heard)
        try:
            await store.me()
            await store.refresh(MY_OPEN, initial=True)
            await counted.wait()  # counts known: the fill's pages are all in
            counts_at = clock.now()
            calls_to_counts = meter.calls
            await store.syncer.wait_for_fill()  # and its last step, the first-response states
            unsubscribe()
            await store.refresh(MY_OPEN)  # the first refresh after the fill
            rows = len(store.queue(MY_OPEN).value)
            state_pages = math.ceil(len(store.mirror) / 30)
            idle_start = meter.calls
            for _ in range(IDLE_MINUTES):
                clock.advance(REFRESH)
                await store.refresh(MY_OPEN)
            idle = (meter.calls - idle_start) / IDLE_MINUTES
            missing = sum(
                1
                for t in store.queue(MY_OPEN).value
                if store.names.requester(t.requester_id) in ("…", f"requester #{t.requester_id}")
            )
        finally:
            await rig.aclose()
    return ColdStart(
        plan=plan,
        calls_before_rows=int(first.get("calls", -1)),
        wall_to_rows=first.get("rows", float("nan")),
        rows=rows,
        calls_to_counts=calls_to_counts,
        minutes_to_counts=(counts_at - began) / 60,
        pages=state_pages,
        idle_calls_per_minute=idle,
        names_missing=missing,
    )


def _floor_minutes(plan: str, pages: int) -> float:
    limits = plan_limits(plan)
    per_minute = limits.operations.get(Operation.LIST_TICKETS) or limits.account or 1
    return pages / per_minute


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    section = "7. Cold start"
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    for plan in ("starter", "pro"):
        result = asyncio.run(measure(plan, 3000 if quick else TICKETS))
        details[plan] = result.__dict__
        label = plan.capitalize()
        figures += [
            Figure(
                section,
                f"{label}: calls before My open's first rows",
                result.calls_before_rows,
                2,
                "calls",
                "floor",
                "<= 4",
                0 < result.calls_before_rows <= 4,
            ),
            Figure(
                section,
                f"{label}: wall time to first rows",
                round(result.wall_to_rows * 1000),
                None,
                "ms",
                "",
                note=f"{result.rows} rows; in-process sandbox, no network latency",
            ),
            Figure(
                section,
                f"{label}: time to complete counts",
                round(result.minutes_to_counts, 2),
                round(_floor_minutes(plan, result.pages), 2),
                "min",
                "list limit",
                note=f"{result.pages} filter pages at background priority (virtual clock)",
            ),
            Figure(
                section,
                f"{label}: calls to complete counts",
                result.calls_to_counts,
                result.pages + 2,
                "calls",
                "floor",
            ),
            Figure(
                section,
                f"{label}: idle calls per minute",
                round(result.idle_calls_per_minute, 2),
                1,
                "calls/min",
                "one delta",
                "<= 1.5",
                result.idle_calls_per_minute <= 1.5,
            ),
            Figure(
                section,
                f"{label}: My open rows without a requester name",
                result.names_missing,
                0,
                "rows",
                "none",
                "0",
                result.names_missing == 0,
            ),
        ]
    return figures, details


if __name__ == "__main__":
    from bench.figures import format_table

    found, info = run()
    print(format_table(found))
    print(info)
