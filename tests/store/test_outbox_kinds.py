"""The outbox's newer promises against a scripted client: our own earlier change is no conflict,
listeners hear every result once, a queued write can be amended until it may have gone, and
each new kind checks its payload."""

from __future__ import annotations

import pytest

from fstui.api.errors import NetworkError, RequestTimeout
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.outbox import Outbox, Outcome, SubmitResult, Write

from .harness import FakeWriteClient, Fault


@pytest.fixture
def client() -> FakeWriteClient:
    fake = FakeWriteClient()
    fake.ticket(1, priority=1, status=2)
    return fake


def update(priority: int, *, seen_priority: int = 1) -> Write:
    return Write(
        "update_ticket",
        1,
        {"priority": priority},
        expected_updated_at="2024-05-01T10:00:00Z",
        base={"priority": seen_priority, "status": 2},
    )


async def test_second_queued_change_is_not_held_by_the_first(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    """Issue #14: a bulk priority queued offline, then a single edit of the same ticket made from
    the same stale view. Delivering the first changed the priority; the second then saw
    "priority changed by someone else" and was held for ever (a GET, never the PUT)."""
    box = Outbox(cache, client, resend_grace=0.0)
    client.read_faults += [NetworkError("offline"), NetworkError("offline")]
    first = await box.submit(update(4))
    assert first.outcome is Outcome.QUEUED
    second = await box.submit(update(2))
    assert second.outcome is Outcome.QUEUED, "behind the first"

    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT, Outcome.SENT]
    assert client.tickets[1]["priority"] == 2, "the later edit wins"
    assert box.pending() == []


async def test_someone_elses_change_still_holds_the_later_write(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = Outbox(cache, client, resend_grace=0.0)
    client.read_faults += [NetworkError("offline"), NetworkError("offline")]
    assert (await box.submit(update(4))).outcome is Outcome.QUEUED
    assert (await box.submit(update(2))).outcome is Outcome.QUEUED
    client.tickets[1]["status"] = 5  # another agent closes it meanwhile
    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.CONFLICT, Outcome.QUEUED]
    assert client.tickets[1]["priority"] == 1, "nothing overwritten"


async def test_listeners_hear_each_result_once(cache: JsonCache, client: FakeWriteClient) -> None:
    box = Outbox(cache, client, resend_grace=0.0)
    heard: list[SubmitResult] = []
    stop = box.add_listener(heard.append)
    client.faults.append(Fault(NetworkError("down")))
    note = Write("note", 1, {"body": "<p>Rebooted</p>"})
    assert (await box.submit(note)).outcome is Outcome.QUEUED
    await box.flush()  # delivered by the retry path: the listener must hear it too
    assert [r.outcome for r in heard] == [Outcome.QUEUED, Outcome.SENT]
    assert heard[-1].response is not None, "with the server's answer, to apply it"
    stop()
    await box.submit(Write("note", 1, {"body": "<p>Again</p>"}))
    assert len(heard) == 2


async def test_amend_before_sending_but_not_once_in_doubt(
    cache: JsonCache, client: FakeWriteClient
) -> None:
    box = Outbox(cache, client, resend_grace=60.0)
    client.read_faults.append(NetworkError("offline"))  # the pre-send check fails: not sent
    change = update(4)
    assert (await box.submit(change)).outcome is Outcome.QUEUED
    assert await box.amend(change.idempotency_token, {"priority": 3})
    await box.flush()
    assert client.tickets[1]["priority"] == 3

    client.faults.append(Fault(RequestTimeout("slow"), applied=True))  # reply lost: in doubt
    reply = Write("reply", 1, {"body": "<p>Done</p>"})
    assert (await box.submit(reply)).outcome is Outcome.QUEUED
    assert not await box.amend(reply.idempotency_token, {"body": "<p>Other</p>"})
    assert not await box.amend("no-such-token", {"body": "<p>x</p>"})


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("update_time_entry", {"fields": {}}),
        ("update_time_entry", {"entry_id": 5}),
        ("delete_task", {}),
        ("stop_timer", {"entry_id": "5"}),
        ("link_asset", {"display_id": True}),
    ],
)
def test_new_kinds_check_their_payload(kind: str, payload: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=kind):
        Write(kind, 1, payload)  # type: ignore[arg-type]


async def test_new_kinds_survive_a_restart(cache: JsonCache, client: FakeWriteClient) -> None:
    offline = Connectivity()
    offline.mark_offline()
    box = Outbox(cache, client, connectivity=offline)
    writes = [
        Write("update_task", 1, {"task_id": 7, "fields": {"status": 3}}),
        Write("start_timer", 1, {"agent_id": 9, "note": ""}),
        Write("unlink_asset", 1, {"display_id": 12}),
    ]
    for write in writes:
        assert (await box.submit(write)).outcome is Outcome.QUEUED
    again = Outbox(cache, client)
    assert [q.write for q in again.pending()] == writes
    await offline.aclose()
