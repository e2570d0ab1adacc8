"""Notifications over a real sync against the in-process sandbox: no request of their own,
nothing for the agent's own writes, and nothing twice across a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient
from fstui.store.notifications import Kind, Notifier
from fstui.store.store import Store

from .harness import CountingTransport, sandbox_parts, wired_store


@pytest.fixture
async def wired(
    sandbox: tuple[Any, str], tmp_path: Path
) -> AsyncIterator[tuple[Store, CountingTransport]]:
    async with wired_store(sandbox, tmp_path / "cache") as (store, counting):
        yield store, counting


def snapshot(store: Store) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in store.mirror.tickets()}


async def test_a_colleague_assigning_me_is_told_once_at_no_api_cost(
    wired: tuple[Store, CountingTransport], sandbox: tuple[Any, str]
) -> None:
    store, counting = wired
    me = store.reference_snapshot().me
    assert me is not None and me.id is not None
    target = store.queue("Unassigned open").value[0].id
    assert target is not None
    app, key = sandbox
    _, _, sandbox_transport, _ = sandbox_parts()
    async with FreshserviceClient("http://127.0.0.1", key, transport=sandbox_transport(app)) as fs:
        await fs.update_ticket(target, {"responder_id": me.id})
    before = snapshot(store)
    await store.sync()
    after = snapshot(store)
    counting.reset()
    notifier = Notifier(store.cache)
    told = notifier.after_sync(before, after, me.id, [])
    assert (Kind.ASSIGNED, target) in [(n.kind, n.ticket_id) for n in told]
    assert counting.count == 0  # the rules read rows; they never ask the server
    assert Notifier(store.cache).after_sync(before, after, me.id, []) == []  # restart


async def test_my_own_take_is_not_news(wired: tuple[Store, CountingTransport]) -> None:
    store, _ = wired
    me = store.reference_snapshot().me
    assert me is not None and me.id is not None
    target = store.queue("Unassigned open").value[0].id
    assert target is not None
    before = snapshot(store)
    await store.update_ticket(target, {"responder_id": me.id})  # applied to the mirror at once
    mid = snapshot(store)
    await store.sync()
    after = snapshot(store)
    notifier = Notifier(store.cache)
    assert [n for n in notifier.after_sync(mid, after, me.id, []) if n.ticket_id == target] == []
    # Even a caller holding the rows from before the write is covered by the own-change note.
    notifier.note_own_change(target)
    told = notifier.after_sync(before, after, me.id, [])
    assert [n for n in told if n.ticket_id == target and n.kind is Kind.ASSIGNED] == []
