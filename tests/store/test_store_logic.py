"""Store behaviour against a counting fake client: calls saved, names, queues, delta merges."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from .harness import Clock, FakeClient, make_store, ts


@pytest.fixture
def client() -> FakeClient:
    fake = FakeClient()
    for ticket_id in range(1, 41):
        fake.add_ticket(ticket_id, responder_id=1 if ticket_id <= 5 else None, group_id=10)
    fake.add_ticket(41, status=5)  # closed: never in the mirror
    fake.add_ticket(42, status=6, priority=4)  # custom status counts as open
    return fake


async def test_reference_is_fetched_once_then_served_from_cache(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    reference = await store.reference()
    assert reference.me is not None and reference.me.id == 1
    assert reference.open_statuses == {2, 3, 6}
    assert reference.my_group_ids == {10}
    first = client.total_calls
    await store.reference()
    assert client.total_calls == first
    clock.now += 7 * 3600  # past the 6 h reference TTL
    await store.reference()
    assert client.total_calls > first


async def test_initial_sync_then_queues_are_local(client: FakeClient, tmp_path: Path) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    assert client.calls["filter_tickets"] == 2  # 41 open tickets, 30 a page
    assert len(store.mirror) == 41
    before = client.total_calls
    mine = store.queue("My open")
    assert [t.id for t in sorted(mine.value, key=lambda t: t.id or 0)] == [1, 2, 3, 4, 5]
    assert not mine.stale
    counts = store.queue_counts()
    assert counts["All open"] == 41
    assert counts["Urgent & High"] == 1
    assert counts["Unassigned open"] == 36
    assert counts["My groups"] == 40
    assert client.total_calls == before


async def test_delta_sync_with_no_changes_is_one_call(client: FakeClient, tmp_path: Path) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    before = client.total_calls
    clock.now += 60
    result = await store.sync()
    assert client.total_calls == before + 1
    assert not result.any


async def test_delta_sync_merges_changes_and_closed_tickets_leave(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    client.tickets[1].update(status=4, updated_at=ts(6, 1))  # resolved elsewhere
    client.tickets[7].update(responder_id=1, updated_at=ts(6, 1))  # assigned to me elsewhere
    client.add_ticket(99, updated_at=ts(6, 1), responder_id=1)
    clock.now += 3600 + 60
    result = await store.sync()
    assert result.removed == {1}
    assert result.added == {99}
    assert result.changed == {7}
    assert {t.id for t in store.queue("My open").value} == {2, 3, 4, 5, 7, 99}


async def test_sweep_drops_deleted_tickets_in_two_calls(client: FakeClient, tmp_path: Path) -> None:
    """A delta never lists a deleted ticket; the periodic sweep asks `filter=deleted` (and
    spam) since the last sweep: two calls, however many tickets are open."""
    clock = Clock()
    store = make_store(client, tmp_path, clock, full_resync_seconds=600.0)
    await store.reference()
    await store.sync()
    client.tickets[3]["deleted"] = True  # deleting bumps updated_at, but hides it from lists
    client.tickets[3]["updated_at"] = ts(6, 1)
    clock.now += 60
    await store.sync()
    assert 3 in store.mirror
    assert (await store.syncer.sweep()).removed == frozenset()  # not due yet: no call
    clock.now += 600
    before = client.calls["list_tickets"]
    result = await store.syncer.sweep()
    assert result.removed == {3}
    assert 3 not in store.mirror
    assert client.calls["list_tickets"] - before == 2


async def test_mirror_survives_restart(client: FakeClient, tmp_path: Path) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    store.cache.close()
    calls = client.total_calls
    again = make_store(client, tmp_path, clock)
    assert len(again.queue("All open").value) == 41
    assert again.queue("My open").value  # me and labels came back from the cache
    assert client.total_calls == calls


async def test_ticket_detail_is_free_while_updated_at_unchanged(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    first = await store.ticket(8)
    assert first.source == "network" and client.calls["get_ticket"] == 1
    clock.now += 3 * 3600  # age alone does not make it stale
    again = await store.ticket(8)
    assert again.source == "cache" and client.calls["get_ticket"] == 1
    peek = store.peek_ticket(8)
    assert peek is not None and not peek.stale
    client.tickets[8].update(subject="changed", updated_at=ts(6, 2))
    await store.sync()
    peek = store.peek_ticket(8)
    assert peek is not None and peek.stale
    fresh = await store.ticket(8)
    assert fresh.value.subject == "changed" and client.calls["get_ticket"] == 2


async def test_concurrent_identical_requests_share_one_call(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    client.latency = 0.02
    store = make_store(client, tmp_path, clock)
    await asyncio.gather(*(store.reference() for _ in range(5)))
    assert client.calls["list_agents"] == 2  # one list + one "me" lookup, not 10
    await asyncio.gather(*(store.ticket(4) for _ in range(5)))
    assert client.calls["get_ticket"] == 1
    assert store.stats().calls_saved_by_cache >= 4


async def test_names_resolve_without_per_row_calls(client: FakeClient, tmp_path: Path) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    rows = store.queue("All open").value
    before = client.total_calls
    labels = [
        (
            store.names.agent(t.responder_id),
            store.names.group(t.group_id),
            store.names.status(t.status),
        )
        for t in rows
    ]
    assert ("Alex Morgan", "Service Desk", "Open") in labels
    assert store.names.status(6) == "Waiting on vendor"
    assert client.total_calls == before
    requester_ids = {t.requester_id for t in rows if t.requester_id is not None}
    names = [store.names.requester(i) for i in requester_ids]
    assert set(names) == {"…"}  # pending, never the raw id while a name can be had
    assert store.names.missing_requesters == requester_ids
    found = await store.resolve_requesters(store.names.missing_requesters)
    assert found == len(requester_ids)
    assert client.calls["list_requesters"] <= 3  # pages of 100, not one call per row
    assert store.names.requester(101) == "Req 1"


async def test_a_requester_nobody_has_is_looked_for_once_and_then_shown_by_id(
    client: FakeClient, tmp_path: Path
) -> None:
    """After a whole pass through the directory an unfound id is named as such and is not
    looked for again: no refresh re-pages the directory for it (the idle-cost bug)."""
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    stranger = 999_999
    assert store.names.requester(stranger) == "…"
    assert await store.resolve_requesters([stranger]) == 0
    assert store.names.requester(stranger) == f"requester #{stranger}"
    pages = client.calls["list_requesters"]
    assert await store.resolve_requesters([stranger]) == 0
    assert client.calls["list_requesters"] == pages


async def test_saved_queue_on_closed_tickets_goes_to_the_server(
    client: FakeClient, tmp_path: Path
) -> None:
    from fstui.config.model import SavedQueue

    clock = Clock()
    saved = (
        SavedQueue("Closed high", "status:5"),
        SavedQueue("Mine urgent", "status:2 AND priority:4"),
    )
    store = make_store(client, tmp_path, clock, saved_queues=saved)
    await store.reference()
    await store.sync()
    assert store.queue("Closed high").stale
    calls = client.calls["filter_tickets"]
    fresh = await store.refresh_queue("Closed high")
    assert [t.id for t in fresh.value] == [41]
    assert client.calls["filter_tickets"] == calls + 1
    assert [t.id for t in store.queue("Closed high").value] == [41]
    assert client.calls["filter_tickets"] == calls + 1
    store.queue("Mine urgent")  # local: no call
    assert client.calls["filter_tickets"] == calls + 1


async def test_sync_announces_what_changed(client: FakeClient, tmp_path: Path) -> None:
    """Screens redraw from the store's events: a delta names the tickets it brought."""
    from fstui.store.events import StoreEvent, TicketsChanged

    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    clock.now += 120  # the mirror is now stale for the queue TTL
    assert store.queue("My open").stale
    client.add_ticket(77, responder_id=1, updated_at=ts(6, 1))
    heard: list[StoreEvent] = []
    unsubscribe = store.events.subscribe(heard.append)
    await store.sync()
    unsubscribe()
    await store.sync()
    changed = [e for e in heard if isinstance(e, TicketsChanged)]
    assert [e.ids for e in changed] == [frozenset({77})]
    assert not store.queue("My open").stale
    assert 77 in {t.id for t in store.queue("My open").value}


async def test_update_answer_refreshes_cached_detail_without_a_reread(
    client: FakeClient, tmp_path: Path
) -> None:
    clock = Clock()
    store = make_store(client, tmp_path, clock)
    await store.reference()
    await store.sync()
    before = (await store.ticket(2)).value
    await store.update_ticket(2, {"status": 5, "updated_at": ts(6, 3)})
    calls = sum(client.calls.values())
    detail = await store.ticket(2)
    assert detail.source == "cache" and detail.value.status == 5
    assert [c.id for c in detail.value.conversations or []] == [
        c.id for c in before.conversations or []
    ]
    assert sum(client.calls.values()) == calls
    assert 2 not in {t.id for t in store.queue("My open").value}
