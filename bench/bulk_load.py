"""Bulk load: a cold load of a 3,000-ticket queue at the Starter plan.

The sandbox holds 3,000 open tickets (every generated ticket set to Open), so the open-tickets
queue is 3,000 rows. fstui: a cold `Store.sync()` (its full load of open tickets, then the
queue from the mirror). Baseline: the usage notes' loop, `tickets/filter?query="status:2"` with
per_page=30 and 3.6 s of sleep after every page.

Time: the sandbox, the limiter and the sleeps run on a `VirtualClock`, so waits cost no wall
time. Each side's wall time is reported as measured processing time (real) plus the simulated
waits it would have slept (fstui: waiting for budget; naive: 3.6 s per page and any 429).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.clock import SESSION_START, VirtualClock
from bench.figures import Figure
from bench.meter import CreditMeter
from bench.naive import NaiveDriver
from bench.rig import in_process, metered_sandbox, open_rig
from fstui.api.ratelimit import Priority

PLAN = "starter"
QUEUE_TICKETS = 3000


@dataclass
class Load:
    rows: int
    processing_s: float
    waited_s: float
    credits: int
    calls: int
    throttled: int

    @property
    def wall_s(self) -> float:
        return self.processing_s + self.waited_s


def _sandbox(tickets: int, clock: VirtualClock) -> CreditMeter:
    meter = metered_sandbox(
        plan=PLAN, tickets=tickets, now=SESSION_START, clock=clock.datetime, meter_clock=clock.now
    )
    db = meter.state.sandbox.db
    for row in db.tickets.values():
        row["status"] = 2
        row["deleted"] = False
        row["spam"] = False
    return meter


async def load_fstui(tickets: int) -> Load:
    clock = VirtualClock()
    meter = _sandbox(tickets, clock)
    with tempfile.TemporaryDirectory(prefix="fstui-bench-") as tmp:
        rig = await open_rig(
            cache_dir=Path(tmp), plan=PLAN, transport=in_process(meter), clock=clock, now=clock.now
        )
        try:
            start = time.perf_counter()
            await rig.store.reference()
            await rig.store.sync(priority=Priority.INTERACTIVE)  # as the first queue load
            rows = len(rig.store.mirror.tickets())
            elapsed = time.perf_counter() - start
        finally:
            await rig.aclose()
    return Load(rows, elapsed, clock.slept, meter.credits, meter.calls, meter.throttled)


async def load_naive(tickets: int) -> Load:
    clock = VirtualClock()
    meter = _sandbox(tickets, clock)
    async with NaiveDriver.client("http://127.0.0.1/api/v2", in_process(meter)) as http:
        driver = NaiveDriver(http, clock.sleep)
        start = time.perf_counter()
        rows = await driver._all_pages("/tickets/filter", "tickets", {"query": '"status:2"'})
        elapsed = time.perf_counter() - start
    return Load(len(rows), elapsed, clock.slept, meter.credits, meter.calls, meter.throttled)


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    tickets = 300 if quick else QUEUE_TICKETS
    ours = asyncio.run(load_fstui(tickets))
    naive = asyncio.run(load_naive(tickets))
    section = "4. Bulk load"
    note = f"{ours.rows} vs {naive.rows} rows; processing + simulated waits"
    figures = [
        Figure(
            section,
            f"cold load, {tickets} tickets",
            round(ours.wall_s, 2),
            round(naive.wall_s, 2),
            "s",
            "naive",
            note=note,
        ),
        Figure(
            section,
            "  of which waiting",
            round(ours.waited_s, 2),
            round(naive.waited_s, 2),
            "s",
            "naive",
        ),
        Figure(section, "  credits", ours.credits, naive.credits, "credits", "naive"),
        Figure(
            section,
            "  429 responses",
            ours.throttled,
            naive.throttled,
            "",
            "naive",
            "0",
            ours.throttled == 0,
        ),
    ]
    return figures, {"fstui": ours.__dict__, "naive": naive.__dict__}


if __name__ == "__main__":
    from bench.figures import format_table

    found, info = run()
    print(format_table(found))
    print(info)
