"""The limiter's promises where mutation testing found them unpinned (issue 17, second pass).

Each test names the behaviour an agent or a second console would notice: how long a request
waits (virtual time, `ManualClock`), which budget the status bar names, what reaches the store
two consoles share. The shared store is a small fake of the async (Redis) shape: a shared state,
a snapshot `peek` reads, and a count of round trips.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from fstui.api import ManualClock, MemoryBudgetStore, Operation, RateLimiter

T = TypeVar("T")
START = 1_000_000.0


class SharedStore:
    """The async store's contract in memory: `atransact` is a round trip to the shared state,
    `peek` works on the last state a round trip saw."""

    def __init__(self, clock: ManualClock, share: float = 1.0) -> None:
        self.clock = clock
        self.shared: dict[str, Any] = {}
        self.snapshot: dict[str, Any] = {}
        self.round_trips = 0
        self.share = share

    async def atransact(self, update: Callable[[dict[str, Any], float], T]) -> T:
        self.round_trips += 1
        result = update(self.shared, self.clock.now())
        self.snapshot = copy.deepcopy(self.shared)
        return result

    def peek(self, update: Callable[[dict[str, Any], float], T]) -> T:
        return update(self.snapshot, self.clock.now())

    def budget_share(self) -> float:
        return self.share


async def fits_now(limiter: RateLimiter, clock: ManualClock, **kw: Any) -> int:
    """How many requests go through before the first one has to wait."""
    count = 0
    while count < 1000:
        await limiter.acquire(**kw)
        if clock.slept:
            return count
        count += 1
    raise AssertionError("never waited")


# ---- Retry-After ------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "pause"), [("0", 0.0), ("0.5", 0.5)])
async def test_a_retry_after_of_zero_or_under_a_second_is_obeyed_not_replaced(
    header: str, pause: float
) -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": header})
    await limiter.acquire()
    assert sum(clock.slept) == pytest.approx(pause, abs=0.02)  # not the 10 s default


async def test_the_pause_ends_exactly_at_retry_after_and_the_next_request_counts() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 50}, safety_margin=0, clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "5"})
    clock.advance(5)
    assert limiter.stats().paused_until is None  # over at that instant
    await limiter.acquire()
    assert clock.slept == []
    assert limiter.stats().used_in_window == 2  # the request after the pause is in the log


async def test_at_time_zero_nothing_is_paused() -> None:
    clock = ManualClock(0.0)
    limiter = RateLimiter("unlimited", clock=clock)
    assert limiter.stats().paused_until is None
    await limiter.acquire()
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "0"})
    assert limiter.stats().paused_until is None
    await limiter.acquire()
    assert clock.slept == []


# ---- margins and shares -----------------------------------------------------------------------


async def test_five_credits_with_a_five_percent_margin_keep_one_back() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 5}, clock=clock)
    assert await fits_now(limiter, clock) == 4


async def test_a_half_margin_on_three_credits_leaves_one() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 3}, safety_margin=0.5, clock=clock)
    assert await fits_now(limiter, clock) == 1


@pytest.mark.parametrize(("given", "share"), [(3.0, 1.0), (0.25, 0.25), (-1.0, 0.0)])
def test_the_share_is_clamped_to_the_whole_budget(given: float, share: float) -> None:
    assert RateLimiter("pro", share=given).share() == share
    assert RateLimiter("pro", share=lambda: given).share() == share


async def test_a_share_caps_only_our_own_use_not_what_others_used() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(
        "unlimited", limits={"account": 100}, safety_margin=0, share=0.5, clock=clock
    )
    first = await limiter.acquire()
    # The server says 40 more were used by someone else: they count against the account (100)
    # but not against our half of it (50).
    limiter.observe(first, 200, {"x-ratelimit-remaining": "59"})
    assert await fits_now(limiter, clock) == 49  # 50 of ours, the first included


async def test_a_tiny_share_of_a_tiny_budget_still_lets_one_request_through() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 2}, share=0.4, clock=clock)
    assert await fits_now(limiter, clock) == 1


async def test_the_store_share_is_read_when_none_is_given() -> None:
    clock = ManualClock(START)
    store = SharedStore(clock, share=0.5)
    limiter = RateLimiter(
        "unlimited", limits={"account": 10}, safety_margin=0, store=store, clock=clock
    )
    assert limiter.share() == 0.5
    assert await fits_now(limiter, clock) == 5


# ---- waiting for room -------------------------------------------------------------------------


async def test_a_three_credit_request_waits_for_three_credits_to_leave() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 3}, safety_margin=0, clock=clock)
    for _ in range(3):  # one credit each, ten seconds apart
        await limiter.acquire()
        clock.advance(10)
    await limiter.acquire(credits=3)
    # All three must leave: the last went at +20, so it leaves at +80; now is +30.
    assert clock.slept[0] == pytest.approx(50.0, abs=0.02)


async def test_the_oldest_credits_leave_first_whatever_their_size() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 6}, safety_margin=0, clock=clock)
    await limiter.acquire(credits=5)
    clock.advance(10)
    await limiter.acquire(credits=1)
    clock.advance(10)
    await limiter.acquire()
    assert clock.slept[0] == pytest.approx(40.0, abs=0.02)  # the 5 leave at +60; now +20


async def test_a_wait_under_a_second_is_waited() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 1}, safety_margin=0, clock=clock)
    await limiter.acquire()
    clock.advance(59.5)
    await limiter.acquire()
    assert clock.slept[0] == pytest.approx(0.51, abs=0.005)


async def test_a_request_larger_than_the_budget_waits_for_the_whole_window_to_clear() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 4}, safety_margin=0, clock=clock)
    await limiter.acquire()
    clock.advance(10)
    await limiter.acquire()
    clock.advance(10)
    await limiter.acquire(credits=5)  # more than 4 can ever fit: waits until the log is empty
    assert clock.slept[0] == pytest.approx(50.01, abs=0.005)  # the newest leaves at +70


async def test_a_cancelled_wait_is_no_longer_announced() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 1}, safety_margin=0)
    await limiter.acquire()
    waiting = asyncio.create_task(limiter.acquire())
    for _ in range(5):
        await asyncio.sleep(0)
    assert limiter.current_wait() is not None
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert limiter.current_wait() is None
    del clock


async def test_equal_waits_are_announced_as_the_account_budget() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter(
        "unlimited",
        limits={"account": 2, "list_tickets": 2},
        safety_margin=0,
        clock=clock,
    )
    seen: list[Any] = []
    limiter.wait_listeners.append(seen.append)
    for _ in range(3):
        await limiter.acquire(Operation.LIST_TICKETS)
    assert seen and seen[0].bucket == "account"


# ---- what the headers teach -------------------------------------------------------------------


async def test_a_total_of_one_is_learned() -> None:
    limiter = RateLimiter("pro", clock=ManualClock(START))
    limiter.observe(await limiter.acquire(), 200, {"x-ratelimit-total": "1"})
    assert limiter.stats().limit == 1


async def test_an_operation_without_a_sub_limit_teaches_the_account_total() -> None:
    limiter = RateLimiter("unlimited", clock=ManualClock(START))
    reservation = await limiter.acquire(Operation.LIST_TICKETS)
    limiter.observe(reservation, 200, {"x-ratelimit-total": "250"})
    assert limiter.stats().limit == 250


def _legacy_store(now: float) -> MemoryBudgetStore:
    """A state an older fstui (or a hand edit) left: an entry without a reservation id, and
    a broken one."""
    store = MemoryBudgetStore()
    store.transact(lambda state: state.update({"buckets": {"account": [[now, 3], [now]]}}))
    return store


async def test_entries_without_a_reservation_id_still_count_and_broken_ones_are_skipped() -> None:
    clock = ManualClock(START)
    store = _legacy_store(START)
    limiter = RateLimiter(
        "unlimited", limits={"account": 10}, safety_margin=0, store=store, clock=clock
    )
    assert limiter.stats().used_in_window == 3
    reservation = await limiter.acquire()
    limiter.observe(reservation, 200, {"x-ratelimit-used-currentrequest": "2"})  # re-costed
    assert limiter.stats().used_in_window == 5


async def test_entries_without_a_reservation_id_are_our_own_under_a_share() -> None:
    clock = ManualClock(START)
    store = _legacy_store(START)
    limiter = RateLimiter(
        "unlimited",
        limits={"account": 10},
        safety_margin=0,
        share=0.5,
        store=store,
        clock=clock,
    )
    assert await fits_now(limiter, clock) == 2  # 3 of our 5 are already used


# ---- the status bar's tightest budget ---------------------------------------------------------


def _with_usage(account: int, used_account: int, ops: int, used_ops: int) -> RateLimiter:
    store = MemoryBudgetStore()
    entries_account = [[START, used_account, "x"]]
    entries_ops = [[START, used_ops, "x"]]
    store.transact(
        lambda state: state.update(
            {"buckets": {"account": entries_account, "list_tickets": entries_ops}}
        )
    )
    return RateLimiter(
        "unlimited",
        limits={"account": account, "list_tickets": ops},
        store=store,
        clock=ManualClock(START + 1),
    )


@pytest.mark.parametrize(
    ("usage", "tightest"),
    [
        ((100, 0, 10, 0), "account"),  # nothing used: a tie, named as the account
        ((100, 10, 10, 8), "list_tickets"),  # 20% left beats 90% left
        ((100, 95, 10, 0), "account"),  # 5% left beats 100% left
        ((100, 50, 10, 2), "account"),  # 50% left beats 80% left
    ],
)
def test_the_tightest_budget_is_the_one_with_the_smallest_part_left(
    usage: tuple[int, int, int, int], tightest: str
) -> None:
    stats = _with_usage(*usage).stats()
    assert stats.tightest is not None and stats.tightest[0] == tightest


# ---- two consoles: what reaches the shared store ----------------------------------------------


async def test_a_429_reaches_the_shared_store_before_the_next_request() -> None:
    clock = ManualClock(START)
    store = SharedStore(clock)
    limiter = RateLimiter("unlimited", store=store, clock=clock)
    limiter.observe(await limiter.acquire(), 429, {"retry-after": "7"})
    await limiter.acquire()  # flushes what it learned first, so this one waits
    assert sum(clock.slept) == pytest.approx(7.0, abs=0.05)
    assert float(store.shared["paused_until"]) == pytest.approx(START + 7.0)


async def test_flush_waits_until_what_was_learned_is_shared() -> None:
    clock = ManualClock(START)
    store = SharedStore(clock)
    limiter = RateLimiter("pro", store=store, clock=clock)
    reservation = await limiter.acquire()
    limiter.observe(reservation, 200, {"x-ratelimit-total": "321"})
    await asyncio.wait_for(limiter.flush(), timeout=5)
    assert store.shared["learned"]["account"] == 321
    limiter.observe(reservation, 200, {"x-ratelimit-remaining": "10"})
    await asyncio.wait_for(limiter.flush(), timeout=5)
    assert any(len(e) > 2 and e[2] == "ext" for e in store.shared["buckets"]["account"])


async def test_headers_that_teach_nothing_cost_no_round_trip() -> None:
    clock = ManualClock(START)
    store = SharedStore(clock)
    limiter = RateLimiter("unlimited", limits={"account": 100}, store=store, clock=clock)
    reservation = await limiter.acquire()
    trips = store.round_trips
    # Exactly what we counted: 100 - 1 used = 99 left.
    limiter.observe(reservation, 200, {"x-ratelimit-remaining": "99"})
    await asyncio.wait_for(limiter.flush(), timeout=5)
    assert store.round_trips == trips
    assert limiter.stats().used_in_window == 1


async def test_an_oversized_request_waits_only_as_long_as_the_newest_entry_has_left() -> None:
    clock = ManualClock(START)
    limiter = RateLimiter("unlimited", limits={"account": 4}, safety_margin=0, clock=clock)
    await limiter.acquire()
    clock.advance(59.5)
    await limiter.acquire(credits=5)  # never fits beside anything: waits out the last half second
    assert clock.slept[0] == pytest.approx(0.51, abs=0.005)
