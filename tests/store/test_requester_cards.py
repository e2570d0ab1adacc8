"""A requester embedded once is not paid for again (issue #14: names "not asked again, also in
the next run"; reference line 220: each embed on a show costs a credit).

My open's first-contact rows come with `include=requester`; opening one of those tickets then
asks for `include=conversations,tags` only and still shows the requester's name and email. The
economy benchmark counted 30 opens at 4 credits each before this (1 + conversations + tags +
requester) against 3 now.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from fstui.api import FreshserviceClient
from fstui.store.cache import JsonCache
from fstui.store.queues import MY_OPEN
from fstui.store.settings import StoreSettings
from fstui.store.store import Store

from .harness import Clock, sandbox_parts


@pytest.fixture(scope="module")
def sandbox_app() -> Any:
    create_app, SandboxConfig, _transport, _key = sandbox_parts()
    return create_app(SandboxConfig(tickets=400, plan="unlimited"))


class Recording(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.urls: list[httpx.URL] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return await self.inner.handle_async_request(request)

    def includes_of(self, ticket_id: int) -> list[set[str]]:
        return [
            set(",".join(parse_qs(u.query.decode()).get("include", [])).split(","))
            for u in self.urls
            if u.path == f"/api/v2/tickets/{ticket_id}"
        ]


async def _store(app: Any, directory: Path) -> tuple[Store, Recording, FreshserviceClient]:
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    _, _, sandbox_transport, key = sandbox_parts()
    recording = Recording(sandbox_transport(app))
    client = FreshserviceClient("http://127.0.0.1", key, transport=recording)
    await client.__aenter__()
    cache = JsonCache(directory, clock=Clock(1_900_000_000.0))
    store = Store(client, cache, me_email=DEMO_AGENT_EMAIL, settings=StoreSettings(), api_key=key)
    return store, recording, client


async def _close(store: Store, client: FreshserviceClient) -> None:
    await store.aclose()
    await client.__aexit__(None, None, None)
    store.plumbing.cache.close()


async def test_a_ticket_from_my_open_is_opened_without_embedding_its_requester_again(
    sandbox_app: Any, tmp_path: Path
) -> None:
    store, recording, client = await _store(sandbox_app, tmp_path / "cache")
    try:
        await store.refdata.me()
        await store.queues.refresh(MY_OPEN)
        row = store.queue(MY_OPEN).value[0]
        opened = (await store.tickets.ticket(row.id)).value
        assert recording.includes_of(row.id) == [{"conversations", "tags"}]
        assert opened.requester is not None and opened.requester.id == row.requester_id
        assert opened.requester.name and opened.requester.email  # the header has both
    finally:
        await _close(store, client)
    # The next run knows the card too (it is on disk with the names).
    store, recording, client = await _store(sandbox_app, tmp_path / "cache")
    try:
        second = store.queue(MY_OPEN).value[1]
        await store.tickets.ticket(second.id, force=True)
        assert recording.includes_of(second.id) == [{"conversations", "tags"}]
    finally:
        await _close(store, client)


async def test_a_requester_never_seen_is_embedded(sandbox_app: Any, tmp_path: Path) -> None:
    store, recording, client = await _store(sandbox_app, tmp_path / "cache")
    try:
        opened = (await store.tickets.ticket(5)).value
        assert recording.includes_of(5) == [{"conversations", "requester", "tags"}]
        assert opened.requester is not None and opened.requester.email
    finally:
        await _close(store, client)
