"""The limiter says who is waiting for which budget, and which budget is tightest.

Why: when a sub-limit runs out (Starter's ticket lists: 40 credits a minute, reference §rate
limits) the agent must be told "waiting for API budget: ticket lists 40/min, ~12 s" rather than
look at a blank screen; and the status bar must show the bucket that will hold the next call,
not the account total that still has room.
"""

from __future__ import annotations

import asyncio

from fstui.api import BudgetWait, ManualClock, Operation, Priority, RateLimiter


async def test_a_request_held_by_a_sub_limit_is_announced_and_cleared() -> None:
    clock = ManualClock()
    limiter = RateLimiter("starter", clock=clock, safety_margin=0.0)
    heard: list[BudgetWait | None] = []
    limiter.wait_listeners.append(heard.append)
    for _ in range(40):  # Starter: ticket lists 40 credits a minute, the account 100
        await limiter.acquire(Operation.LIST_TICKETS, 1, Priority.INTERACTIVE)
    assert heard == []  # nobody waited yet
    stats = limiter.stats()
    assert stats.tightest == ("list_tickets", 0, 40)
    assert stats.remaining == 60  # the account still has room: not what holds the next call

    waiting = asyncio.create_task(limiter.acquire(Operation.LIST_TICKETS, 1, Priority.INTERACTIVE))
    await asyncio.sleep(0)
    wait = limiter.current_wait()
    assert wait is not None and wait.bucket == "list_tickets" and wait.limit == 40
    assert wait.until > clock.now()
    await waiting
    assert limiter.current_wait() is None
    assert heard[0] is not None and heard[0].bucket == "list_tickets"
    assert heard[-1] is None  # cleared once the request got its credits


async def test_a_429_pause_is_named_as_such() -> None:
    clock = ManualClock()
    limiter = RateLimiter("pro", clock=clock)
    reservation = await limiter.acquire(Operation.VIEW_TICKET, 1, Priority.INTERACTIVE)
    limiter.observe(reservation, 429, {"retry-after": "30"})
    task = asyncio.create_task(limiter.acquire(Operation.VIEW_TICKET, 1, Priority.INTERACTIVE))
    await asyncio.sleep(0)
    wait = limiter.current_wait()
    assert wait is not None and wait.bucket == "paused"
    await task
    assert limiter.current_wait() is None


async def test_the_interactive_wait_is_the_one_shown() -> None:
    clock = ManualClock()
    limiter = RateLimiter("starter", clock=clock, safety_margin=0.0)
    for _ in range(40):
        await limiter.acquire(Operation.LIST_TICKETS, 1, Priority.INTERACTIVE)
    background = asyncio.create_task(
        limiter.acquire(Operation.LIST_TICKETS, 1, Priority.BACKGROUND)
    )
    interactive = asyncio.create_task(
        limiter.acquire(Operation.LIST_TICKETS, 1, Priority.INTERACTIVE)
    )
    await asyncio.sleep(0)
    wait = limiter.current_wait()
    assert wait is not None and wait.priority is Priority.INTERACTIVE
    await asyncio.gather(background, interactive)
