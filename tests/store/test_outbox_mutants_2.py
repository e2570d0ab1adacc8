"""The outbox across restarts, two windows, the background retry and the resend grace (issue 17,
mutation run, second round).

The first round (test_outbox_mutants.py) pinned each kind's "did it arrive?" answer. What the
survivors of the second run showed unpinned is what an agent notices over time rather than in
one send: a held write reopened after a restart still says why it is held (the fields someone
else changed, the field the server refused, how often it was tried); writes come back in the
order they were made even when the wall clock stands still or steps back; the lock a window
holds while sending is private to the user and does not leak file descriptors; the background
retry waits while offline, spaces its retries out and starts from the short delay again after a
success; a reply whose answer was lost is looked for during its 30-second grace and sent again
the moment it is over.

Everything runs on real cache folders in tmp_path; a "restart" is a new Outbox (and JsonCache)
on the same folder.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

import pytest

from fstui.api.errors import FieldError, ServerError, ValidationFailed
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff
from fstui.store.outbox import Outbox, Outcome, Write

from .harness import NOW, Clock, FakeWriteClient, Fault, offline, open_box, settle


@pytest.fixture
def client() -> FakeWriteClient:
    fake = FakeWriteClient()
    fake.ticket(1)
    fake.ticket(2)
    return fake


def reply(body: str, ticket_id: int = 1, token: str | None = None) -> Write:
    if token is None:
        return Write("reply", ticket_id, {"body": body})
    return Write("reply", ticket_id, {"body": body}, idempotency_token=token)


def sent_bodies(client: FakeWriteClient, ticket_id: int = 1) -> list[str]:
    return [b.split("\n")[0] for b in client.bodies(ticket_id)]


# ---- what a held write says about itself survives a restart ------------------------------------


async def test_a_conflict_reopened_after_a_restart_still_names_what_changed(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """The conflict dialog after a restart lists the same fields, with what the agent saw, what
    is there now and what the write wanted, and the ticket's new timestamp."""
    seen = dict(client.tickets[1])
    client.tickets[1].update(priority=4, status=3, updated_at="2024-05-01T10:30:00Z")
    first = open_box(folder, caches, client, resend_grace=0.0)
    write = Write(
        "update_ticket", 1, {"priority": 2}, expected_updated_at=seen["updated_at"], base=seen
    )
    held = await first.submit(write)
    assert held.outcome is Outcome.CONFLICT
    assert {c.name for c in held.changed_fields} == {"priority", "status"}

    again = open_box(folder, caches, client, resend_grace=0.0)
    (queued,) = again.pending()
    assert queued.outcome is Outcome.CONFLICT
    assert queued.changed_fields == held.changed_fields
    by_name = {c.name: c for c in queued.changed_fields}
    assert (by_name["priority"].seen, by_name["priority"].current) == (1, 4)
    assert (by_name["priority"].wanted, by_name["priority"].in_write) == (2, True)
    assert (by_name["status"].wanted, by_name["status"].in_write) == (None, False)
    assert queued.current_updated_at == "2024-05-01T10:30:00Z"
    assert client.tickets[1]["priority"] == 4, "nothing overwritten"


async def test_a_refused_write_reopened_after_a_restart_still_points_at_the_field(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """The server's 400 named the fields; after a restart the same send (the form submitted
    again) still reports them, and the queue still shows the attempt and the error."""
    clock = Clock()
    first = open_box(folder, caches, client, resend_grace=0.0, clock=clock)
    errors = [FieldError("cc_emails", "is not an e-mail"), FieldError(None, "body is too long")]
    client.faults.append(Fault(ValidationFailed("400 bad request", errors=errors)))
    write = reply("<p>long text</p>")
    refused = await first.submit(write)
    assert refused.outcome is Outcome.REJECTED
    assert refused.field_errors == (("cc_emails", "is not an e-mail"), ("", "body is too long"))

    clock.now += 60
    again = open_box(folder, caches, client, resend_grace=0.0, clock=clock)
    (queued,) = again.pending()
    assert (queued.outcome, queued.attempts, queued.in_doubt) == (Outcome.REJECTED, 1, False)
    assert queued.last_attempt_at == NOW and queued.created_at == NOW
    assert queued.last_error == "400 bad request"
    repeated = await again.submit(write)
    assert repeated.outcome is Outcome.REJECTED
    assert repeated.field_errors == refused.field_errors
    assert client.calls == ["reply"], "a refused write is not sent again by itself"


def _minimal_record(token: str, seq: int, **more: Any) -> dict[str, Any]:
    """A queued reply with only the keys a record cannot do without."""
    return {
        "v": 1,
        "seq": seq,
        "created_at": NOW,
        "kind": "reply",
        "ticket_id": 1,
        "payload": {"body": f"<p>{token}</p>"},
        "token": token,
        **more,
    }


async def test_a_record_with_only_the_required_keys_is_a_fresh_queued_write(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """Optional keys left out (an older fstui, a hand-repaired file) mean: pending, never tried,
    not in doubt. Such a reply is sent at once, without scanning the ticket for it first; a
    held one with a change missing `in_write` says the write does not set that field."""
    cache = JsonCache(folder)
    caches.append(cache)
    cache.set("outbox:plain-reply-1", _minimal_record("plain-reply-1", 1))
    changed = [{"name": "status", "seen": 2, "current": 5}]
    held = _minimal_record("held-reply-2", 2, state="conflict", changed_fields=changed)
    cache.set("outbox:held-reply-2", held)

    box = Outbox(cache, client, resend_grace=3600.0)
    plain, conflict = box.pending()
    assert (plain.outcome, plain.attempts, plain.in_doubt) == (Outcome.QUEUED, 0, False)
    assert plain.last_attempt_at is None and plain.last_error is None
    assert conflict.outcome is Outcome.CONFLICT
    (change,) = conflict.changed_fields
    assert (change.name, change.seen, change.current, change.in_write) == ("status", 2, 5, False)

    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT]
    assert client.calls == ["reply"], "not in doubt: no scan, no waiting out the grace"


# ---- the order writes were made, also when the wall clock misbehaves ---------------------------


@pytest.fixture
def frozen_wall_clock(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """time.time_ns reads this value: a clock standing still (a coarse or frozen VM clock), or
    stepping back when the test lowers it (NTP correcting a clock that ran fast)."""
    now = [1_800_000_000_000_000_000]
    monkeypatch.setattr(time, "time_ns", lambda: now[0])
    return now


async def test_writes_keep_their_order_when_the_clock_stands_still_or_steps_back(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient, frozen_wall_clock: list[int]
) -> None:
    """Queued replies come back, and are sent, in the order the agent wrote them: within one
    run with a clock that does not move, and across a restart after the clock stepped back.
    (Tokens run against that order, so sorting by anything but the order written shows.)"""
    network = offline()
    first = open_box(folder, caches, client, connectivity=network, resend_grace=0.0)
    for body, token in [("one", "tok-zzzz-1"), ("two", "tok-yyyy-2"), ("three", "tok-xxxx-3")]:
        assert (await first.submit(reply(body, token=token))).outcome is Outcome.QUEUED

    frozen_wall_clock[0] -= 10**12  # the clock steps back by 1000 s before the next start
    again = open_box(folder, caches, client, connectivity=network, resend_grace=0.0)
    for body, token in [("four", "tok-wwww-4"), ("five", "tok-vvvv-5")]:
        assert (await again.submit(reply(body, token=token))).outcome is Outcome.QUEUED
    written = ["one", "two", "three", "four", "five"]
    assert [q.write.payload["body"] for q in again.pending()] == written

    network.record_success()  # back online: the restore flush runs; do it here to wait for it
    await again.flush()
    assert sent_bodies(client) == written
    await network.aclose()


# ---- the lock a sending window holds -----------------------------------------------------------


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
async def test_the_send_lock_is_private_and_leaks_no_descriptors(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """While one window sends, another finds the lock taken and queues; neither keeps a file
    descriptor per attempt (a long session would run out), and the lock file is the user's
    alone (0600) like the rest of the cache."""
    old_umask = os.umask(0o022)
    try:
        first = open_box(folder, caches, client, resend_grace=0.0)
        second = open_box(folder, caches, client, resend_grace=0.0)
        assert (await first.submit(reply("warm-up"))).outcome is Outcome.SENT
        lock = folder / "outbox.lock"
        assert lock.stat().st_mode & 0o777 == 0o600

        before = _open_fds()
        for n in range(5):
            assert (await first.submit(reply(f"quick {n}"))).outcome is Outcome.SENT
        assert _open_fds() == before, "a descriptor left open per send"

        client.gate = asyncio.Event()
        sending = asyncio.create_task(first.submit(reply("slow one")))
        assert await settle(lambda: len(second.pending()) == 1)
        await asyncio.sleep(0.02)  # the first window is inside its request, holding the lock
        before = _open_fds()
        for _ in range(5):
            [busy] = await second.flush()
            assert busy.outcome is Outcome.QUEUED and "another fstui" in busy.message
        assert _open_fds() == before, "a descriptor left open per busy attempt"
        client.gate.set()
        assert (await sending).outcome is Outcome.SENT
        assert await second.flush() == []
        assert sent_bodies(client).count("slow one") == 1
    finally:
        os.umask(old_umask)


# ---- the resend grace --------------------------------------------------------------------------


async def test_a_lost_reply_is_looked_for_for_30_seconds_then_sent_again(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """By default a reply whose answer was lost is searched for on the ticket for 30 s (it may
    still be landing); at 29 s it is still only looked for, at 30 s it is sent again, once."""
    clock = Clock()
    box = open_box(folder, caches, client, clock=clock)
    client.faults.append(Fault(ServerError("502 bad gateway", status=502)))
    assert (await box.submit(reply("lost answer"))).outcome is Outcome.QUEUED

    clock.now = NOW + 29
    (waiting,) = await box.flush()
    assert waiting.outcome is Outcome.QUEUED and "checking" in waiting.message
    assert client.calls == ["reply", "list_conversations"]

    clock.now = NOW + 30
    (sent,) = await box.flush()
    assert sent.outcome is Outcome.SENT
    assert client.calls == ["reply", "list_conversations", "list_conversations", "reply"]
    assert sent_bodies(client) == ["lost answer"]


@pytest.mark.parametrize("kind", ["reply", "note"])
async def test_with_no_grace_a_lost_reply_goes_again_at_once_even_at_clock_zero(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient, kind: str
) -> None:
    """resend_grace=0 means no waiting at all, also when the attempt was stamped at time 0
    (a clock starting at the epoch): the attempt's time is 0, not "never"."""
    box = open_box(folder, caches, client, resend_grace=0.0, clock=lambda: 0.0)
    client.faults.append(Fault(ServerError("502 bad gateway", status=502)))
    write = Write(kind, 1, {"body": "<p>lost</p>"})  # type: ignore[arg-type]
    assert (await box.submit(write)).outcome is Outcome.QUEUED
    (again,) = await box.flush()
    assert again.outcome is Outcome.SENT
    assert len(client.bodies(1)) == 1


# ---- the background retry ----------------------------------------------------------------------


class RecordingBackoff(Backoff):
    """A Backoff without jitter that remembers every delay it handed out."""

    def __init__(self) -> None:
        super().__init__(initial=0.01, factor=2.0, maximum=1.0, jitter=0.0)
        self.delays: list[float] = []

    def next_delay(self) -> float:
        delay = super().next_delay()
        self.delays.append(delay)
        return delay


async def test_a_restart_sends_what_the_last_run_left_queued_without_being_asked(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """fstui closed with a reply queued; the next start's background retry sends it on its own
    (no new write, no reconnect to trigger it)."""
    first = open_box(folder, caches, client, connectivity=offline(), resend_grace=0.0)
    assert (await first.submit(reply("left behind"))).outcome is Outcome.QUEUED

    again = open_box(folder, caches, client, resend_grace=0.0, backoff=RecordingBackoff())
    again.start()
    try:
        assert await settle(lambda: not again.pending())
    finally:
        await again.aclose()
    assert sent_bodies(client) == ["left behind"]


async def test_the_background_retry_waits_while_offline_and_sends_once_back(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """Offline, the retry loop sends nothing (each try would only fail and count against the
    connection); the moment the network is back the queued reply goes, once."""
    network = offline()
    box = open_box(
        folder, caches, client, connectivity=network, resend_grace=0.0, backoff=RecordingBackoff()
    )
    assert (await box.submit(reply("written offline"))).outcome is Outcome.QUEUED
    box.start()
    try:
        for _ in range(20):
            await asyncio.sleep(0.005)
        assert client.calls == [], "tried while offline"
        network.record_success()
        assert await settle(lambda: not box.pending())
    finally:
        await box.aclose()
        await network.aclose()
    assert sent_bodies(client) == ["written offline"]


async def test_retries_are_spaced_out_and_start_short_again_after_a_success(
    folder: Path, caches: list[JsonCache], client: FakeWriteClient
) -> None:
    """Each failed retry pass waits a backoff delay before the next; a delivery resets it, so
    the next failure (a new reply, later) waits the short first delay, not a long one."""
    backoff = RecordingBackoff()
    box = open_box(folder, caches, client, resend_grace=0.0, backoff=backoff)
    box.start()
    try:
        client.faults.extend([Fault(ServerError("503", status=503))] * 2)
        assert (await box.submit(reply("first"))).outcome is Outcome.QUEUED
        assert await settle(lambda: not box.pending())
        assert backoff.delays == [0.01]

        client.faults.extend([Fault(ServerError("503", status=503))] * 2)
        assert (await box.submit(reply("second"))).outcome is Outcome.QUEUED
        assert await settle(lambda: not box.pending())
    finally:
        await box.aclose()
    assert backoff.delays == [0.01, 0.01], "the delay was not reset by the delivery"
    assert sent_bodies(client) == ["first", "second"]


class BrokenOnce(FakeWriteClient):
    """The first ticket read fails with an unexpected error (a bug, not the network)."""

    broken: bool = True

    async def get_ticket(self, ticket_id: int) -> dict[str, Any]:
        if self.broken:
            self.broken = False
            raise RuntimeError("unexpected answer")
        return await super().get_ticket(ticket_id)


async def test_editing_a_write_after_a_broken_retry_pass_sends_it(
    folder: Path, caches: list[JsonCache]
) -> None:
    """A retry pass that broke on an unexpected error leaves the write queued and the loop
    idle; the agent editing the write wakes it, and the edited change is sent."""
    broken = BrokenOnce()
    broken.ticket(1)
    first = open_box(folder, caches, broken, connectivity=offline(), resend_grace=0.0)
    write = Write("update_ticket", 1, {"priority": 2})
    assert (await first.submit(write)).outcome is Outcome.QUEUED

    again = open_box(folder, caches, broken, resend_grace=0.0, backoff=RecordingBackoff())
    again.start()
    try:
        assert await settle(lambda: not broken.broken)  # the first pass broke
        await asyncio.sleep(0.05)
        assert len(again.pending()) == 1
        assert await again.amend(write.idempotency_token, {"priority": 3})
        assert await settle(lambda: not again.pending())
    finally:
        await again.aclose()
    assert broken.tickets[1]["priority"] == 3
