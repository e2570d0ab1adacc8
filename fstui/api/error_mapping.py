"""From a failed HTTP response to the project's exception, with a message an agent can act on.

The server's words are untrusted text: a 400 may carry a field value the customer typed, escape
sequences included, and exception messages end up in toasts, the bulk-failure list and logs.
Every piece taken from the body or headers goes through the text funnel (`inert_line`) here,
once, so no caller has to remember to.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from fstui.api.errors import (
    AuthenticationError,
    Conflict,
    FieldError,
    FreshserviceError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
)
from fstui.api.ratelimit.limiter import parse_retry_after
from fstui.text.inert import inert_line

_MAX_DETAIL = 300


def _body(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def _detail(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "description", "error"):
            value = body.get(key)
            if isinstance(value, str):
                shown = inert_line(value, _MAX_DETAIL)
                if shown:
                    return shown
    return ""


def field_errors(body: Any) -> list[FieldError]:
    """The ``errors`` list of a 400 body, each part made inert and capped."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    found: list[FieldError] = []
    for item in body["errors"]:
        if isinstance(item, dict):
            found.append(
                FieldError(
                    field=_inert_or_none(item.get("field"), 100),
                    message=inert_line(str(item.get("message") or ""), _MAX_DETAIL) or "invalid",
                    code=_inert_or_none(item.get("code"), 60),
                )
            )
    return found


def _inert_or_none(value: Any, max_len: int) -> str | None:
    if value is None:
        return None
    return inert_line(str(value), max_len) or None


def error_from_response(response: httpx.Response, method: str, path: str) -> FreshserviceError:
    status = response.status_code
    host = inert_line(response.request.url.host, 255) if response.request else "Freshservice"
    body = _body(response)
    detail = _detail(body)
    suffix = f" ({detail})" if detail else ""
    where = f"{method} {path}"
    if status == 401:
        return AuthenticationError(
            f"The API key was rejected by {host}. Check the key in your fstui configuration "
            "(in Freshservice: profile picture > Profile settings > Your API key) and that it "
            "belongs to this helpdesk.",
            status=401,
            method=method,
            path=path,
        )
    if status == 403:
        return PermissionDenied(
            f"{host} refused {where}{suffix}: your Freshservice role does not allow this, or the "
            "feature is not enabled. Ask an administrator if you need access.",
            status=403,
            method=method,
            path=path,
        )
    if status == 404:
        return NotFound(
            f"Not found: {where} on {host}{suffix}. It may have been deleted or you may not have "
            "access to it.",
            status=404,
            method=method,
            path=path,
        )
    if status == 400:
        errors = field_errors(body)
        listed = "; ".join(str(e) for e in errors)
        head = detail or "Validation failed"
        message = f"Freshservice rejected {where}: {head}"
        message += f": {listed}" if listed else "."
        return ValidationFailed(message, errors=errors, method=method, path=path)
    if status == 409:
        return Conflict(
            f"Conflict on {where}{suffix}: the record changed or is in a state that does not allow "
            "this. Reload it and try again.",
            status=409,
            method=method,
            path=path,
        )
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        when = f" Try again in {retry_after:.0f} s." if retry_after is not None else ""
        return RateLimited(
            f"Freshservice's API rate limit for {host} is used up.{when}",
            retry_after=retry_after,
            method=method,
            path=path,
        )
    if 300 <= status < 400:
        try:
            target: str = inert_line(httpx.URL(response.headers.get("location", "")).host, 255)
        except httpx.InvalidURL:
            target = ""
        target = target or "another address"
        return FreshserviceError(
            f"{host} redirected {where} to {target}; fstui does not follow redirects with your "
            "API key. Check the domain in your configuration.",
            status=status,
            method=method,
            path=path,
        )
    if status >= 500:
        note = "" if method == "GET" else " The change may or may not have been applied."
        return ServerError(
            f"Freshservice had a server error ({status}) on {where}.{note} Try again shortly.",
            status=status,
            method=method,
            path=path,
        )
    return FreshserviceError(
        f"Freshservice answered {status} to {where}{suffix}.",
        status=status,
        method=method,
        path=path,
    )
