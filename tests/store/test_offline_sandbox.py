"""The outbox against the in-process sandbox: offline queueing, lost answers and conflicts.

Every check counts what really landed on the (sandbox) server: a reply carrying the write's
token must exist exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fstui.api import FreshserviceClient, NetworkError, RetryPolicy
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff, Connectivity, ConnectivityState
from fstui.store.drafts import DraftKey, Drafts
from fstui.store.outbox import Outbox, Outcome, Write, body_has_token

from .harness import LoseAnswers

sandbox = pytest.importorskip("fstui.sandbox")

API_KEY = "sandbox-demo-key"
BASE_URL = "https://acme-demo.freshservice.com"


def is_reply(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path.endswith("/reply")


@pytest.fixture
def app() -> Any:
    return sandbox.create_app(sandbox.SandboxConfig(tickets=200, plan="unlimited"))


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[JsonCache]:
    c = JsonCache(tmp_path / "cache", secrets=[API_KEY])
    yield c
    c.close()


def make_client(transport: httpx.AsyncBaseTransport) -> FreshserviceClient:
    # Single attempts keep the tests fast; the outbox is what retries here.
    return FreshserviceClient(
        BASE_URL,
        API_KEY,
        transport=transport,
        timeout=5.0,
        retry=RetryPolicy(max_attempts=1, base_delay=0.0, max_rate_limit_retries=0),
    )


@pytest.fixture
async def client(app: Any) -> AsyncIterator[FreshserviceClient]:
    async with make_client(sandbox.sandbox_transport(app)) as c:
        yield c


async def some_ticket_id(client: FreshserviceClient) -> int:
    tickets = await client.list_tickets(per_page=5).first_page()
    assert tickets and tickets[0].id is not None
    return tickets[0].id


async def copies_on_server(client: FreshserviceClient, ticket_id: int, token: str) -> int:
    return len(
        [c async for c in client.list_conversations(ticket_id) if body_has_token(c.body, token)]
    )


async def test_offline_reads_cache_queues_writes_and_delivers_once_when_back(
    app: Any, client: FreshserviceClient, cache: JsonCache
) -> None:
    ticket_id = await some_ticket_id(client)
    ticket = await client.get_ticket(ticket_id)
    cache.set(f"test:ticket:{ticket_id}", ticket.model_dump(mode="json"))
    drafts = Drafts(cache)
    drafts.save(DraftKey(ticket_id, "reply"), "We replaced the toner.")
    box = Outbox(cache, client, resend_grace=0.0)

    app.state.sandbox.faults.offline = True
    with pytest.raises(NetworkError):
        await client.get_ticket(ticket_id)
    cached = cache.get(f"test:ticket:{ticket_id}")
    assert cached is not None and cached.value["subject"] == ticket.subject

    write = Write("reply", ticket_id, {"body": "<p>We replaced the toner.</p>"})
    queued = await box.submit(write)
    assert queued.outcome is Outcome.QUEUED
    assert "retry" in queued.message
    assert [q.write.idempotency_token for q in box.pending()] == [write.idempotency_token]
    assert (await box.flush())[0].outcome is Outcome.QUEUED  # still offline: stays queued
    assert drafts.load(DraftKey(ticket_id, "reply")) is not None

    app.state.sandbox.faults.offline = False
    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT]
    assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1
    assert await box.flush() == []
    assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1
    assert drafts.load(DraftKey(ticket_id, "reply")) is None


@pytest.mark.parametrize("lost_by", [httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_applied_but_unanswered_reply_is_found_not_resent(
    app: Any, cache: JsonCache, lost_by: type[httpx.TransportError]
) -> None:
    transport = LoseAnswers(sandbox.sandbox_transport(app), is_reply, lost_by)
    async with make_client(transport) as client:
        ticket_id = await some_ticket_id(client)
        box = Outbox(cache, client, resend_grace=0.0)
        write = Write("reply", ticket_id, {"body": "<p>Your laptop is ready.</p>"})
        first = await box.submit(write)
        assert first.outcome is Outcome.QUEUED  # outcome unknown to the client
        assert box.pending()[0].in_doubt
        assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1

        [result] = await box.flush()
        assert result.outcome is Outcome.ALREADY_DELIVERED
        assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1
        assert box.pending() == []


async def test_conflict_when_someone_else_changed_the_ticket(
    app: Any, client: FreshserviceClient, cache: JsonCache
) -> None:
    ticket_id = await some_ticket_id(client)
    seen = (await client.get_ticket(ticket_id)).model_dump(mode="json")
    new_priority = 4 if seen["priority"] != 4 else 1
    # Another agent (another client on the same account) changes the priority.
    await client.update_ticket(ticket_id, {"priority": new_priority})

    box = Outbox(cache, client, resend_grace=0.0)
    wanted_status = 3 if seen["status"] != 3 else 2
    write = Write(
        "update_ticket",
        ticket_id,
        {"status": wanted_status, "priority": seen["priority"]},
        expected_updated_at=seen["updated_at"],
        base=seen,
    )
    result = await box.submit(write)
    assert result.outcome is Outcome.CONFLICT
    changed = {c.name: c for c in result.changed_fields}
    assert "priority" in changed
    assert changed["priority"].seen == seen["priority"]
    assert changed["priority"].current == new_priority
    after = await client.get_ticket(ticket_id)
    assert after.priority == new_priority  # nothing overwritten
    assert after.status == seen["status"]
    assert box.pending()[0].outcome is Outcome.CONFLICT


async def test_update_without_conflict_goes_through(
    client: FreshserviceClient, cache: JsonCache
) -> None:
    ticket_id = await some_ticket_id(client)
    seen = (await client.get_ticket(ticket_id)).model_dump(mode="json")
    wanted_status = 3 if seen["status"] != 3 else 2
    box = Outbox(cache, client, resend_grace=0.0)
    write = Write(
        "update_ticket",
        ticket_id,
        {"status": wanted_status},
        expected_updated_at=seen["updated_at"],
        base=seen,
    )
    result = await box.submit(write)
    assert result.outcome is Outcome.SENT
    assert (await client.get_ticket(ticket_id)).status == wanted_status


async def test_sandbox_dropped_connection_after_apply_is_not_resent(
    app: Any, client: FreshserviceClient, cache: JsonCache
) -> None:
    ticket_id = await some_ticket_id(client)
    box = Outbox(cache, client, resend_grace=0.0)
    app.state.sandbox.faults.drop_rate = 1.0
    write = Write("note", ticket_id, {"body": "<p>Called the user, no answer.</p>"})
    assert (await box.submit(write)).outcome is Outcome.QUEUED
    app.state.sandbox.faults.drop_rate = 0.0
    [result] = await box.flush()
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1


async def test_prober_brings_the_app_back_online_and_the_queue_drains_by_itself(
    app: Any, client: FreshserviceClient, cache: JsonCache
) -> None:
    ticket_id = await some_ticket_id(client)
    banner: list[ConnectivityState] = []

    async def probe() -> object:
        return await client.get_ticket(ticket_id)

    connectivity = Connectivity(
        failure_threshold=2, probe=probe, backoff=Backoff(initial=0.02, maximum=0.05)
    )
    connectivity.add_listener(banner.append)
    box = Outbox(cache, client, connectivity=connectivity, resend_grace=0.0)

    app.state.sandbox.faults.offline = True
    writes = [Write("reply", ticket_id, {"body": f"<p>Update {n}</p>"}) for n in range(1, 4)]
    for write in writes:
        assert (await box.submit(write)).outcome is Outcome.QUEUED
    assert banner == [ConnectivityState.OFFLINE]

    app.state.sandbox.faults.offline = False
    for _ in range(300):
        if not box.pending():
            break
        await asyncio.sleep(0.01)
    assert box.pending() == []
    assert banner == [ConnectivityState.OFFLINE, ConnectivityState.ONLINE]
    for write in writes:
        assert await copies_on_server(client, ticket_id, write.idempotency_token) == 1
    bodies = [c.body or "" async for c in client.list_conversations(ticket_id)]
    mine = [b for b in bodies if "<p>Update " in b]
    assert [b[: len("<p>Update 1")] for b in mine] == ["<p>Update 1", "<p>Update 2", "<p>Update 3"]
    await connectivity.aclose()
