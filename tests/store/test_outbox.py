"""The outbox against a scripted client: persisted first, sent once, never twice, never over
someone else's change."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fstui.api.errors import (
    NetworkError,
    RateLimited,
    RequestTimeout,
    ServerError,
    ValidationFailed,
)
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff, Connectivity
from fstui.store.drafts import DraftKey, Drafts
from fstui.store.outbox import Outbox, Outcome, Write, body_has_token, mark_body

from .harness import FakeWriteClient, Fault


@pytest.fixture
def client() -> FakeWriteClient:
    fake = FakeWriteClient()
    fake.ticket(1)
    fake.ticket(2)
    return fake


def reply(ticket_id: int = 1, body: str = "<p>Fixed it</p>", token: str | None = None) -> Write:
    if token is None:
        return Write("reply", ticket_id, {"body": body})
    return Write("reply", ticket_id, {"body": body}, idempotency_token=token)


def outbox(cache: JsonCache, client: FakeWriteClient, **kwargs: object) -> Outbox:
    kwargs.setdefault("resend_grace", 0.0)
    return Outbox(cache, client, **kwargs)  # type: ignore[arg-type]


def test_marker_is_invisible_html_and_found_again() -> None:
    marked = mark_body("<p>Hi</p>", "tok12345")
    assert marked.startswith("<p>Hi</p>")
    assert marked.endswith("<!-- fstui:tok12345 -->")
    assert mark_body(marked, "tok12345") == marked
    assert body_has_token(marked, "tok12345")
    assert body_has_token("&lt;!-- fstui:tok12345 --&gt;", "tok12345")  # re-escaped by a server
    assert not body_has_token(marked, "tok99999")
    assert not body_has_token(None, "tok12345")


def test_bad_writes_are_refused_before_persisting() -> None:
    with pytest.raises(ValueError):
        Write("reply", 1, {"text": "no body key"})
    with pytest.raises(ValueError):
        Write("reply", 1, {"body": "x"}, idempotency_token="--> <script>")
    with pytest.raises(ValueError):
        Write("delete_everything", 1, {})  # type: ignore[arg-type]


async def test_reply_is_sent_once_with_token_and_draft_is_cleared(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    Drafts(cache).save(DraftKey(1, "reply"), "Fixed it")
    box = outbox(cache, client)
    write = reply()
    result = await box.submit(write)
    assert result.outcome is Outcome.SENT and result.delivered
    assert result.response is not None and result.response.body.startswith("<p>Fixed it</p>")
    assert client.calls == ["reply"]
    assert body_has_token(client.bodies(1)[0], write.idempotency_token)
    assert box.pending() == []
    assert Drafts(cache).load(DraftKey(1, "reply")) is None


async def test_network_failure_queues_keeps_draft_and_flush_delivers_once(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    Drafts(cache).save(DraftKey(1, "reply"), "Fixed it")
    client.faults.append(Fault(NetworkError("connection refused")))
    box = outbox(cache, client)
    result = await box.submit(reply())
    assert result.outcome is Outcome.QUEUED
    assert "will retry" in result.message
    assert client.bodies(1) == []
    assert Drafts(cache).load(DraftKey(1, "reply")) is not None
    [queued] = box.pending()
    assert queued.outcome is Outcome.QUEUED and queued.attempts == 1

    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT]
    assert len(client.bodies(1)) == 1
    assert box.pending() == []
    assert Drafts(cache).load(DraftKey(1, "reply")) is None
    assert await box.flush() == []
    assert len(client.bodies(1)) == 1


async def test_timeout_after_server_applied_is_found_not_resent(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.append(Fault(RequestTimeout("no answer"), applied=True))
    box = outbox(cache, client)
    write = reply()
    result = await box.submit(write)
    assert result.outcome is Outcome.QUEUED
    assert box.pending()[0].in_doubt

    [flushed] = await box.flush()
    assert flushed.outcome is Outcome.ALREADY_DELIVERED
    assert client.calls == ["reply", "list_conversations"]
    assert len(client.bodies(1)) == 1
    assert box.pending() == []


async def test_server_error_on_a_note_is_checked_before_resending(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.append(Fault(ServerError("502 bad gateway", status=502)))
    box = outbox(cache, client)
    write = Write("note", 2, {"body": "internal", "private": True})
    assert (await box.submit(write)).outcome is Outcome.QUEUED
    [result] = await box.flush()
    assert result.outcome is Outcome.SENT
    assert client.calls == ["add_note", "list_conversations", "add_note"]
    assert len(client.bodies(2)) == 1


async def test_in_doubt_write_waits_out_the_grace_period(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    now = [1000.0]
    client.faults.append(Fault(RequestTimeout("no answer")))
    box = outbox(cache, client, resend_grace=30.0, clock=lambda: now[0])
    await box.submit(reply())
    now[0] += 5
    [early] = await box.flush()
    assert early.outcome is Outcome.QUEUED  # might still be landing: do not resend yet
    assert client.calls.count("reply") == 1
    now[0] += 60
    [late] = await box.flush()
    assert late.outcome is Outcome.SENT
    assert client.calls.count("reply") == 2
    assert len(client.bodies(1)) == 1


async def test_rate_limited_is_not_in_doubt(cache: JsonCache, client: FakeWriteClient) -> None:
    client.faults.append(Fault(RateLimited("slow down", retry_after=1)))
    box = outbox(cache, client)
    assert (await box.submit(reply())).outcome is Outcome.QUEUED
    assert not box.pending()[0].in_doubt
    await box.flush()
    assert client.calls == ["reply", "reply"]  # a 429 was not processed: no need to look first


async def test_rejected_write_is_kept_for_the_agent_with_its_draft(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    Drafts(cache).save(DraftKey(1, "reply"), "Fixed it")
    client.faults.append(Fault(ValidationFailed("Validation failed: body: blank")))
    box = outbox(cache, client)
    write = reply()
    result = await box.submit(write)
    assert result.outcome is Outcome.REJECTED
    assert result.error is not None and "Validation failed" in result.error
    assert await box.flush() == []  # never retried on its own
    assert client.calls == ["reply"]
    assert box.pending()[0].outcome is Outcome.REJECTED
    assert Drafts(cache).load(DraftKey(1, "reply")) is not None
    assert box.drop(write.idempotency_token)
    assert box.pending() == []


async def test_submitting_the_same_token_twice_sends_once(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = outbox(cache, client)
    write = reply(token="same-token-1")
    first, second = await asyncio.gather(box.submit(write), box.submit(write))
    assert first.outcome is Outcome.SENT
    assert second.outcome is Outcome.ALREADY_DELIVERED
    assert (await box.submit(write)).outcome is Outcome.ALREADY_DELIVERED
    assert client.calls == ["reply"]
    assert len(client.bodies(1)) == 1


async def test_queue_survives_restart_and_keeps_order(
    tmp_path: Path, client: FakeWriteClient
) -> None:
    client.faults.extend([Fault(NetworkError("down"))] * 1)
    directory = tmp_path / "cache"
    with JsonCache(directory) as cache:
        box = Outbox(cache, client, resend_grace=0.0)
        await box.submit(reply(body="first"))
    with JsonCache(directory) as cache:
        client.faults.append(Fault(NetworkError("still down")))
        box = Outbox(cache, client, resend_grace=0.0)
        await box.submit(reply(body="second"))
        assert [q.write.payload["body"] for q in box.pending()] == ["first", "second"]
    with JsonCache(directory) as cache:
        box = Outbox(cache, client, resend_grace=0.0)
        results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT, Outcome.SENT]
    assert [b.split("\n")[0] for b in client.bodies(1)] == ["first", "second"]


async def test_later_write_to_same_ticket_waits_for_earlier(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = outbox(cache, client)
    client.faults.append(Fault(ServerError("500", status=500)))
    assert (await box.submit(reply(body="reply first"))).outcome is Outcome.QUEUED
    # The earlier reply is retried first and fails again, so "close" must not overtake it.
    client.faults.append(Fault(ServerError("500", status=500)))
    seen = dict(client.tickets[1])
    close = Write(
        "update_ticket", 1, {"status": 5}, expected_updated_at=seen["updated_at"], base=seen
    )
    result = await box.submit(close)
    assert result.outcome is Outcome.QUEUED
    assert client.tickets[1]["status"] == 2
    # Another ticket is not held up.
    assert (await box.submit(reply(ticket_id=2))).outcome is Outcome.SENT

    results = await box.flush()
    # Our own reply bumped updated_at, but no field the agent saw changed: not a conflict.
    assert [r.outcome for r in results] == [Outcome.SENT, Outcome.SENT]
    assert client.tickets[1]["status"] == 5
    assert client.calls[-1] == "update_ticket"
    assert box.pending() == []


async def test_conflict_lists_changed_fields_and_overwrites_nothing(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    seen = dict(client.tickets[1])
    # Someone else reassigns and raises the priority after the agent opened the ticket.
    client.tickets[1].update(priority=4, responder_id=77, updated_at="2024-05-01T10:30:00Z")
    box = outbox(cache, client)
    write = Write(
        "update_ticket",
        1,
        {"priority": 2, "status": 3},
        expected_updated_at=seen["updated_at"],
        base=seen,
    )
    result = await box.submit(write)
    assert result.outcome is Outcome.CONFLICT
    assert not result.delivered
    changed = {c.name: c for c in result.changed_fields}
    assert set(changed) == {"priority"}  # responder_id was not in what the agent saw
    assert (changed["priority"].seen, changed["priority"].current) == (1, 4)
    assert changed["priority"].in_write and changed["priority"].wanted == 2
    assert result.current_updated_at == "2024-05-01T10:30:00Z"
    assert "update_ticket" not in client.calls
    assert client.tickets[1]["priority"] == 4 and client.tickets[1]["status"] == 2

    # A flush does not sneak it out either; it waits for the agent.
    await box.flush()
    assert "update_ticket" not in client.calls
    [held] = box.pending()
    assert held.outcome is Outcome.CONFLICT and held.changed_fields == result.changed_fields

    # The agent says "overwrite": it is sent against the ticket as it is now...
    client.tickets[1]["subject"] = "changed again, but not a field the agent saw"
    overridden = await box.override(write.idempotency_token)
    assert overridden.outcome is Outcome.SENT
    assert client.tickets[1]["priority"] == 2 and client.tickets[1]["status"] == 3
    assert box.pending() == []


async def test_conflict_without_base_names_the_fields_it_would_overwrite(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.tickets[1].update(status=4, updated_at="2024-05-01T10:30:00Z")
    box = outbox(cache, client)
    write = Write("update_ticket", 1, {"status": 3}, expected_updated_at="2024-05-01T10:00:00Z")
    result = await box.submit(write)
    assert result.outcome is Outcome.CONFLICT
    [change] = result.changed_fields
    assert (change.name, change.current, change.wanted) == ("status", 4, 3)


async def test_update_timestamps_compare_as_instants(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = outbox(cache, client)
    write = Write(
        "update_ticket", 1, {"status": 3}, expected_updated_at="2024-05-01T10:00:00+00:00"
    )
    assert (await box.submit(write)).outcome is Outcome.SENT


async def test_update_in_doubt_already_applied_is_not_a_conflict(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.append(Fault(RequestTimeout("no answer"), applied=True))
    box = outbox(cache, client)
    write = Write("update_ticket", 1, {"status": 4}, expected_updated_at="2024-05-01T10:00:00Z")
    assert (await box.submit(write)).outcome is Outcome.QUEUED
    [result] = await box.flush()
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.calls.count("update_ticket") == 1


async def test_unverifiable_kind_in_doubt_is_never_resent_blindly(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.append(Fault(RequestTimeout("no answer"), applied=True))
    box = outbox(cache, client)
    write = Write("time_entry", 1, {"time_spent": "00:30", "note": "call"})
    assert (await box.submit(write)).outcome is Outcome.QUEUED
    [result] = await box.flush()
    assert result.outcome is Outcome.UNCERTAIN
    assert await box.flush() == []
    assert len(client.time_entries) == 1
    # Only the agent's explicit decision sends it again.
    assert (await box.override(write.idempotency_token)).outcome is Outcome.SENT
    assert len(client.time_entries) == 2


async def test_draft_typed_after_submit_is_kept(cache: JsonCache, client: FakeWriteClient) -> None:
    now = [100.0]
    drafts = Drafts(cache, clock=lambda: now[0])
    drafts.save(DraftKey(1, "reply"), "first message")
    client.faults.append(Fault(NetworkError("down")))
    box = outbox(cache, client, drafts=drafts, clock=lambda: now[0])
    now[0] = 200.0
    await box.submit(reply(body="first message"))
    now[0] = 300.0
    drafts.save(DraftKey(1, "reply"), "a follow-up the agent started")
    await box.flush()
    kept = drafts.load(DraftKey(1, "reply"))
    assert kept is not None and kept.text == "a follow-up the agent started"


async def test_offline_submit_queues_without_trying_and_restore_flushes(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    online = asyncio.Event()

    async def probe() -> None:
        if not online.is_set():
            raise NetworkError("still down")

    connectivity = Connectivity(
        failure_threshold=1, probe=probe, backoff=Backoff(initial=0.01, maximum=0.02)
    )
    box = outbox(cache, client, connectivity=connectivity)
    client.faults.append(Fault(NetworkError("cable pulled")))
    assert (await box.submit(reply(body="one"))).outcome is Outcome.QUEUED
    assert not connectivity.is_online
    result = await box.submit(reply(body="two"))
    assert result.outcome is Outcome.QUEUED and "offline" in result.message
    assert client.calls == ["reply"]

    online.set()
    for _ in range(200):
        if not box.pending():
            break
        await asyncio.sleep(0.01)
    assert connectivity.is_online
    assert [b.split("\n")[0] for b in client.bodies(1)] == ["one", "two"]
    await connectivity.aclose()


async def test_background_retry_delivers_after_server_errors(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.extend([Fault(ServerError("503", status=503))] * 3)
    box = outbox(cache, client, backoff=Backoff(initial=0.01, maximum=0.02))
    assert (await box.submit(reply())).outcome is Outcome.QUEUED
    box.start()
    try:
        for _ in range(300):
            if not box.pending():
                break
            await asyncio.sleep(0.01)
    finally:
        await box.aclose()
    assert box.pending() == []
    assert len(client.bodies(1)) == 1


async def test_override_of_a_conflict_still_catches_a_newer_change(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    seen = dict(client.tickets[1])
    client.tickets[1].update(priority=4, updated_at="2024-05-01T10:30:00Z")
    box = outbox(cache, client)
    write = Write(
        "update_ticket", 1, {"priority": 2}, expected_updated_at=seen["updated_at"], base=seen
    )
    assert (await box.submit(write)).outcome is Outcome.CONFLICT
    # While the agent reads the conflict dialog, someone changes the status.
    client.tickets[1].update(status=3, updated_at="2024-05-01T10:40:00Z")
    again = await box.override(write.idempotency_token)
    assert again.outcome is Outcome.CONFLICT
    assert [c.name for c in again.changed_fields] == ["status"]
    assert client.tickets[1]["priority"] == 4


async def test_rejected_write_does_not_hold_up_later_writes(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.faults.append(Fault(ValidationFailed("bad")))
    box = outbox(cache, client)
    assert (await box.submit(reply(body="bad"))).outcome is Outcome.REJECTED
    client.faults.append(Fault(NetworkError("down")))
    await box.submit(reply(body="good"))
    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT]


async def test_two_processes_on_one_cache_never_send_the_same_write(
    tmp_path: Path, client: FakeWriteClient
) -> None:
    # Two JsonCache/Outbox pairs on one directory, as two fstui windows would have.
    first_cache = JsonCache(tmp_path / "shared")
    second_cache = JsonCache(tmp_path / "shared")
    try:
        first = Outbox(first_cache, client, resend_grace=0.0)
        second = Outbox(second_cache, client, resend_grace=0.0)
        client.gate = asyncio.Event()
        sending = asyncio.create_task(first.submit(reply(body="slow one")))
        for _ in range(100):
            if second.pending():
                break
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.02)  # the first window is now inside its request
        [busy] = await second.flush()
        assert busy.outcome is Outcome.QUEUED and "another fstui" in busy.message
        client.gate.set()
        assert (await sending).outcome is Outcome.SENT
        assert await second.flush() == []
        assert len(client.bodies(1)) == 1
    finally:
        first_cache.close()
        second_cache.close()


async def test_change_within_the_same_second_is_caught_through_base(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    seen = dict(client.tickets[1])
    client.tickets[1]["priority"] = 3  # same updated_at: edited in the same second
    box = outbox(cache, client)
    write = Write(
        "update_ticket", 1, {"status": 4}, expected_updated_at=seen["updated_at"], base=seen
    )
    result = await box.submit(write)
    assert result.outcome is Outcome.CONFLICT
    assert [c.name for c in result.changed_fields] == ["priority"]
    assert client.tickets[1]["status"] == 2
