"""Sending one API request: limiter, retries, error mapping, tracing.

Everything the typed endpoint methods have in common lives here so they stay one-liners.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from fstui import __version__
from fstui.api.error_mapping import error_from_response
from fstui.api.errors import (
    ConfigurationError,
    MalformedResponse,
    NetworkError,
    NotSent,
    RateLimited,
    RequestTimeout,
    UnknownDomain,
)
from fstui.api.ratelimit.limiter import RateLimiter, Reservation, parse_retry_after
from fstui.api.ratelimit.plans import api_path, credits_for
from fstui.api.ratelimit.priority import Priority
from fstui.api.retry import RetryPolicy
from fstui.api.trace import TraceFn, Tracer

Params = Mapping[str, Any]
Multipart = tuple[Mapping[str, Any], Sequence[tuple[str, tuple[str, bytes, str]]]]
"""A multipart body: the form fields (a list value repeats the name) and the files, as httpx
takes them: ("attachments[]", (name, bytes, content type))."""

_DNS_HINTS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "no address associated",
    "temporary failure in name resolution",
    "name resolution",
)


def _is_dns_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return True
        if any(hint in str(current).lower() for hint in _DNS_HINTS):
            return True
        current = current.__cause__ or current.__context__
    return False


def encode_params(params: Params | None) -> str:
    """Query string with %20 for spaces (the reference's filter examples), lists comma-joined."""
    if not params:
        return ""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, list | tuple):
            text = ",".join(str(v) for v in value)
        else:
            text = str(value)
        pairs.append((key, text))
    return urlencode(pairs, quote_via=quote, safe="")


class ApiSession:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None,
        limiter: RateLimiter,
        timeout: float,
        retry: RetryPolicy,
        trace: TraceFn | None,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ConfigurationError(
                "No Freshservice API key is configured. Find yours in Freshservice under "
                "profile picture > Profile settings > Your API key."
            )
        self.base_url = base_url.rstrip("/")
        self._base = urlsplit(self.base_url)
        self.host = self._base.hostname or ""
        self.limiter = limiter
        self.retry = retry
        self._tracer = Tracer(trace, (api_key,))
        self._http = httpx.AsyncClient(
            auth=httpx.BasicAuth(api_key, "X"),
            transport=transport,
            timeout=httpx.Timeout(timeout),
            verify=True,
            follow_redirects=False,
            headers={
                "Accept": "application/json",
                "User-Agent": f"fstui/{__version__}",
            },
        )

    def __repr__(self) -> str:
        return f"ApiSession(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    def url_for(self, path_or_url: str, params: Params | None = None) -> str:
        """Absolute URL for an API path; a full URL (a Link header's) must stay on our host."""
        if "://" in path_or_url:
            target = urlsplit(path_or_url)
            if (target.scheme, target.netloc) != (self._base.scheme, self._base.netloc):
                raise MalformedResponse(
                    f"Freshservice pointed to another server ({target.netloc}); not following it "
                    "with your credentials."
                )
            url = path_or_url
        else:
            url = f"{self.base_url}/{path_or_url.lstrip('/')}"
        query = encode_params(params)
        if query:
            url += ("&" if "?" in url else "?") + query
        return url

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        multipart: Multipart | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> httpx.Response:
        """One API call with the retry rules below; `multipart` (form fields, files) is the
        body of a write with attachments, sent through the same rules as a JSON one."""
        method = method.upper()
        url = self.url_for(path, params)
        shown_path = api_path(url)
        include = httpx.URL(url).params.get("include")
        is_read = method == "GET"
        attempt = 0
        rate_limited = 0
        refused = 0
        content = None
        headers: dict[str, str] = {}
        if json_body is not None:
            content = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif method in ("PUT", "POST") and multipart is None:
            headers["Content-Type"] = "application/json"
        data, files = multipart if multipart is not None else (None, None)
        while True:
            attempt += 1
            reservation = await self.limiter.acquire_request(
                method, url, include=include, priority=priority
            )
            self._tracer.request(
                method, url, attempt, priority.name.lower(), credits_for(method, url, include)
            )
            started = time.monotonic()
            try:
                response = await self._http.request(
                    method, url, content=content, data=data, files=files, headers=headers
                )
            except httpx.TimeoutException as exc:
                self._tracer.failure(method, url, type(exc).__name__, time.monotonic() - started)
                not_sent = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
                if (is_read or not_sent) and attempt < self.retry.max_attempts:
                    await asyncio.sleep(self.retry.delay(attempt))
                    continue
                if not_sent and not is_read:
                    raise NotSent(
                        f"Could not connect to {self.host} in time: nothing was sent. Check "
                        "your network connection, or try again later.",
                        method=method,
                        path=shown_path,
                    ) from None
                raise self._timeout(method, shown_path, unknown_outcome=not is_read) from None
            except httpx.ConnectError as exc:
                self._tracer.failure(method, url, type(exc).__name__, time.monotonic() - started)
                if _is_dns_failure(exc):
                    raise UnknownDomain(
                        f"{self.host} could not be found (DNS lookup failed). Check the "
                        "Freshservice domain in your configuration, and your network.",
                        method=method,
                        path=shown_path,
                    ) from None
                # the connection never opened: nothing was sent, so even a write may be repeated
                refused += 1
                if refused < self.retry.connect_attempts and attempt < self.retry.max_attempts:
                    await asyncio.sleep(self.retry.delay(attempt))
                    continue
                raise NotSent(
                    f"Could not connect to {self.host}: nothing was sent. Check your network "
                    "connection and the Freshservice domain in your configuration.",
                    method=method,
                    path=shown_path,
                ) from None
            except httpx.TransportError as exc:
                self._tracer.failure(method, url, type(exc).__name__, time.monotonic() - started)
                if is_read and attempt < self.retry.max_attempts:
                    await asyncio.sleep(self.retry.delay(attempt))
                    continue
                outcome = (
                    ""
                    if is_read
                    else " The change may or may not have been applied: reload before retrying."
                )
                raise NetworkError(
                    f"The connection to {self.host} dropped during {method} {shown_path}.{outcome} "
                    "Check your network connection.",
                    method=method,
                    path=shown_path,
                ) from None
            elapsed = time.monotonic() - started
            self._observe(reservation, response)
            self._tracer.response(method, url, response.status_code, response.headers, elapsed)
            status = response.status_code
            if status == 429:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                waitable = retry_after is None or retry_after <= self.retry.max_rate_limit_wait
                if waitable and rate_limited < self.retry.max_rate_limit_retries:
                    # not processed by the server, so safe for any method; the limiter now
                    # holds every request sharing the budget until Retry-After has passed
                    rate_limited += 1
                    attempt -= 1
                    continue
                error = error_from_response(response, method, shown_path)
                assert isinstance(error, RateLimited)
                raise error
            retryable = status in self.retry.retry_statuses and is_read
            if retryable and attempt < self.retry.max_attempts:
                await asyncio.sleep(self.retry.delay(attempt))
                continue
            if status >= 300:  # redirects are not followed: the key must not travel elsewhere
                raise error_from_response(response, method, shown_path)
            return response

    def _observe(self, reservation: Reservation, response: httpx.Response) -> None:
        self.limiter.observe(reservation, response.status_code, response.headers)

    def _timeout(self, method: str, path: str, *, unknown_outcome: bool) -> RequestTimeout:
        message = f"{self.host} did not answer {method} {path} in time."
        if unknown_outcome:
            message += " The change may or may not have been applied: reload before retrying."
        else:
            message += " Check your network connection, or try again later."
        return RequestTimeout(message, method=method, path=path)

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Any:
        response = await self.request(
            method, path, params=params, json_body=json_body, priority=priority
        )
        return decode_json(response, method)

    @property
    def http(self) -> httpx.AsyncClient:
        return self._http


def decode_json(response: httpx.Response, method: str) -> Any:
    """The body as JSON; ``None`` for an empty body (204 on DELETE); else MalformedResponse."""
    if response.status_code == 204 or not response.content.strip():
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        path = api_path(str(response.request.url)) if response.request else "?"
        raise MalformedResponse(
            f"Freshservice sent an unreadable answer to {method} {path} (not JSON, or cut off). "
            "Try again; if it persists the service may be having problems.",
            status=response.status_code,
            method=method,
            path=path,
        ) from None
