"""A write whose connection never opened is not "in doubt" (issue #19's outbox note).

Before: a reply that met a refused connection (the sandbox down, a VPN dropping) was marked in
doubt like one whose answer was lost, so when the network came back the outbox first scanned the
conversation for it and then waited out its 30-second `resend_grace` before sending: the agent's
reply sat half a minute longer for nothing. A connection that never opened sent nothing; the next
pass sends at once. A lost answer (502 after sending) still waits and looks first.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from fstui.api import FreshserviceClient, NotSent, ServerError
from fstui.api.retry import RetryPolicy
from fstui.store.cache import JsonCache
from fstui.store.outbox import Outbox, Outcome, Write

from .harness import FakeWriteClient, Fault

GRACE = 30.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[JsonCache]:
    c = JsonCache(tmp_path / "cache")
    yield c
    c.close()


def _box(cache: JsonCache, client: FakeWriteClient, clock: Clock) -> Outbox:
    return Outbox(cache, client, resend_grace=GRACE, clock=clock)  # type: ignore[arg-type]


async def test_a_reply_refused_at_connect_goes_at_once_when_back(cache: JsonCache) -> None:
    client, clock = FakeWriteClient(), Clock()
    client.ticket(1)
    box = _box(cache, client, clock)
    client.faults.append(Fault(NotSent("Could not connect")))
    first = await box.submit(Write("reply", 1, {"body": "<p>On it</p>"}))
    assert first.outcome is Outcome.QUEUED
    clock.now += 2  # well inside the grace
    (again,) = await box.flush()
    assert again.outcome is Outcome.SENT
    assert client.calls == ["reply", "reply"]  # no scan for a reply that never left
    assert len(client.bodies(1)) == 1


async def test_a_reply_whose_answer_was_lost_still_waits_and_looks(cache: JsonCache) -> None:
    client, clock = FakeWriteClient(), Clock()
    client.ticket(1)
    box = _box(cache, client, clock)
    client.faults.append(Fault(ServerError("502", status=502)))
    await box.submit(Write("reply", 1, {"body": "<p>On it</p>"}))
    clock.now += 2
    (held,) = await box.flush()
    assert held.outcome is Outcome.QUEUED
    assert client.calls.count("reply") == 1  # not resent inside the grace
    clock.now += GRACE
    (sent,) = await box.flush()
    assert sent.outcome is Outcome.SENT
    assert "list_conversations" in client.calls  # looked for it before sending again


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_refused_connection_is_reported_as_not_sent_for_a_write() -> None:
    """Over a real socket: nothing listens on the port, the POST fails before any byte left."""
    client = FreshserviceClient(
        f"http://127.0.0.1:{_closed_port()}",
        "key-never-shown",
        retry=RetryPolicy(base_delay=0.0, max_delay=0.0, jitter=0.0),
        plan="unlimited",
    )
    try:
        with pytest.raises(NotSent) as caught:
            await client.reply(1, "<p>hello</p>")
    finally:
        await client.aclose()
    assert "key-never-shown" not in str(caught.value)
