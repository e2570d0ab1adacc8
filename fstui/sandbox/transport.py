"""An httpx transport that talks to the sandbox in-process and fails like a real socket."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from fstui.sandbox.faults import ConnectionDropped
from fstui.sandbox.state import Sandbox


class SandboxTransport(httpx.AsyncBaseTransport):
    """ASGITransport plus network-shaped failures: offline -> ConnectError, dropped ->
    RemoteProtocolError (the request may have been applied)."""

    def __init__(self, app: Starlette) -> None:
        self._app = app
        self._inner = httpx.ASGITransport(app=app)
        self._pending: set[asyncio.Future[httpx.Response]] = set()

    @property
    def sandbox(self) -> Sandbox:
        sandbox: Sandbox = self._app.state.sandbox
        return sandbox

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.sandbox.faults.offline:
            raise httpx.ConnectError("sandbox is offline: connection refused", request=request)
        timeout = request.extensions.get("timeout", {}).get("read")
        # The app keeps running when the client gives up, as a real server would: a write
        # delayed by the latency fault still lands after the client's ReadTimeout.
        work = asyncio.ensure_future(self._inner.handle_async_request(request))
        self._pending.add(work)
        work.add_done_callback(self._settled)
        try:
            response = await asyncio.wait_for(asyncio.shield(work), timeout)
        except TimeoutError:
            raise httpx.ReadTimeout("sandbox did not answer in time", request=request) from None
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(
                "server disconnected without sending a complete response", request=request
            ) from None
        return response

    def _settled(self, work: asyncio.Future[httpx.Response]) -> None:
        self._pending.discard(work)
        if not work.cancelled():
            work.exception()  # retrieved, so an abandoned failure is not reported as lost

    async def aclose(self) -> None:
        await self._inner.aclose()


def sandbox_transport(app: Starlette) -> httpx.AsyncBaseTransport:
    return SandboxTransport(app)
