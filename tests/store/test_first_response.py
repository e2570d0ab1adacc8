"""What the store knows of first responses, and what it pays to know it.

Filter bodies (the full load) carry no stats; list bodies carry them for 2 extra credits a
page. The queue's Due column may only say "first response due" for a ticket known to be
unanswered, so these tests pin down where that knowledge comes from and when it is dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.api.models import Conversation
from fstui.store.cache import JsonCache
from fstui.store.mirror import TicketMirror
from fstui.store.settings import StoreSettings
from fstui.store.store import Store

from .harness import Clock, FakeClient, make_store, ts

ANSWERED = {"first_responded_at": ts(5, 2)}
UNANSWERED = {"first_responded_at": None}


@pytest.fixture
def client() -> FakeClient:
    fake = FakeClient()
    # 1-3: recent and unanswered; 4-6: recent and answered; 7: first response due long ago
    for ticket_id in range(1, 7):
        fake.add_ticket(
            ticket_id,
            created_at=ts(5, ticket_id),
            updated_at=ts(5, ticket_id + 1),
            fr_due_by=ts(5, ticket_id + 4),
            due_by=ts(8),
            stats=UNANSWERED if ticket_id <= 3 else ANSWERED,
        )
    fake.add_ticket(7, fr_due_by=ts(1, 4), due_by=ts(9), stats=UNANSWERED)
    return fake


def answered(store: Store) -> dict[int, bool | None]:
    return {t.id: t.first_response_given for t in store.queue("All open").value if t.id}


async def loaded(client: FakeClient, tmp_path: Path, clock: Clock) -> Store:
    store = make_store(client, tmp_path, clock, first_response_lookback_seconds=3 * 86400)
    await store.reference()
    await store.sync()
    return store


async def test_full_load_knows_nothing_and_one_backfill_learns_the_recent_ones(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = await loaded(client, tmp_path, clock)
    assert set(answered(store).values()) == {None}, "filter bodies carry no stats"
    before = client.total_calls
    await store.learn_first_responses()
    assert client.total_calls == before + 1
    assert client.list_includes[-1] == ("stats",)
    states = answered(store)
    assert [states[i] for i in range(1, 7)] == [False] * 3 + [True] * 3
    # 7's first response was due before the look-back: it was not what the backfill was for,
    # but the walk reached it (updated since the oldest candidate), so it is known too.
    before = client.total_calls
    await store.learn_first_responses()
    assert client.total_calls == before, "nothing left to learn: no call"


async def test_no_backfill_when_every_unknown_ticket_is_older_than_the_look_back(
    tmp_path: Path,
) -> None:
    fake = FakeClient()
    fake.add_ticket(1, fr_due_by=ts(1, 4), stats=UNANSWERED)
    clock = Clock()
    store = await loaded(fake, tmp_path, clock)
    before = fake.total_calls
    await store.learn_first_responses()
    assert fake.total_calls == before
    assert answered(store)[1] is None


async def test_every_delta_asks_for_stats_so_new_tickets_arrive_known(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = await loaded(client, tmp_path, clock)
    client.add_ticket(20, created_at=ts(6), updated_at=ts(6), fr_due_by=ts(6, 4), stats=UNANSWERED)
    clock.now += 60
    await store.sync()
    assert client.list_includes[-1] == ("stats",)
    assert answered(store)[20] is False


async def test_full_resync_keeps_what_still_holds(client: FakeClient, tmp_path: Path) -> None:
    clock = Clock()
    store = await loaded(client, tmp_path, clock)
    await store.learn_first_responses()
    client.tickets[1]["updated_at"] = ts(6, 1)  # changed: may have been answered
    client.tickets[4]["updated_at"] = ts(6, 1)  # changed, but an answer cannot be undone
    await store.sync(full=True)
    states = answered(store)
    assert states[1] is None
    assert states[2] is False, "unchanged and unanswered stays unanswered"
    assert states[4] is True


async def test_our_public_answer_stops_the_clock_at_once(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = await loaded(client, tmp_path, clock)
    await store.learn_first_responses()
    store.add_conversation(1, Conversation(id=9, incoming=False, private=True, created_at=ts(6)))
    assert answered(store)[1] is False, "a private note answers nobody"
    store.add_conversation(2, Conversation(id=8, incoming=False, private=False, created_at=ts(6)))
    assert answered(store)[2] is True


async def test_opening_a_ticket_learns_its_state_from_the_thread_for_free(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = await loaded(client, tmp_path, clock)
    client.threads[1] = [
        Conversation(id=1, incoming=True, private=False, created_at=ts(5, 2)),
        Conversation(id=2, incoming=False, private=False, created_at=ts(5, 3)),
        Conversation(id=3, incoming=False, private=False, created_at=ts(5, 4)),
    ]
    client.threads[2] = [Conversation(id=4, incoming=False, private=True, created_at=ts(5, 3))]
    await store.ticket(1)
    await store.ticket(2)
    assert client.calls["list_tickets"] == 0, "no stats call"
    states = answered(store)
    assert (states[1], states[2], states[3]) == (True, False, None)
    assert store.mirror.get(1)["stats"] == {"first_responded_at": ts(5, 3)}  # type: ignore[index]


async def test_server_side_queue_rows_borrow_the_mirror_s_knowledge(
    client: FakeClient, tmp_path: Path
) -> None:
    from fstui.config.model import SavedQueue

    clock = Clock()
    store = Store(
        client,  # type: ignore[arg-type]
        JsonCache(tmp_path / "cache", clock=clock),
        me_email="me@x.test",
        settings=StoreSettings(
            saved_queues=(SavedQueue("Tagged", "tag:'vpn' AND status:2 OR status:5"),)
        ),
        clock=clock,
    )
    client.tickets[1]["tags"] = ["vpn"]
    client.tickets[4]["tags"] = ["vpn"]
    await store.reference()
    await store.sync()
    await store.learn_first_responses()
    calls = client.calls["filter_tickets"]
    rows = (await store.refresh_queue("Tagged")).value
    assert client.calls["filter_tickets"] == calls + 1, "a closed status makes it a server query"
    assert {t.id: t.first_response_given for t in rows} == {1: False, 4: True}


def test_mirror_trims_stats_to_the_first_response(tmp_path: Path) -> None:
    mirror = TicketMirror(JsonCache(tmp_path / "cache"))
    body = {
        "id": 1,
        "status": 2,
        "updated_at": ts(1),
        "stats": {"first_responded_at": None, "resolved_at": None, "opened_at": ts(1)},
    }
    mirror.put(body)
    assert mirror.get(1) == {**body, "stats": {"first_responded_at": None}}
