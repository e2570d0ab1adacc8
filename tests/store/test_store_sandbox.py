"""The store against the in-process sandbox: what a second look costs, and what sync catches."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient
from fstui.store.store import Store

from .harness import CountingTransport, sandbox_parts, wired_store


@pytest.fixture
async def wired(
    sandbox: tuple[Any, str], tmp_path: Path
) -> AsyncIterator[tuple[Store, CountingTransport]]:
    async with wired_store(sandbox, tmp_path / "cache") as (store, counting):
        await store.learn_first_responses()  # as the queue screen does after a full load
        yield store, counting


async def other_client(sandbox: tuple[Any, str]) -> FreshserviceClient:
    app, key = sandbox
    _, _, sandbox_transport, _ = sandbox_parts()
    return FreshserviceClient("http://127.0.0.1", key, transport=sandbox_transport(app))


async def test_second_open_within_freshness_makes_no_call(
    wired: tuple[Store, CountingTransport],
) -> None:
    store, counting = wired
    assert store.queue("All open").value, "the sandbox should have open tickets"
    ticket_id = store.queue("All open").value[0].id
    assert ticket_id is not None
    await store.refresh_queue("My open")
    await store.ticket(ticket_id)
    counting.reset()
    await store.refresh_queue("My open")
    store.queue("All open")
    again = await store.ticket(ticket_id)
    assert again.source == "cache"
    await store.reference()
    assert counting.count == 0, counting.requests


async def test_delta_refresh_with_no_changes_is_one_call(
    wired: tuple[Store, CountingTransport],
) -> None:
    store, counting = wired
    counting.reset()
    result = await store.sync()
    assert counting.count == 1, counting.requests
    assert not result.any


async def test_change_made_elsewhere_shows_up_and_closed_ticket_leaves_my_open(
    wired: tuple[Store, CountingTransport], sandbox: tuple[Any, str]
) -> None:
    store, _ = wired
    me = store.reference_snapshot().me
    assert me is not None and me.id is not None
    rows = store.queue("Unassigned open").value
    assert rows
    target = rows[0].id
    assert target is not None
    async with await other_client(sandbox) as colleague:
        await colleague.update_ticket(target, {"responder_id": me.id, "status": 2})
    await store.sync()
    assert target in {t.id for t in store.queue("My open").value}
    async with await other_client(sandbox) as colleague:
        await colleague.update_ticket(target, {"status": 5})
    await store.sync()
    assert target not in {t.id for t in store.queue("My open").value}
    assert target not in store.mirror


async def test_cache_files_are_private_and_never_hold_the_api_key(
    wired: tuple[Store, CountingTransport], sandbox: tuple[Any, str]
) -> None:
    store, _ = wired
    _, key = sandbox
    for row in store.queue("All open").value[:3]:
        assert row.id is not None
        await store.ticket(row.id)
    directory = store.cache.directory
    for root, _dirs, files in os.walk(directory):
        assert stat.S_IMODE(os.stat(root).st_mode) == 0o700, root
        for name in files:
            path = Path(root) / name
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            assert key.encode() not in path.read_bytes(), path
