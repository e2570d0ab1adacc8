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


# ---- what the headers teach --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "learned"), [("40", 40), ("40.9", 40), (" 50 ", 50), ("0", None), ("-3", None)]
)
async def test_total_header_is_learned_when_a_positive_number(
    header: str, learned: int | None
) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("pro", clock=clock)
    limiter.observe(await limiter.acquire(), 200, {"x-ratelimit-total": header})
    stats = limiter.stats()
    if learned is None:
        assert "account" not in stats.learned_limits
    else:
        assert stats.learned_limits.get("account") == learned
        assert stats.limit == learned


@pytest.mark.parametrize("header", ["abc", "", "1e"])
async def test_unreadable_headers_teach_nothing(header: str) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 100}, clock=clock)
    reservation = await limiter.acquire(credits=2)
    limiter.observe(
        reservation,
        200,
        {
            "x-ratelimit-total": header,
            "x-ratelimit-remaining": header,
            "x-ratelimit-used-currentrequest": header,
        },
    )
    stats = limiter.stats()
    assert (stats.limit, stats.used_in_window, stats.credits_spent) == (100, 2, 2)
    assert stats.learned_limits == {}


async def test_reported_cost_of_zero_is_taken_and_a_negative_one_ignored() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 100}, clock=clock)
    free = await limiter.acquire(credits=1)
    limiter.observe(free, 200, {"x-ratelimit-used-currentrequest": "0"})
    assert (limiter.stats().used_in_window, limiter.stats().credits_spent) == (0, 0)
    odd = await limiter.acquire(credits=1)
    limiter.observe(odd, 200, {"x-ratelimit-used-currentrequest": "-1"})
    assert (limiter.stats().used_in_window, limiter.stats().credits_spent) == (1, 1)


async def test_reported_cost_corrects_only_that_request() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 100}, clock=clock)
    first = await limiter.acquire(credits=1)
    await limiter.acquire(credits=1)
    limiter.observe(first, 200, {"x-ratelimit-used-currentrequest": "5"})
    assert limiter.stats().used_in_window == 6  # 5 + 1, not 5 + 5


@pytest.mark.parametrize(("remaining", "used"), [(90, 10), (97, 3), (99, 3), (100, 3)])
async def test_remaining_below_our_count_is_someone_elses_usage(remaining: int, used: int) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 100}, clock=clock)
    reservation = await limiter.acquire(credits=3)
    limiter.observe(reservation, 200, {"x-ratelimit-remaining": str(remaining)})
    # Ours: 3 of 100, so 97 should be left; fewer means another client spent the difference.
    assert limiter.stats().used_in_window == used
    assert limiter.stats().calls_made == 1  # learned usage is not a call of ours


async def test_learned_external_usage_also_fills_the_operation_bucket() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 1000, "list_tickets": 10}, clock=clock)
    reservation = await limiter.acquire(Operation.LIST_TICKETS, 1)
    assert reservation.buckets == ("account", "list_tickets")
    limiter.observe(reservation, 200, {"x-ratelimit-remaining": "2"})  # 7 spent elsewhere
    assert limiter.stats().used_in_window == 8  # the account saw them too
    await limiter.acquire(Operation.LIST_TICKETS, 1)  # 9 of usable 9: fits
    assert clock.slept == []
    await limiter.acquire(Operation.LIST_TICKETS, 1)  # the tenth waits
    assert clock.slept


async def test_an_operation_without_a_sub_limit_uses_only_the_account() -> None:
    limiter = RateLimiter(limits={"account": 1000}, clock=ManualClock(START))
    other = await limiter.acquire(Operation.OTHER, 1)
    assert other.buckets == ("account",)


# ---- waiting ---------------------------------------------------------------------------------


async def test_wait_is_until_enough_of_the_oldest_credits_leave_the_window() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 4}, clock=clock, safety_margin=0.0)
    await limiter.acquire(credits=1)  # t=0
    clock.advance(10)
    await limiter.acquire(credits=1)  # t=10
    clock.advance(10)
    await limiter.acquire(credits=2)  # t=20: full (4 of 4)
    clock.advance(5)
    await limiter.acquire(credits=2)  # t=25: needs the t=0 and t=10 credits gone: t=70
    assert sum(clock.slept) == pytest.approx(45.0, abs=0.05)


async def test_a_request_larger_than_the_whole_budget_still_goes_once_the_window_is_empty() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 3}, clock=clock, safety_margin=0.0)
    await limiter.acquire(credits=5)  # nothing used: it goes (a budget never blocks forever)
    assert clock.slept == []
    await limiter.acquire(credits=1)
    assert sum(clock.slept) == pytest.approx(60.0, abs=0.05)


async def test_a_long_pause_is_slept_in_steps_no_longer_than_the_window() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock, window=30.0)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "100"})
    await limiter.acquire()
    assert max(clock.slept) <= 30.0
    assert sum(clock.slept) == pytest.approx(100.0, abs=0.1)


async def test_a_pause_expires() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "30"})
    clock.advance(29.9)
    assert limiter.stats().paused_until is not None
    clock.advance(0.2)
    assert limiter.stats().paused_until is None


async def test_stats_remaining_never_goes_below_zero() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(limits={"account": 2}, clock=clock)
    reservation = await limiter.acquire(credits=1)
    limiter.observe(reservation, 200, {"x-ratelimit-used-currentrequest": "9"})
    stats = limiter.stats()
    assert stats.used_in_window == 9 and stats.remaining == 0
