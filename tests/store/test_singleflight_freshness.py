"""Shared in-flight calls, and when cached data counts as fresh."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import weakref

import pytest

from fstui.store.freshness import FreshnessPolicy, Kind, ticket_detail_is_fresh
from fstui.store.singleflight import SingleFlight


async def test_identical_concurrent_calls_run_once() -> None:
    flight = SingleFlight()
    runs = 0

    async def slow() -> int:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.02)
        return 42

    results = await asyncio.gather(*(flight.run("k", slow) for _ in range(5)))
    assert results == [42] * 5 and runs == 1 and flight.joined == 4
    assert await flight.run("k", slow) == 42 and runs == 2  # finished calls are not reused


class Screen:
    """Stands for what a caller's context holds (the UI's worker, and through it its screen)."""


ASKER: contextvars.ContextVar[Screen] = contextvars.ContextVar("asker")


@pytest.mark.parametrize("own_context", [True, False])
async def test_a_call_that_outlives_its_caller_keeps_nothing_the_caller_held(
    own_context: bool,
) -> None:
    """With the app's context set, the waiting call no longer holds the cancelled caller's
    context; without it (the default copy) it does, which is what kept closed screens alive."""
    flight = SingleFlight()
    if own_context:
        flight.context = contextvars.Context()
    release = asyncio.Event()
    held: list[weakref.ref[Screen]] = []

    async def waits_for_budget() -> str:
        await release.wait()
        return "answer"

    async def caller() -> str:
        screen = Screen()
        held.append(weakref.ref(screen))
        ASKER.set(screen)
        del screen
        return await flight.run("k", waits_for_budget)

    asking = asyncio.get_running_loop().create_task(caller(), context=contextvars.Context())
    await asyncio.sleep(0.01)
    asking.cancel()
    await asyncio.sleep(0.01)
    del asking
    gc.collect()
    assert flight.in_flight("k")
    assert (held[0]() is None) is own_context
    release.set()
    assert await flight.run("k", waits_for_budget) == "answer"


async def test_one_waiter_cancelled_does_not_cancel_the_others() -> None:
    flight = SingleFlight()

    async def slow() -> str:
        await asyncio.sleep(0.05)
        return "done"

    first = asyncio.ensure_future(flight.run("k", slow))
    second = asyncio.ensure_future(flight.run("k", slow))
    await asyncio.sleep(0.01)
    first.cancel()
    assert await second == "done"


async def test_failures_reach_every_waiter() -> None:
    flight = SingleFlight()

    async def boom() -> None:
        await asyncio.sleep(0.01)
        raise RuntimeError("offline")

    results = await asyncio.gather(
        flight.run("k", boom), flight.run("k", boom), return_exceptions=True
    )
    assert all(isinstance(r, RuntimeError) for r in results)


def test_ttls_by_kind() -> None:
    policy = FreshnessPolicy(queue_ttl=60)
    assert policy.is_fresh(Kind.REFERENCE, 0, 5 * 3600)
    assert not policy.is_fresh(Kind.REFERENCE, 0, 6 * 3600 + 1)
    assert policy.is_fresh(Kind.QUEUE, 0, 59) and not policy.is_fresh(Kind.QUEUE, 0, 61)
    snap = policy.wrap(Kind.QUEUE, [1], 100, 190, "cache")
    assert snap.stale and snap.age_seconds == 90 and snap.source == "cache"


@pytest.mark.parametrize(
    ("detail", "mirror", "fresh"),
    [
        ("2030-01-01T10:00:00Z", "2030-01-01T10:00:00Z", True),
        ("2030-01-01T10:00:00Z", "2030-01-01T10:05:00Z", False),
        ("2030-01-01T10:05:00Z", "2030-01-01T10:00:00Z", True),  # detail fetched after sync
        ("--", "--", True),
        ("--", "2030-01-01T10:00:00Z", False),
        (None, "2030-01-01T10:00:00Z", False),
    ],
)
def test_ticket_detail_fresh_while_updated_at_unchanged(
    detail: str | None, mirror: str, fresh: bool
) -> None:
    assert ticket_detail_is_fresh(detail, mirror) is fresh
