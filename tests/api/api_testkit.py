"""Shared helpers: a recording MockTransport and a client wired to it with tiny retry delays."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from fstui.api import FreshserviceClient, RateLimiter, RetryPolicy

API_KEY = "sk-test-SECRET-key-12345"
BASE = "https://acme.freshservice.com/api/v2"
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002, jitter=0.0)

Handler = Callable[[httpx.Request], httpx.Response]


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )


class Recorder:
    """A MockTransport that records every request and answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def make_client(
    handler: Handler,
    *,
    limiter: RateLimiter | None = None,
    retry: RetryPolicy = FAST_RETRY,
    trace: Callable[[str], None] | None = None,
    domain: str = "acme",
) -> tuple[FreshserviceClient, Recorder]:
    recorder = Recorder(handler)
    client = FreshserviceClient(
        domain,
        API_KEY,
        transport=recorder.transport,
        limiter=limiter or RateLimiter("unlimited"),
        retry=retry,
        trace=trace,
    )
    return client, recorder
