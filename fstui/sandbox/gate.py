"""Everything in front of the routes: faults, auth, rate limits, permissions, content
negotiation and the headers every Freshservice answer carries.

It wraps the whole Starlette stack (not a Starlette middleware) so that a dropped
connection escapes the app as an exception instead of becoming a 500 page.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fstui.sandbox.errors import (
    ACCESS_DENIED_BODY,
    NOT_ACCEPTABLE_BODY,
    RATE_LIMITED_BODY,
    SERVER_ERROR_BODIES,
    UNAUTHORIZED_BODY,
)
from fstui.sandbox.faults import (
    ConnectionDropped,
    server_error_status,
    should_corrupt,
    should_drop_after,
    should_drop_before,
)
from fstui.sandbox.plans import credits_for, operation_of
from fstui.sandbox.ratelimit import Decision
from fstui.sandbox.state import Sandbox
from fstui.sandbox.web import COMMON_HEADERS, JSON_MEDIA_TYPE

log = logging.getLogger(__name__)
UNLIMITED = 1_000_000


def api_key_of(headers: Headers) -> str | None:
    """The API key from Basic auth (key as user name, any password)."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[0]


_ACCEPTED_MEDIA = ("*/*", "application/*", "application/json")


def accepts_json(headers: Headers) -> bool:
    """Reference line 302: only application/json and */* are supported (406 otherwise).
    No Accept header at all accepts anything, as HTTP says."""
    raw = headers.get("accept")
    if raw is None or not raw.strip():
        return True
    for item in raw.split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        if media not in _ACCEPTED_MEDIA:
            continue
        quality = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            if float(quality) > 0:
                return True
        except ValueError:
            return True
    return False


def _segments_match(pattern: str, path: str) -> bool:
    want, have = pattern.strip("/").split("/"), path.strip("/").split("/")
    return len(want) == len(have) and all(w in ("*", h) for w, h in zip(want, have, strict=True))


def is_denied(denied: tuple[str, ...], method: str, path: str) -> bool:
    """Does one of the ``SandboxConfig.denied`` entries ("METHOD /path") name this request?"""
    below = path.removeprefix("/api/v2")
    for entry in denied:
        entry_method, _, entry_path = entry.strip().partition(" ")
        if entry_method.upper() not in ("*", method.upper()):
            continue
        if _segments_match(entry_path.strip().removeprefix("/api/v2"), below):
            return True
    return False


def _rate_headers(decision: Decision) -> dict[str, str]:
    return {
        "X-Ratelimit-Total": str(decision.total),
        "X-Ratelimit-Remaining": str(decision.remaining),
        "X-Ratelimit-Used-CurrentRequest": str(decision.used),
    }


async def _drop(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", JSON_MEDIA_TYPE.encode()),
                (b"content-length", b"4096"),
            ],
        }
    )
    raise ConnectionDropped("the sandbox dropped the connection")


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, body: Any, headers: dict[str, str]
) -> None:
    response = JSONResponse(
        body, status_code=status, headers={**COMMON_HEADERS, **headers}, media_type=JSON_MEDIA_TYPE
    )
    await response(scope, receive, send)


class Gate:
    """ASGI wrapper applying the sandbox's account rules before the routes run."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sandbox = self.sandbox
        sandbox.request_count += 1
        if should_drop_before(sandbox):
            await _drop(send)
        if sandbox.faults.latency_s > 0:
            await asyncio.sleep(sandbox.faults.latency_s)
        path: str = scope["path"]
        method: str = scope["method"]
        headers = Headers(scope=scope)
        if not path.startswith("/api/v2/"):
            await self.app(scope, receive, send)
            return
        trace = self._trace_headers()
        key = api_key_of(headers)
        if key is None or not hmac.compare_digest(key.encode(), sandbox.config.api_key.encode()):
            await _answer(scope, receive, send, 401, UNAUTHORIZED_BODY, trace)
            return
        failure = server_error_status(sandbox)
        if failure is not None:
            await _answer(scope, receive, send, failure, SERVER_ERROR_BODIES[failure], trace)
            return
        decision = self._meter(scope, method, path)
        rate = {**trace, **_rate_headers(decision)}
        if not decision.allowed:
            await _answer(
                scope,
                receive,
                send,
                429,
                RATE_LIMITED_BODY,
                {**rate, "Retry-After": str(decision.retry_after)},
            )
            return
        # Refused requests still spent their credits (reference line 65: "Even invalid
        # requests will count towards the rate limit").
        if is_denied(sandbox.config.denied, method, path):
            await _answer(scope, receive, send, 403, ACCESS_DENIED_BODY, rate)
            return
        if not accepts_json(headers):
            await _answer(scope, receive, send, 406, NOT_ACCEPTABLE_BODY, rate)
            return
        await self._forward(scope, receive, send, rate)

    def _trace_headers(self) -> dict[str, str]:
        """x-request-id, x-trace-id and x-fw-ratelimiting-managed, shaped like the recorded
        answers (api-facts.md #1, #2): a UUID-like id and a W3C traceparent."""
        rng = self.sandbox.id_rng
        request_id = f"{rng.getrandbits(128):032x}"
        trace_id, span_id = f"{rng.getrandbits(128):032x}", f"{rng.getrandbits(64):016x}"
        return {
            "X-Request-Id": "-".join(
                (
                    request_id[:8],
                    request_id[8:12],
                    request_id[12:16],
                    request_id[16:20],
                    request_id[20:],
                )
            ),
            "X-Trace-Id": f"00-{trace_id}-{span_id}-01",
            "X-Fw-Ratelimiting-Managed": "true",
        }

    def _meter(self, scope: Scope, method: str, path: str) -> Decision:
        sandbox = self.sandbox
        include = None
        for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
            if name == "include" and value:
                include = value  # the last one wins, as in Starlette's query_params
        operation = operation_of(method, path)
        credits = credits_for(method, path, include)
        now = sandbox.clock_seconds()
        limiter = sandbox.limiter
        if sandbox.faults.rate_limit_burst > 0:
            sandbox.faults.rate_limit_burst -= 1
            if limiter is None:
                return Decision(False, UNLIMITED, 0, 0, 1)
            return limiter.exhausted(operation, now)
        if limiter is None:
            return Decision(True, UNLIMITED, UNLIMITED, credits)
        return limiter.take(operation, credits, now)

    async def _forward(
        self, scope: Scope, receive: Receive, send: Send, extra: dict[str, str]
    ) -> None:
        sandbox = self.sandbox
        corrupt = should_corrupt(sandbox)
        drop = should_drop_after(sandbox)
        raw_extra = [(k.lower().encode(), v.encode()) for k, v in extra.items()]
        pending: dict[str, Message] = {}
        started = False

        async def wrapped(message: Message) -> None:
            nonlocal started
            if drop:
                return  # the answer never makes it back
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *raw_extra]}
                if corrupt and message["status"] == 200:
                    pending["start"] = message
                    return
                started = True
                await send(message)
                return
            if "start" in pending and message["type"] == "http.response.body":
                start = pending.pop("start")
                body: bytes = message.get("body", b"")
                cut = body[: max(1, len(body) // 2)]
                start["headers"] = [
                    (k, str(len(cut)).encode() if k == b"content-length" else v)
                    for k, v in start["headers"]
                ]
                started = True
                await send(start)
                await send({"type": "http.response.body", "body": cut, "more_body": False})
                return
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        except ConnectionDropped:
            raise
        except Exception:
            # A bug in a handler: Starlette already answered 500; keep the server alive.
            log.exception("sandbox handler failed")
            if not started and not drop:
                raise
        if drop:
            await _drop(send)
