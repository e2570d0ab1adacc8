"""The limiter's edges that mutation testing found untested (issue 17).

A 429 without Retry-After, the safety-margin and priority-share floors for small limits, the
default 60 s window, and `calls_made` really counting (the UI's "never sent" assertions read it,
and a dead counter would satisfy them too). Time is virtual (ManualClock): a test sees whether
an acquire waited, and for how long, without sleeping.
"""

from __future__ import annotations

import pytest

from fstui.api import ManualClock, Operation, Priority, RateLimiter

START = 1_000_000.0


async def _fits_now(limiter: RateLimiter, clock: ManualClock, priority: Priority) -> int:
    """How many one-credit requests go through before the first one has to wait."""
    count = 0
    while count < 1000:
        await limiter.acquire(Operation.OTHER, 1, priority)
        if clock.slept:
            return count
        count += 1
    raise AssertionError("the limiter never made a request wait")


# ---- 429 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("window", "pause"), [(60.0, 10.0), (4.0, 4.0), (10.0, 10.0)])
async def test_429_without_retry_after_pauses_ten_seconds_or_one_window(
    window: float, pause: float
) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", window=window, clock=clock)
    reservation = await limiter.acquire()
    limiter.observe(reservation, 429, {})
    assert limiter.stats().paused_until == pytest.approx(START + pause)
    await limiter.acquire()
    assert sum(clock.slept) == pytest.approx(pause, abs=0.05)


@pytest.mark.parametrize("header", ["abc", "-5", "inf", "nan", ""])
async def test_429_with_an_unusable_retry_after_uses_the_default(header: str) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": header})
    assert limiter.stats().paused_until == pytest.approx(START + 10.0)


async def test_429_with_retry_after_uses_it_even_when_longer_than_the_default() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "42"})
    assert limiter.stats().paused_until == pytest.approx(START + 42.0)


async def test_retry_after_on_a_success_does_not_pause() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    limiter.observe(await limiter.acquire(), 200, {"retry-after": "30"})
    assert limiter.stats().paused_until is None
    await limiter.acquire()
    assert clock.slept == []


async def test_a_shorter_429_never_shortens_a_longer_pause() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    first, second = await limiter.acquire(), await limiter.acquire()  # both in flight
    limiter.observe(first, 429, {"retry-after": "30"})
    limiter.observe(second, 429, {"retry-after": "5"})
    assert limiter.stats().paused_until == pytest.approx(START + 30.0)


# ---- floors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "usable"),
    [(1, 1), (2, 2), (3, 2), (10, 9), (19, 18), (20, 19), (21, 20), (30, 28), (100, 95)],
)
async def test_safety_margin_is_five_percent_at_least_one_but_never_below_small_limits(
    limit: int, usable: int
) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": limit}, clock=clock)
    assert await _fits_now(limiter, clock, Priority.INTERACTIVE) == usable


async def test_no_safety_margin_uses_the_whole_limit() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 10}, clock=clock, safety_margin=0.0)
    assert await _fits_now(limiter, clock, Priority.INTERACTIVE) == 10


@pytest.mark.parametrize(
    ("limit", "priority", "allowed"),
    [
        (1, Priority.BACKGROUND, 1),  # 0.6 of 1 floors to 0: still one, or it would never run
        (1, Priority.PREFETCH, 1),
        (3, Priority.BACKGROUND, 1),  # usable 2 x 0.6 = 1.2
        (10, Priority.BACKGROUND, 5),  # usable 9 x 0.6 = 5.4
        (10, Priority.PREFETCH, 7),  # usable 9 x 0.8 = 7.2
        (10, Priority.INTERACTIVE, 9),
        (100, Priority.BACKGROUND, 57),  # usable 95 x 0.6 = 57
    ],
)
async def test_priority_shares_floor_to_whole_requests_and_at_least_one(
    limit: int, priority: Priority, allowed: int
) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": limit}, clock=clock)
    assert await _fits_now(limiter, clock, priority) == allowed


async def test_custom_shares_replace_the_defaults() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 21}, clock=clock, shares={Priority.BACKGROUND: 0.5})
    assert await _fits_now(limiter, clock, Priority.BACKGROUND) == 10  # usable 20 x 0.5


# ---- window -----------------------------------------------------------------------------------


async def test_default_window_is_sixty_seconds() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 2}, clock=clock)
    assert limiter.window == 60.0 and limiter.stats().window == 60.0
    await limiter.acquire()
    await limiter.acquire()
    await limiter.acquire()  # the third waits for the first to leave the window
    assert sum(clock.slept) == pytest.approx(60.0, abs=0.05)


async def test_entries_leave_the_window_exactly_after_it() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 2}, clock=clock, window=30.0)
    await limiter.acquire()
    clock.advance(10.0)
    await limiter.acquire()
    assert limiter.stats().used_in_window == 2
    clock.advance(20.0)  # the first is now exactly 30 s old: gone
    assert limiter.stats().used_in_window == 1
    assert limiter.stats().remaining == 1


# ---- counters ---------------------------------------------------------------------------------


async def test_calls_made_and_credits_spent_go_up_with_every_request() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    assert (limiter.stats().calls_made, limiter.stats().credits_spent) == (0, 0)
    await limiter.acquire(credits=1)
    assert (limiter.stats().calls_made, limiter.stats().credits_spent) == (1, 1)
    await limiter.acquire(credits=3)
    assert (limiter.stats().calls_made, limiter.stats().credits_spent) == (2, 4)
    reservation = await limiter.acquire_request("GET", "/tickets/1", include="stats")
    assert limiter.stats().calls_made == 3
    assert limiter.stats().credits_spent == 4 + reservation.credits


async def test_a_request_that_waited_counts_once() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 1}, clock=clock)
    await limiter.acquire()
    await limiter.acquire()  # waits a window, then goes
    assert clock.slept
    assert limiter.stats().calls_made == 2


async def test_server_reported_cost_corrects_credits_spent_not_calls() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    reservation = await limiter.acquire(credits=1)
    limiter.observe(reservation, 200, {"x-ratelimit-used-currentrequest": "3"})
    stats = limiter.stats()
    assert (stats.calls_made, stats.credits_spent) == (1, 3)
