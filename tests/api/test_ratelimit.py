"""The limiter: plan table, credits, sliding window, priorities, learning from headers, 429s."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import httpx
import pytest

from fstui.api import DiskBudgetStore, ManualClock, Operation, Priority, RateLimiter, classify
from fstui.api.ratelimit import credits_for, plan_limits

from .harness import json_response, make_client


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("GET", "/api/v2/tickets", Operation.LIST_TICKETS),
        ("GET", "https://a.freshservice.com/api/v2/tickets/filter?query=x", Operation.LIST_TICKETS),
        ("GET", "/tickets/20?include=stats", Operation.VIEW_TICKET),
        ("POST", "/tickets", Operation.CREATE_TICKET),
        ("PUT", "/tickets/20", Operation.UPDATE_TICKET),
        ("GET", "/assets", Operation.LIST_ASSETS),
        ("PUT", "/assets/11", Operation.UPDATE_ASSET),
        ("GET", "/agents", Operation.LIST_AGENTS),
        ("GET", "/requesters", Operation.LIST_REQUESTERS),
        ("GET", "/tickets/20/conversations", Operation.OTHER),
        ("PUT", "/tickets/20/restore", Operation.OTHER),
        ("GET", "/groups", Operation.OTHER),
        ("DELETE", "/tickets/20", Operation.OTHER),
    ],
)
def test_classify(method: str, path: str, operation: Operation) -> None:
    assert classify(method, path) is operation


def test_plan_table_matches_reference() -> None:
    assert plan_limits("enterprise").account == 500
    assert plan_limits("enterprise").operations[Operation.LIST_TICKETS] == 140
    assert plan_limits("starter").operations[Operation.VIEW_TICKET] == 50
    assert plan_limits("growth").account == 200
    assert plan_limits("pro").operations[Operation.UPDATE_ASSET] == 140
    assert plan_limits("unlimited").account is None
    with pytest.raises(ValueError, match="plan"):
        plan_limits("platinum")


@pytest.mark.parametrize(
    ("method", "path", "include", "credits"),
    [
        ("GET", "/tickets/20", None, 1),
        ("GET", "/tickets/20", "requester", 2),
        ("GET", "/tickets/20", "tags,requester", 3),  # 1 + 1 per include (reference l. 891)
        ("GET", "/tickets", "stats,requester", 5),  # 1 + 2 per include (reference l. 1242)
        ("GET", "/tickets", "stats", 3),
        ("GET", "/assets", "type_fields", 3),
        ("GET", "/assets/11", "type_fields", 2),
        ("POST", "/tickets", None, 1),
    ],
)
def test_credits_for_includes(method: str, path: str, include: str | None, credits: int) -> None:
    assert credits_for(method, path, include) == credits


async def test_requests_spread_over_window_when_budget_is_full() -> None:
    clock = ManualClock()
    start = clock.now()
    limiter = RateLimiter("unlimited", limits={"account": 10}, clock=clock, safety_margin=0)
    times = []
    for _ in range(25):
        await limiter.acquire()
        times.append(clock.now() - start)
    # sliding window: never more than 10 in any 60 s span
    for i, t in enumerate(times):
        assert sum(1 for u in times[i:] if u < t + 60) <= 10
    assert times[9] == 0 and times[10] >= 60


async def test_sub_limit_throttles_only_its_operation() -> None:
    clock = ManualClock()
    limiter = RateLimiter(
        "unlimited",
        limits={"account": 100, "list_tickets": 3},
        clock=clock,
        safety_margin=0,
    )
    start = clock.now()
    for _ in range(3):
        await limiter.acquire(Operation.LIST_TICKETS)
    await limiter.acquire(Operation.OTHER)
    assert clock.now() == start  # other calls still flow
    await limiter.acquire(Operation.LIST_TICKETS)
    assert clock.now() >= start + 60


async def test_low_budget_background_waits_interactive_goes() -> None:
    clock = ManualClock()
    limiter = RateLimiter("unlimited", limits={"account": 10}, clock=clock, safety_margin=0)
    start = clock.now()
    for _ in range(6):
        await limiter.acquire(priority=Priority.BACKGROUND)
    assert clock.now() == start  # background may use 60% of the window
    await limiter.acquire(priority=Priority.PREFETCH)
    await limiter.acquire(priority=Priority.PREFETCH)
    assert clock.now() == start  # prefetch may use 80%
    for _ in range(2):
        await limiter.acquire(priority=Priority.INTERACTIVE)
    assert clock.now() == start  # interactive may use all of it
    await limiter.acquire(priority=Priority.BACKGROUND)
    assert clock.now() >= start + 60


async def test_interactive_overtakes_waiting_background() -> None:
    clock = ManualClock()
    limiter = RateLimiter("unlimited", limits={"account": 10}, clock=clock, safety_margin=0)
    for _ in range(7):
        await limiter.acquire(priority=Priority.INTERACTIVE)
    order: list[str] = []

    async def run(name: str, priority: Priority) -> None:
        await limiter.acquire(priority=priority)
        order.append(name)

    await asyncio.gather(
        run("background", Priority.BACKGROUND), run("interactive", Priority.INTERACTIVE)
    )
    assert order == ["interactive", "background"]


def test_learns_limit_from_total_header_for_the_operation_bucket() -> None:
    async def scenario() -> None:
        limiter = RateLimiter("starter", clock=ManualClock())
        r = await limiter.acquire_request("GET", "/tickets")
        limiter.observe(r, 200, {"x-ratelimit-total": "140", "x-ratelimit-remaining": "139"})
        r = await limiter.acquire_request("GET", "/groups")
        limiter.observe(r, 200, {"x-ratelimit-total": "500", "x-ratelimit-remaining": "498"})
        learned = limiter.stats().learned_limits
        assert learned == {"list_tickets": 140, "account": 500}
        assert limiter.stats().limit == 500

    asyncio.run(scenario())


async def test_remaining_lower_than_expected_counts_as_someone_elses_usage() -> None:
    clock = ManualClock()
    limiter = RateLimiter("unlimited", limits={"account": 100}, clock=clock, safety_margin=0)
    r = await limiter.acquire()
    # we think 99 remain; the server says 59: another client used 40
    limiter.observe(r, 200, {"x-ratelimit-total": "100", "x-ratelimit-remaining": "59"})
    assert limiter.stats().used_in_window == 41
    assert limiter.stats().remaining == 59
    # and that slows us down: only 59 more fit in this window
    start = clock.now()
    for _ in range(59):
        await limiter.acquire()
    assert clock.now() == start
    await limiter.acquire()
    assert clock.now() > start


async def test_used_current_request_corrects_the_estimate() -> None:
    limiter = RateLimiter("unlimited", limits={"account": 100}, clock=ManualClock())
    r = await limiter.acquire(credits=1)
    limiter.observe(r, 200, {"x-ratelimit-used-currentrequest": "3"})
    assert limiter.stats().used_in_window == 3
    assert limiter.stats().credits_spent == 3


async def test_429_pauses_every_request_sharing_the_budget() -> None:
    clock = ManualClock()
    store_limiter = RateLimiter("unlimited", limits={"account": 100}, clock=clock)
    other = RateLimiter(
        "unlimited", limits={"account": 100}, clock=clock, store=store_limiter.store
    )
    r = await store_limiter.acquire()
    store_limiter.observe(r, 429, {"retry-after": "17"})
    start = clock.now()
    assert store_limiter.stats().paused_until == pytest.approx(start + 17)
    await other.acquire(priority=Priority.INTERACTIVE)  # a different client, same budget
    assert clock.now() >= start + 17
    assert other.stats().paused_until is None


async def test_client_429_retry_after_holds_concurrent_requests() -> None:
    """Through the client: one 429 with Retry-After makes every other call wait it out too."""
    import time

    log: list[tuple[float, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        status = 429 if not log else 200
        log.append((time.monotonic(), status))
        if status == 429:
            return json_response({"message": "exhausted"}, 429, {"retry-after": "0.3"})
        return json_response({"ticket": {"id": 1}})

    client, _ = make_client(handler, limiter=RateLimiter("unlimited"))
    async with client:
        results = await asyncio.gather(*(client.get_ticket(1) for _ in range(4)))
    assert all(t.id == 1 for t in results)
    assert log[0][1] == 429
    limited_at = log[0][0]
    later = [t for t, status in log if status == 200 and t > limited_at]
    assert len(later) >= 1
    assert all(t - limited_at >= 0.29 for t in later)
    assert sum(1 for _, status in log if status == 200) == 4


async def test_client_charges_include_credits() -> None:
    limiter = RateLimiter("unlimited", limits={"account": 100}, clock=ManualClock())
    client, _ = make_client(
        lambda r: json_response({"ticket": {"id": 1}, "tickets": []}), limiter=limiter
    )
    async with client:
        await client.get_ticket(1, include=["conversations", "requester"])
        await client.list_tickets(include=["stats"]).first_page()
    assert limiter.stats().credits_spent == 3 + 3  # each embed: 1 more on a show, 2 on a list


async def test_client_learns_slowdown_from_headers() -> None:
    clock = ManualClock()
    limiter = RateLimiter("enterprise", clock=clock)
    headers = {
        "x-ratelimit-total": "5",
        "x-ratelimit-remaining": "4",
        "x-ratelimit-used-currentrequest": "1",
    }
    client, recorder = make_client(
        lambda r: json_response({"tickets": []}, headers=headers), limiter=limiter
    )
    start = clock.now()
    async with client:
        for _ in range(5):
            await client.list_tickets().first_page()
    assert limiter.stats().learned_limits["list_tickets"] == 5
    assert clock.now() >= start + 60  # 140/min in the table, but the server said 5
    assert len(recorder.requests) == 5


def test_stats_shape() -> None:
    limiter = RateLimiter("pro", clock=ManualClock())
    stats = limiter.stats()
    assert (stats.limit, stats.remaining, stats.used_in_window) == (400, 400, 0)
    assert stats.calls_made == 0 and stats.paused_until is None and stats.learned_limits == {}


async def test_disk_store_is_private_json_and_shared(tmp_path: os.PathLike[str]) -> None:
    directory = os.path.join(tmp_path, "budget")
    clock = ManualClock()
    a = RateLimiter(
        "unlimited", limits={"account": 10}, clock=clock, store=DiskBudgetStore(directory)
    )
    b = RateLimiter(
        "unlimited", limits={"account": 10}, clock=clock, store=DiskBudgetStore(directory)
    )
    for _ in range(4):
        await a.acquire()
    assert b.stats().used_in_window == 4
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    for name in os.listdir(directory):
        assert stat.S_IMODE(os.stat(os.path.join(directory, name)).st_mode) & 0o077 == 0
    import sqlite3

    with sqlite3.connect(os.path.join(directory, "cache.db")) as db:
        rows = db.execute("select value from Cache").fetchall()
    assert rows and all(isinstance(v, str) and v.startswith("{") for (v,) in rows)


def test_disk_budget_never_unpickles_a_planted_value(tmp_path: Path) -> None:
    import diskcache

    from fstui.api.ratelimit import DiskBudgetStore

    marker = tmp_path / "pwned"
    planted = diskcache.Cache(str(tmp_path / "budget"))
    planted.set("fstui.ratelimit.budget.v1", _Boom(str(marker)))
    planted.close()
    store = DiskBudgetStore(tmp_path / "budget")
    seen = store.transact(lambda state: dict(state))
    store.close()
    assert seen == {} and not marker.exists()


class _Boom:
    """Unpickling this would create a file: proof that code ran."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))
