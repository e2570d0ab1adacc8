"""What the API tests build on: a recording MockTransport and a client wired to it with tiny
retry delays, a client to the in-process sandbox, and the reference's JSON examples (with the
documentation's typos repaired) for the model tests.

Holds no tests itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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


# -- the in-process sandbox ----------------------------------------------------------------------

SANDBOX_KEY = "sandbox-demo-key"
SANDBOX_URL = "http://127.0.0.1:8765"


def sandbox_client(
    app: Any,
    *,
    limiter: RateLimiter | None = None,
    url: str = SANDBOX_URL,
    **kw: Any,
) -> FreshserviceClient:
    """The real client to a sandbox app over its in-process transport (real routes and
    answers, no socket); an unlimited limiter unless the test is about the budget."""
    from fstui.sandbox import sandbox_transport

    return FreshserviceClient(
        url,
        SANDBOX_KEY,
        transport=sandbox_transport(app),
        limiter=limiter or RateLimiter("unlimited"),
        **kw,
    )


# -- the reference's JSON examples ------------------------------------------------------------
# The reference is documentation: some examples have typos (missing commas, trailing commas,
# curly quotes, unquoted keys). ``repair`` fixes only those, so the models are tested against
# the documented data, not against the typos.

SHARED = Path(__file__).parents[2] / ".." / "shared" / "reference"
REFERENCE = SHARED / "freshservice-api-v2.txt"
SAMPLES = SHARED / "samples"

_CURL = re.compile(r"-X\s*'?(GET|POST|PUT|DELETE)")
_URL = re.compile(r"https://domain\.freshservice\.com(/api/v2/[^'\s\u2019]*)")


@dataclass(frozen=True)
class Example:
    line: int
    method: str
    path: str
    text: str


def examples() -> list[Example]:
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    method, path = "", ""
    for index, line in enumerate(lines):
        if line.startswith("curl"):
            m, u = _CURL.search(line), _URL.search(line)
            if m and u:
                method, path = m.group(1), u.group(1).split("?")[0]
        if line.strip() != "Response":
            continue
        for j in range(index + 1, len(lines)):
            text = lines[j].strip()
            if text.isdigit():
                continue
            if text.startswith(("{", "[")):
                found.append(Example(j + 1, method, path.removeprefix("/api/v2"), text))
            break
    return found


def repair(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    fixed = text.replace("\u201c", '"').replace("\u201d", '"')
    fixed = re.sub(r'"(\w+): "', r'"\1": "', fixed)
    fixed = re.sub(r"([{,]\s*)([A-Za-z_]\w*)(\s*:)", r'\1"\2"\3', fixed)
    fixed = re.sub(r'(true|false|null|\d|"|\]|\})(\s+)(?="[^"]*"\s*:)', r"\1,\2", fixed)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
    return json.loads(fixed)
