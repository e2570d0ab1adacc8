"""One API budget for every console of an account, in a real Redis (started by conftest).

Each limiter below stands for a console; they share nothing but the Redis server, as consoles on
different hosts would. Waits are observed through a clock whose ``sleep`` records the wait the
limiter asked for and stops the test there, so nothing depends on how fast this machine is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fstui.api.ratelimit import DiskBudgetStore, Operation, RateLimiter
from fstui.api.ratelimit.redis_store import RedisBudgetStore, connect_redis
from fstui.store.team.server import LocalRedisServer

NS = "fstui:acme.freshservice.com"


class Waited(Exception):
    """Raised by StopClock.sleep: the limiter decided to wait this long."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class StopClock:
    """A host clock that is an hour off and never sleeps: ``sleep`` raises ``Waited``."""

    def now(self) -> float:
        import time

        return time.time() - 3600.0

    async def sleep(self, seconds: float) -> None:
        raise Waited(seconds)


def console(
    url: str,
    tmp: Path,
    name: str,
    *,
    account: int = 10,
    share: float = 1.0,
    retry_interval: float = 5.0,
) -> tuple[RateLimiter, RedisBudgetStore]:
    store = RedisBudgetStore(
        connect_redis(url, timeout=0.5),
        namespace=NS,
        share=share,
        fallback=DiskBudgetStore(tmp / f"host-{name}"),
        retry_interval=retry_interval,
        owns_client=True,
    )
    limiter = RateLimiter(
        "unlimited", limits={"account": account}, store=store, clock=StopClock(), safety_margin=0
    )
    return limiter, store


async def test_two_consoles_draw_on_one_budget(redis_url: str, tmp_path: Path) -> None:
    a, store_a = console(redis_url, tmp_path, "a")
    b, store_b = console(redis_url, tmp_path, "b")
    for _ in range(6):
        await a.acquire()
    for _ in range(4):
        await b.acquire()
    # the budget is full for both: ten credits between them, whoever asks next waits
    with pytest.raises(Waited) as waited_a:
        await a.acquire()
    with pytest.raises(Waited):
        await b.acquire()
    assert 0 < waited_a.value.seconds <= 60.0
    assert a.stats().used_in_window == 10
    assert b.stats().used_in_window == 10
    await store_a.aclose()
    await store_b.aclose()


async def test_the_window_runs_on_redis_time_not_the_hosts(redis_url: str, tmp_path: Path) -> None:
    limiter, store = console(redis_url, tmp_path, "a")
    reservation = await limiter.acquire()
    client = connect_redis(redis_url)
    seconds, micros = await client.time()
    await client.aclose()
    server_now = seconds + micros / 1e6
    # the host clock is an hour behind; the reservation carries the server's time
    assert abs(reservation.at - server_now) < 30
    assert abs(reservation.at - limiter.clock.now()) > 3000
    await store.aclose()


async def test_team_share_caps_fstui_and_leaves_the_rest(redis_url: str, tmp_path: Path) -> None:
    a, store_a = console(redis_url, tmp_path, "a", account=20, share=0.5)
    b, store_b = console(redis_url, tmp_path, "b", account=20, share=0.5)
    for limiter in (a, b) * 5:
        await limiter.acquire()
    # ten of twenty credits: all fstui consoles together stop at the share
    with pytest.raises(Waited):
        await a.acquire()
    assert b.stats().used_in_window == 10
    await store_a.aclose()
    await store_b.aclose()


async def test_remaining_stays_the_truth_when_integrations_spend_more(
    redis_url: str, tmp_path: Path
) -> None:
    a, store_a = console(redis_url, tmp_path, "a", account=20, share=0.5)
    b, store_b = console(redis_url, tmp_path, "b", account=20, share=0.5)
    first = await a.acquire()
    # the server says 3 of 20 remain: integrations spent 16 on top of our one
    a.observe(first, 200, {"x-ratelimit-total": "20", "x-ratelimit-remaining": "3"})
    await a.flush()
    for _ in range(3):
        await b.acquire()
    # fstui used 4 of its 10, but the account has nothing left: b waits anyway
    with pytest.raises(Waited):
        await b.acquire()
    await store_a.aclose()
    await store_b.aclose()


async def test_a_429_pauses_every_console(redis_url: str, tmp_path: Path) -> None:
    a, store_a = console(redis_url, tmp_path, "a", account=100)
    b, store_b = console(redis_url, tmp_path, "b", account=100)
    reservation = await a.acquire(Operation.LIST_TICKETS)
    a.observe(reservation, 429, {"retry-after": "30"})
    assert a.stats().paused_until is not None  # at once, from the local snapshot
    await a.flush()
    with pytest.raises(Waited) as waited:
        await b.acquire()
    assert 25 < waited.value.seconds <= 31
    await store_a.aclose()
    await store_b.aclose()


async def test_redis_down_falls_back_to_a_cautious_share_then_rejoins(
    redis_server: LocalRedisServer, tmp_path: Path
) -> None:
    a, store_a = console(redis_server.url, tmp_path, "a", account=40, share=0.5, retry_interval=0)
    b, store_b = console(redis_server.url, tmp_path, "b", account=40, share=0.5, retry_interval=0)
    await a.acquire()
    await b.acquire()
    await a.acquire()
    assert store_a.connected and store_a.consoles_seen == 2
    redis_server.kill()
    # still answers, on the host's own disk budget, with half of the share (two consoles seen)
    await a.acquire()
    assert store_a.connected is False
    assert a.share() == pytest.approx(0.25)
    assert "unreachable" in store_a.status()
    for _ in range(8):  # 1 + 8 = 9 of floor(40 * 0.25) = 10 on this host's own budget
        await a.acquire()
    with pytest.raises(Waited):
        for _ in range(3):
            await a.acquire()
    redis_server.start()
    await b.acquire()
    assert store_b.connected is True
    assert b.share() == pytest.approx(0.5)
    await store_a.aclose()
    await store_b.aclose()


async def test_a_hung_redis_never_blocks_the_event_loop(silent_server: str, tmp_path: Path) -> None:
    limiter, store = console(silent_server, tmp_path, "a")
    ticks = 0
    done = asyncio.Event()

    async def keystrokes() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    typing = asyncio.create_task(keystrokes())
    reservation = await limiter.acquire()  # waits out the short timeout, then the disk budget
    done.set()
    await typing
    assert reservation.credits == 1
    assert store.connected is False
    assert ticks > 3  # the loop kept serving other work while Redis did not answer
    await store.aclose()
