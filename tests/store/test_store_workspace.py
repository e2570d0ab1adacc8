"""A profile's workspace reaches every ticket read the store makes."""

from __future__ import annotations

from pathlib import Path

import httpx

from fstui.api import FreshserviceClient
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.store.cache import JsonCache
from fstui.store.settings import StoreSettings
from fstui.store.store import Store


class Recording(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.urls: list[httpx.URL] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return await self.inner.handle_async_request(request)


async def test_workspace_id_is_sent_on_ticket_reads(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(tickets=60, plan="unlimited"))
    recording = Recording(sandbox_transport(app))
    key = app.state.sandbox.config.api_key
    async with FreshserviceClient("http://127.0.0.1", key, transport=recording) as client:
        store = Store(
            client,
            JsonCache(tmp_path),
            me_email=DEMO_AGENT_EMAIL,
            settings=StoreSettings(workspace_id=0),
        )
        await store.reference()
        await store.sync()  # full load through /tickets/filter
        await store.sync(full=False)  # delta through /tickets
        store.cache.close()
    ticket_reads = [u for u in recording.urls if u.path.startswith("/api/v2/tickets")]
    assert {u.path for u in ticket_reads} >= {"/api/v2/tickets/filter", "/api/v2/tickets"}
    assert all(u.params.get("workspace_id") == "0" for u in ticket_reads)
    assert len(store.mirror) > 0
