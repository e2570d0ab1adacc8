"""From a failed HTTP response to the project's exception, with a message an agent can act on."""

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
            if isinstance(value, str) and value.strip():
                return value.strip()[:_MAX_DETAIL]
    return ""


def field_errors(body: Any) -> list[FieldError]:
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    found: list[FieldError] = []
    for item in body["errors"]:
        if isinstance(item, dict):
            found.append(
                FieldError(
                    field=str(item["field"]) if item.get("field") is not None else None,
                    message=str(item.get("message") or "invalid"),
                    code=str(item["code"]) if item.get("code") is not None else None,
                )
            )
    return found


def error_from_response(response: httpx.Response, method: str, path: str) -> FreshserviceError:
    status = response.status_code
    host = response.request.url.host if response.request else "Freshservice"
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
        target = httpx.URL(response.headers.get("location", "")).host or "another address"
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
