"""The writes service against a scripted client: what it applies, remembers and reports."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from fstui.api.errors import NetworkError, ValidationFailed
from fstui.api.models import Conversation, Ticket
from fstui.store.cache import JsonCache
from fstui.store.drafts import DraftKey, Drafts
from fstui.store.outbox import Outbox, Outcome
from fstui.store.writes import WriteCounts, WriteEvent, Writes, base_of

from .harness import FakeWriteClient, Fault


class FakeApplier:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int, Any]] = []

    def apply_ticket(self, ticket: Ticket) -> None:
        assert ticket.id is not None
        self.calls.append(("apply_ticket", ticket.id, ticket))

    def add_conversation(self, ticket_id: int, conversation: Conversation) -> None:
        self.calls.append(("add_conversation", ticket_id, conversation))

    def add_child(self, ticket_id: int, what: str, item: BaseModel) -> None:
        self.calls.append(("add_child", ticket_id, what))

    def invalidate_ticket(self, ticket_id: int) -> None:
        self.calls.append(("invalidate_ticket", ticket_id, None))


@pytest.fixture
def client() -> FakeWriteClient:
    fake = FakeWriteClient()
    fake.ticket(1, priority=1, tags=["vpn"])
    fake.ticket(2)
    return fake


def make(cache: JsonCache, client: FakeWriteClient) -> tuple[Writes, FakeApplier, list[WriteEvent]]:
    drafts = Drafts(cache)
    outbox = Outbox(cache, client, drafts=drafts, resend_grace=0.0)
    applier = FakeApplier()
    writes = Writes(outbox, applier, drafts=drafts, cache=cache)
    events: list[WriteEvent] = []
    writes.add_listener(events.append)
    return writes, applier, events


def test_base_of_a_mirror_row_claims_only_fields_the_row_had() -> None:
    """The row carries no tags; the agent did not see "no tags", so the check must not care."""
    row = {"id": 1, "status": 2, "priority": 1, "updated_at": "2024-05-01T10:00:00Z"}
    assert base_of(row) == {"status": 2, "priority": 1}
    model = Ticket.model_validate(row)
    assert base_of(model) == {"status": 2, "priority": 1}
    detail = Ticket.model_validate({**row, "tags": ["vpn"], "category": None})
    assert base_of(detail) == {"status": 2, "priority": 1, "tags": ["vpn"], "category": None}


async def test_edit_from_a_row_without_tags_is_sent_not_held(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, applier, events = make(cache, client)
    row = Ticket.model_validate({"id": 1, "status": 2, "priority": 1})
    result = await writes.update_ticket(row, {"priority": 3})
    assert result.outcome is Outcome.SENT
    assert client.tickets[1]["priority"] == 3
    assert [c[0] for c in applier.calls] == ["apply_ticket"], "the answer lands in the mirror"
    assert events[-1].what == "delivered" and events[-1].fields == frozenset({"priority"})


async def test_queued_update_shows_pending_fields_and_counts(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, applier, events = make(cache, client)
    client.faults.append(Fault(NetworkError("down")))
    seen = {"id": 1, "priority": 1, "status": 2}
    result = await writes.update_ticket(seen, {"priority": 4})
    assert result.outcome is Outcome.QUEUED
    assert writes.pending_fields(1) == {"priority": (1, 4)}
    assert writes.pending_ticket_ids() == {1}
    assert writes.counts() == WriteCounts(queued=1, attention=0)
    [entry] = writes.entries()
    assert entry.state == "queued" and entry.editable is None, "in doubt: not editable"
    assert entry.summary == "Change: priority → 4"
    assert applier.calls == []
    assert events[-1].what == "queued"


async def test_editing_a_queued_value_sends_the_new_one(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, _, events = make(cache, client)
    client.read_faults.append(NetworkError("down"))  # the conflict check cannot read: queued
    result = await writes.update_ticket({"id": 1, "priority": 1}, {"priority": 4})
    assert result.outcome is Outcome.QUEUED
    [entry] = writes.entries()
    assert entry.editable == "fields"
    assert await writes.edit_value(entry.token, "priority", 2)
    assert writes.pending_fields(1) == {"priority": (1, 2)}
    assert events[-1].what == "edited"
    await writes.flush()
    assert client.tickets[1]["priority"] == 2


async def test_conflict_needs_attention_and_retry_sends_it(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, applier, _ = make(cache, client)
    seen = {"id": 1, "priority": 1, "status": 2}
    client.tickets[1]["status"] = 3  # someone else
    result = await writes.update_ticket(seen, {"priority": 4})
    assert result.outcome is Outcome.CONFLICT
    assert writes.counts() == WriteCounts(queued=0, attention=1)
    [entry] = writes.entries()
    assert entry.state == "conflict" and "status" in entry.message
    again = await writes.retry(entry.token)
    assert again.delivered
    assert client.tickets[1]["priority"] == 4 and client.tickets[1]["status"] == 3
    assert writes.entries() == []
    assert applier.calls[-1][0] == "apply_ticket"


async def test_rejected_reply_stays_a_draft_not_a_held_write(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, _, _ = make(cache, client)
    drafts = Drafts(cache)
    drafts.save(DraftKey(1, "reply"), "Hi")
    client.faults.append(Fault(ValidationFailed("Validation failed: body: blank")))
    result = await writes.send_reply(1, "<p>Hi</p>", text="Hi")
    assert result.outcome is Outcome.REJECTED
    assert writes.entries() == []
    assert drafts.load(DraftKey(1, "reply")) is not None


async def test_bulk_counts_each_ticket_and_keeps_going(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    writes, _, _ = make(cache, client)
    seen: list[int] = []
    outcome = await writes.bulk_update(
        [{"id": 1, "priority": 1}, {"id": 99}, {"id": 2, "priority": 1}],
        {"priority": 3},
        progress=lambda item: seen.append(item.ticket_id),
    )
    assert seen == [1, 99, 2]
    assert outcome.done == [1, 2]
    assert outcome.failed_ids == [99], "an unknown ticket fails alone"
    assert outcome.summary("Priority → High") == "Priority → High: 2 done, 1 failed"


async def test_timer_remembered_while_queued_and_legacy_key_read(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    cache.set("ui:running_timer", {"ticket_id": 2, "entry_id": 77})
    writes, _, _ = make(cache, client)
    timer = writes.running_timer()
    assert timer is not None and (timer.ticket_id, timer.entry_id) == (2, 77)
    client.faults.append(Fault(NetworkError("down")))
    result = await writes.start_timer(1, agent_id=5)
    assert result.outcome is Outcome.QUEUED
    timer = writes.running_timer()
    assert timer is not None and timer.ticket_id == 1 and timer.entry_id is None
    assert cache.get("ui:running_timer") is None, "one place for it from now on"
    assert await writes.timer_still_running(timer), "a queued start will be running"
    again = await writes.start_timer(1, agent_id=5)
    assert again.write.idempotency_token == result.write.idempotency_token, "not a second one"
    assert len(writes.entries()) == 1
    assert writes.cancel_queued_timer(1), "stopping before it went drops the start"
    assert writes.entries() == [] and writes.running_timer() is None


def test_listener_unsubscribes(cache: JsonCache, client: FakeWriteClient) -> None:
    writes, _, _ = make(cache, client)
    heard: list[WriteEvent] = []
    stop = writes.add_listener(heard.append)
    stop()
    writes._emit(WriteEvent("queued", 1, "reply", "tok12345", ""))
    assert heard == []
