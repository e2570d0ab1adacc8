"""The outbox where its promises can break: a read it depends on fails (issue 17, mutation run).

Each test fails one of the reads the outbox makes before it sends (the conflict check's
`get_ticket`, the "is my earlier reply already there?" `list_conversations` scan) or the
network in the middle of a pass, and asserts what the agent would notice: nothing is sent
without the check, nothing twice, and the write is still queued. Only the public API
(`Outbox.submit`, `flush`, `pending`) is used, so the tests hold while the outbox grows.
"""

from __future__ import annotations

import pytest

from fstui.api.errors import (
    NetworkError,
    PermissionDenied,
    RateLimited,
    RequestTimeout,
    ServerError,
)
from fstui.store.cache import JsonCache
from fstui.store.outbox import Outbox, Outcome, Write, body_has_token

from .harness import FakeWriteClient, Fault


@pytest.fixture
def client() -> FakeWriteClient:
    fake = FakeWriteClient()
    for ticket_id in (1, 2, 3, 4):
        fake.ticket(ticket_id)
    return fake


def _outbox(cache: JsonCache, client: FakeWriteClient) -> Outbox:
    return Outbox(cache, client, resend_grace=0.0)  # type: ignore[arg-type]


def _update(ticket_id: int, **fields: object) -> Write:
    return Write("update_ticket", ticket_id, fields, expected_updated_at="2024-05-01T10:00:00Z")


def _writes(client: FakeWriteClient) -> list[str]:
    return [c for c in client.calls if c not in ("get_ticket", "list_conversations")]


# ---- the update's conflict check --------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [ServerError("502 bad gateway", status=502), PermissionDenied("no", status=403)],
    ids=["5xx", "403"],
)
async def test_update_is_not_sent_when_its_conflict_check_cannot_read_the_ticket(
    cache: JsonCache, client: FakeWriteClient, error: Exception
) -> None:
    box = _outbox(cache, client)
    client.read_faults.append(error)  # type: ignore[arg-type]
    result = await box.submit(_update(1, status=4))
    assert client.calls == ["get_ticket"]  # checked, and nothing written without the check
    assert result.outcome is Outcome.QUEUED
    assert client.tickets[1]["status"] == 2
    assert [q.write.ticket_id for q in box.pending()] == [1]
    # Once the ticket can be read, the same write goes, once.
    (again,) = await box.flush()
    assert again.outcome is Outcome.SENT
    assert _writes(client) == ["update_ticket"]
    assert client.tickets[1]["status"] == 4
    assert box.pending() == []


@pytest.mark.parametrize(
    "error", [NetworkError("down"), RequestTimeout("slow")], ids=["network", "timeout"]
)
async def test_update_check_losing_the_network_queues_without_sending(
    cache: JsonCache, client: FakeWriteClient, error: Exception
) -> None:
    box = _outbox(cache, client)
    client.read_faults.append(error)  # type: ignore[arg-type]
    result = await box.submit(_update(1, priority=3))
    assert result.outcome is Outcome.QUEUED and "offline" in result.message
    assert _writes(client) == []
    assert client.tickets[1]["priority"] == 1


async def test_update_changed_by_someone_else_is_held_not_sent(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = _outbox(cache, client)
    client.tickets[1].update(status=3, updated_at="2024-05-01T10:30:00Z")
    result = await box.submit(_update(1, status=4))
    assert result.outcome is Outcome.CONFLICT
    assert _writes(client) == []
    assert client.tickets[1]["status"] == 3


# ---- "already applied?" with dicts (custom fields) --------------------------------------------


@pytest.mark.parametrize(
    "ticket_custom_fields",
    [None, "absent", {}, {"other": 1}, {"cf_site": None}, {"cf_site": "B2"}],
    ids=["null", "absent", "empty", "other-key", "key-null", "other-value"],
)
async def test_custom_field_update_is_sent_when_the_ticket_lacks_the_value(
    cache: JsonCache, client: FakeWriteClient, ticket_custom_fields: object
) -> None:
    ticket = client.tickets[1]
    if ticket_custom_fields == "absent":
        ticket.pop("custom_fields", None)
    else:
        ticket["custom_fields"] = ticket_custom_fields
    box = _outbox(cache, client)
    result = await box.submit(Write("update_ticket", 1, {"custom_fields": {"cf_site": "A1"}}))
    assert result.outcome is Outcome.SENT  # not "already applied"
    assert _writes(client) == ["update_ticket"]


async def test_custom_field_update_already_on_the_ticket_is_not_sent_again(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    client.tickets[1]["custom_fields"] = {"cf_site": "A1", "other": 2}
    box = _outbox(cache, client)
    result = await box.submit(Write("update_ticket", 1, {"custom_fields": {"cf_site": "A1"}}))
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert _writes(client) == []


# ---- "is my earlier reply already there?" ------------------------------------------------------


async def _reply_in_doubt(box: Outbox, client: FakeWriteClient, *, applied: bool) -> Write:
    """A reply whose first answer was lost (a 502 after, or before, the server applied it)."""
    write = Write("reply", 1, {"body": "<p>Fixed</p>"})
    client.faults.append(Fault(ServerError("502", status=502), applied=applied))
    first = await box.submit(write)
    assert first.outcome is Outcome.QUEUED
    return write


@pytest.mark.parametrize("applied", [True, False], ids=["arrived", "lost"])
async def test_reply_is_not_resent_while_the_scan_for_it_fails(
    cache: JsonCache, client: FakeWriteClient, applied: bool
) -> None:
    box = _outbox(cache, client)
    await _reply_in_doubt(box, client, applied=applied)
    client.read_faults.append(ServerError("500", status=500))
    (result,) = await box.flush()
    assert result.outcome is Outcome.QUEUED
    assert client.calls.count("reply") == 1  # the first attempt only
    assert len(client.bodies(1)) == (1 if applied else 0)
    assert len(box.pending()) == 1


async def test_reply_scan_losing_the_network_sends_nothing(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = _outbox(cache, client)
    await _reply_in_doubt(box, client, applied=True)
    client.read_faults.append(NetworkError("down"))
    (result,) = await box.flush()
    assert result.outcome is Outcome.QUEUED
    assert client.calls.count("reply") == 1
    assert len(client.bodies(1)) == 1


async def test_reply_that_arrived_is_recognised_once_the_scan_works(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = _outbox(cache, client)
    write = await _reply_in_doubt(box, client, applied=True)
    (result,) = await box.flush()
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.calls.count("reply") == 1
    (body,) = client.bodies(1)
    assert body_has_token(body, write.idempotency_token)
    assert box.pending() == []


async def test_reply_that_was_lost_is_sent_again_exactly_once(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = _outbox(cache, client)
    await _reply_in_doubt(box, client, applied=False)
    (result,) = await box.flush()
    assert result.outcome is Outcome.SENT
    assert client.calls.count("reply") == 2
    assert len(client.bodies(1)) == 1
    assert await box.flush() == []  # nothing left to send


# ---- a flush that goes offline halfway ---------------------------------------------------------


class _NetworkGoesAfter(FakeWriteClient):
    """Answers `writes_left` more writes, then every write finds the network gone."""

    writes_left: int | None = None

    def _write(self, name: str, apply: object) -> object:
        if self.writes_left is not None:
            if self.writes_left <= 0:
                self.calls.append(name)
                raise NetworkError("connection reset")
            self.writes_left -= 1
        return super()._write(name, apply)


@pytest.mark.parametrize("in_doubt", [False, True], ids=["queued", "in-doubt"])
async def test_flush_going_offline_mid_pass_stops_and_keeps_the_rest_queued(
    cache: JsonCache, in_doubt: bool
) -> None:
    client = _NetworkGoesAfter()
    for ticket_id in (1, 2, 3, 4):
        client.ticket(ticket_id)
    box = _outbox(cache, client)
    # Four tickets queued: rate limited (never sent) or 5xx (maybe sent: scanned first).
    for ticket_id in (1, 2, 3, 4):
        error = ServerError("503", status=503) if in_doubt else RateLimited("429", retry_after=None)
        client.faults.append(Fault(error))
        await box.submit(Write("note", ticket_id, {"body": f"<p>n{ticket_id}</p>"}))
    client.calls.clear()
    assert len(box.pending()) == 4
    client.writes_left = 1  # ticket 1's note goes through, ticket 2's finds the network gone
    results = await box.flush()
    outcomes = {r.write.ticket_id: r.outcome for r in results}
    assert outcomes == {
        1: Outcome.SENT,
        2: Outcome.QUEUED,
        3: Outcome.QUEUED,
        4: Outcome.QUEUED,
    }
    # Nothing at all was tried for tickets 3 and 4 once the network was known to be gone.
    assert client.calls.count("add_note") == 2
    assert client.calls.count("list_conversations") == (2 if in_doubt else 0)
    assert [len(client.bodies(t)) for t in (1, 2, 3, 4)] == [1, 0, 0, 0]
    assert sorted(q.write.ticket_id for q in box.pending()) == [2, 3, 4]
    # Back online: the rest go, each once.
    client.writes_left = None
    results = await box.flush()
    assert {r.write.ticket_id for r in results if r.delivered} == {2, 3, 4}
    assert [len(client.bodies(t)) for t in (1, 2, 3, 4)] == [1, 1, 1, 1]
    assert box.pending() == []


# ---- a note's visibility -----------------------------------------------------------------------


async def test_a_note_is_private_unless_said_otherwise(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = _outbox(cache, client)
    await box.submit(Write("note", 1, {"body": "<p>internal</p>"}))
    await box.submit(Write("note", 2, {"body": "<p>public</p>", "private": False}))
    await box.submit(Write("note", 3, {"body": "<p>explicit</p>", "private": True}))
    assert [c.private for c in client.conversations[1]] == [True]
    assert [c.private for c in client.conversations[2]] == [False]
    assert [c.private for c in client.conversations[3]] == [True]
