"""Helpers to run the store against the in-process sandbox, counting every request."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest


def sandbox_parts() -> tuple[Any, Any, Any, str]:
    """(create_app, SandboxConfig, sandbox_transport, api key) or skip when not built yet."""
    try:
        from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
        from fstui.sandbox.config import DEFAULT_API_KEY
    except ImportError as exc:  # pragma: no cover - only while the sandbox is being written
        pytest.skip(f"sandbox not available: {exc}")
    return create_app, SandboxConfig, sandbox_transport, DEFAULT_API_KEY


class CountingTransport(httpx.AsyncBaseTransport):
    """Wraps a transport and remembers each request's method and path, and each status."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str]] = []
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        response = await self.inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response

    def reset(self) -> None:
        self.requests.clear()

    @property
    def count(self) -> int:
        return len(self.requests)
