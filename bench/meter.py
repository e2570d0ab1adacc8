"""Counting credits the way the account sees them: at the server, from its own headers.

Wrapping the sandbox app (rather than the client) means fstui, the naive client and every
process of the shared-budget run are measured by the same ruler, including the requests a
client would rather not admit to (retries, 429s).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass(frozen=True)
class Hit:
    at: float
    method: str
    path: str
    status: int
    credits: int


@dataclass
class CreditMeter:
    """ASGI wrapper recording every API request's status and `X-Ratelimit-Used-CurrentRequest`."""

    app: ASGIApp
    clock: Callable[[], float] = time.time
    hits: list[Hit] = field(default_factory=list)

    @property
    def state(self) -> Any:
        """The wrapped app's state, so the sandbox transport still finds `state.sandbox`."""
        return getattr(self.app, "state", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith("/api/v2/"):
            await self.app(scope, receive, send)
            return
        seen: dict[str, int] = {}

        async def spy(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = int(message["status"])
                for name, value in message.get("headers", []):
                    if name.lower() == b"x-ratelimit-used-currentrequest":
                        seen["credits"] = int(value)
            await send(message)

        try:
            await self.app(scope, receive, spy)
        finally:
            self.hits.append(
                Hit(
                    self.clock(),
                    str(scope["method"]),
                    str(scope["path"]),
                    seen.get("status", 0),
                    seen.get("credits", 0),
                )
            )

    def reset(self) -> None:
        self.hits.clear()

    @property
    def credits(self) -> int:
        return sum(h.credits for h in self.hits if h.status != 429)

    @property
    def calls(self) -> int:
        return len(self.hits)

    @property
    def throttled(self) -> int:
        return sum(1 for h in self.hits if h.status == 429)

    def by_endpoint(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for h in self.hits:
            parts = [p if not p.isdigit() else "{id}" for p in h.path.split("/")[3:]]
            counts[f"{h.method} /{'/'.join(parts)}"] += h.credits
        return counts

    def per_window(self, window: float = 60.0) -> dict[int, int]:
        """Credits spent in each fixed window (aligned like the sandbox's own buckets)."""
        spent: dict[int, int] = {}
        for h in self.hits:
            if h.status == 429:
                continue
            key = math.floor(h.at / window)
            spent[key] = spent.get(key, 0) + h.credits
        return spent
