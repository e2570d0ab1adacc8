"""API economy: the triage script at the Starter plan, fstui vs the naive client vs the floor.

Both clients play the same script against their own fresh in-process sandbox. The sandbox, the
store and the rate limiter share one `VirtualClock`, so ten minutes of session (and every wait
for budget) pass in seconds of wall time. Credits are counted at the sandbox (its
X-Ratelimit-Used-CurrentRequest on every answer), so both clients are measured alike.

The lower bound fetches each distinct resource once and sends each write once:
me, agents, groups, form fields, one page of requester names; My open with each ticket's
first-response state (GET /tickets?filter=new_and_my_open&include=stats, 3 credits per 100; the
Due column needs that state and only include=stats carries it); each of the 30 tickets once with
its conversations embedded (2 credits); 30 writes; one delta call with stats per refresh (3); the
asset types, one page per asset type and each asset once.
"""

from __future__ import annotations

import asyncio
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.clock import SESSION_START, VirtualClock
from bench.figures import Figure
from bench.fstui_driver import FstuiDriver
from bench.meter import CreditMeter
from bench.naive import NaiveDriver
from bench.rig import in_process, metered_sandbox, open_rig
from bench.triage import ASSET_TYPES, ASSETS, MINUTES, TICKETS, Progress, run_triage

PLAN = "starter"
SANDBOX_TICKETS = 3000
"""A mid-sized account: ~400 open tickets, ~50 of them in My open."""


@dataclass
class Outcome:
    credits: int
    calls: int
    throttled: int
    session_minutes: float
    progress: Progress
    by_endpoint: dict[str, int]
    my_open: int = 0


def _advance(clock: VirtualClock):  # type: ignore[no-untyped-def]
    async def advance(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return advance


async def run_fstui(tickets: int = SANDBOX_TICKETS) -> Outcome:
    clock = VirtualClock()
    meter = metered_sandbox(
        plan=PLAN, tickets=tickets, now=SESSION_START, clock=clock.datetime, meter_clock=clock.now
    )
    with tempfile.TemporaryDirectory(prefix="fstui-bench-") as tmp:
        rig = await open_rig(
            cache_dir=Path(tmp), plan=PLAN, transport=in_process(meter), clock=clock, now=clock.now
        )
        try:
            driver = FstuiDriver(rig)
            start = clock.now()
            progress = await run_triage(driver, _advance(clock))
            elapsed = clock.now() - start
        finally:
            await rig.aclose()
    return _outcome(meter, 0, elapsed, progress)


async def run_naive(tickets: int = SANDBOX_TICKETS) -> Outcome:
    clock = VirtualClock()
    meter = metered_sandbox(
        plan=PLAN, tickets=tickets, now=SESSION_START, clock=clock.datetime, meter_clock=clock.now
    )
    async with NaiveDriver.client("http://127.0.0.1/api/v2", in_process(meter)) as http:
        driver = NaiveDriver(http, clock.sleep)
        start = clock.now()
        progress = await run_triage(driver, _advance(clock))
        elapsed = clock.now() - start
    outcome = _outcome(meter, 0, elapsed, progress)
    outcome.my_open = len(driver.statuses)
    return outcome


def _outcome(meter: CreditMeter, my_open: int, elapsed: float, progress: Progress) -> Outcome:
    return Outcome(
        credits=meter.credits,
        calls=meter.calls,
        throttled=meter.throttled,
        session_minutes=elapsed / 60,
        progress=progress,
        by_endpoint=dict(meter.by_endpoint().most_common()),
        my_open=my_open,
    )


def lower_bound(my_open: int) -> int:
    reference = 5  # me, agents, groups, ticket form fields, one page of requesters
    queue = 3 * max(1, math.ceil(my_open / 100))  # new_and_my_open with include=stats
    tickets = TICKETS * 2  # GET /tickets/{id}?include=conversations
    writes = TICKETS  # 10 replies + 10 time entries + 10 status changes
    refreshes = MINUTES * 3  # one updated_since call each, with stats
    assets = 1 + ASSET_TYPES + ASSETS
    return reference + queue + tickets + writes + refreshes + assets


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    tickets = SANDBOX_TICKETS
    ours = asyncio.run(run_fstui(tickets))
    naive = asyncio.run(run_naive(tickets))
    floor = lower_bound(naive.my_open)
    section = "3. API economy"
    figures = [
        Figure(
            section,
            "credits vs lower bound",
            ours.credits,
            floor,
            "credits",
            "lower bound",
            "<= 1.25x",
            ours.credits <= 1.25 * floor,
        ),
        Figure(
            section,
            "credits vs naive",
            ours.credits,
            naive.credits,
            "credits",
            "naive",
            "<= 0.20x (5x fewer)",
            ours.credits * 5 <= naive.credits,
        ),
        Figure(
            section,
            "429 responses",
            ours.throttled,
            naive.throttled,
            "",
            "naive",
            "0",
            ours.throttled == 0,
        ),
        Figure(
            section,
            "calls (requests)",
            ours.calls,
            naive.calls,
            "",
            "naive",
            note="",
        ),
        Figure(
            section,
            "simulated session length",
            round(ours.session_minutes, 2),
            round(naive.session_minutes, 2),
            "min",
            "naive",
            note="virtual clock; longer = time spent waiting out budget",
        ),
    ]
    details = {
        "sandbox_tickets": tickets,
        "my_open": naive.my_open,
        "lower_bound": floor,
        "fstui_by_endpoint": ours.by_endpoint,
        "naive_by_endpoint": naive.by_endpoint,
        "fstui_steps": ours.progress.by_kind,
    }
    return figures, details


if __name__ == "__main__":
    from bench.figures import format_table

    found, info = run()
    print(format_table(found))
    print(info)
