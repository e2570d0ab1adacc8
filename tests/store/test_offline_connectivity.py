"""Online/offline: learned from real request outcomes, announced to listeners, probed back."""

from __future__ import annotations

import asyncio

import pytest

from fstui.api.errors import NetworkError, NotSent, RateLimited, RequestTimeout, ServerError
from fstui.store.connectivity import PROBE_MAX_DELAY, Backoff, Connectivity, ConnectivityState


def test_goes_offline_only_after_n_consecutive_network_failures() -> None:
    seen: list[ConnectivityState] = []
    conn = Connectivity(failure_threshold=3)
    conn.add_listener(seen.append)
    conn.record_failure(NetworkError("refused"))
    conn.record_failure(RequestTimeout("slow"))
    assert conn.is_online and seen == []
    conn.record_success()  # a success in between resets the count
    conn.record_failure(NetworkError("refused"))
    conn.record_failure(NetworkError("refused"))
    assert conn.is_online
    conn.record_failure(NetworkError("refused"))
    assert conn.state is ConnectivityState.OFFLINE
    assert seen == [ConnectivityState.OFFLINE]
    conn.record_failure(NetworkError("refused"))
    assert seen == [ConnectivityState.OFFLINE]  # announced once, not per failure
    conn.record_success()
    assert seen == [ConnectivityState.OFFLINE, ConnectivityState.ONLINE]


def test_server_answers_prove_the_network_works() -> None:
    conn = Connectivity(failure_threshold=1)
    conn.record_failure(ServerError("500", status=500))
    conn.record_failure(RateLimited("429"))
    assert conn.is_online
    conn.record_failure(NetworkError("refused"))
    assert not conn.is_online
    conn.record_failure(ServerError("503", status=503))
    assert conn.is_online


def test_listener_can_unsubscribe_and_a_broken_listener_does_not_break_others() -> None:
    seen: list[ConnectivityState] = []
    conn = Connectivity(failure_threshold=1)

    def broken(state: ConnectivityState) -> None:
        raise RuntimeError("widget gone")

    conn.add_listener(broken)
    remove = conn.add_listener(seen.append)
    conn.mark_offline()
    remove()
    conn.record_success()
    assert seen == [ConnectivityState.OFFLINE]


async def test_track_records_and_reraises() -> None:
    conn = Connectivity(failure_threshold=1)

    async def fails() -> None:
        raise NetworkError("refused")

    async def works() -> int:
        return 7

    with pytest.raises(NetworkError):
        await conn.track(fails())
    assert not conn.is_online
    assert await conn.track(works()) == 7
    assert conn.is_online


async def test_prober_backs_off_until_server_is_back_then_runs_restore() -> None:
    attempts = 0
    restored = asyncio.Event()

    async def probe() -> None:
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise NetworkError("still down")

    async def on_restore() -> None:
        restored.set()

    conn = Connectivity(
        failure_threshold=2, probe=probe, backoff=Backoff(initial=0.01, maximum=0.02, jitter=0)
    )
    conn.on_restore(on_restore)
    conn.record_failure(NetworkError("a"))
    conn.record_failure(NetworkError("b"))
    assert not conn.is_online
    await asyncio.wait_for(restored.wait(), 2)
    assert conn.is_online and attempts == 3
    await asyncio.wait_for(conn.wait_online(), 1)
    await conn.aclose()


async def test_probe_answered_with_an_error_still_means_online() -> None:
    async def probe() -> None:
        raise ServerError("500", status=500)

    conn = Connectivity(failure_threshold=1, probe=probe, backoff=Backoff(initial=0.01))
    conn.mark_offline()
    await asyncio.wait_for(conn.wait_online(), 2)
    await conn.aclose()


async def test_the_way_back_is_noticed_within_15_s_however_long_the_outage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An hour offline (probes refused: they cost no credit), then the network returns: the
    next probe comes within PROBE_MAX_DELAY, not a minute later."""
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded_sleep(delay: float) -> None:
        waits.append(delay)
        await real_sleep(0)

    async def probe() -> None:
        if sum(waits) < 3600:
            raise NotSent("refused", method="GET", path="/ticket_form_fields")

    monkeypatch.setattr("fstui.store.connectivity.asyncio.sleep", recorded_sleep)
    conn = Connectivity(failure_threshold=1, probe=probe)
    conn.mark_offline()
    await asyncio.wait_for(conn.wait_online(), 5)
    assert max(waits) <= PROBE_MAX_DELAY * 1.1  # the cap, with its 10 % jitter
    assert max(waits) >= PROBE_MAX_DELAY * 0.9  # and the probes do back off to it
    assert len(waits) < 3600 / 10  # not a probe a second for an hour
    await conn.aclose()


def test_backoff_grows_to_a_cap_and_resets() -> None:
    backoff = Backoff(initial=1, factor=2, maximum=5, jitter=0)
    assert [backoff.next_delay() for _ in range(5)] == [1, 2, 4, 5, 5]
    backoff.reset()
    assert backoff.next_delay() == 1
    jittered = Backoff(initial=10, jitter=0.1)
    assert 9 <= jittered.next_delay() <= 11
    with pytest.raises(ValueError):
        Backoff(initial=0)


def test_backoff_stays_at_its_cap_through_a_day_offline() -> None:
    backoff = Backoff(initial=1, factor=3, maximum=60, jitter=0)
    delays = [backoff.next_delay() for _ in range(2000)]  # 3**1999 does not fit in a float
    assert delays[-1] == 60
