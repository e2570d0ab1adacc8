"""Request/response plumbing shared by the route modules: JSON bodies, includes, ids."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import ApiError, field_error
from fstui.sandbox.state import Sandbox

JsonDict = dict[str, Any]
JSON_MEDIA_TYPE = "application/json; charset=utf-8"
"""What Freshservice labels its bodies with (the reference, line 69; every recording)."""
COMMON_HEADERS = {
    "X-Freshservice-Api-Version": "latest=v2; requested=v2",
    "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate",
}


def sandbox_of(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        body,
        status_code=status,
        headers={**COMMON_HEADERS, **(headers or {})},
        media_type=JSON_MEDIA_TYPE,
    )


def no_content() -> Response:
    return Response(status_code=204, headers=COMMON_HEADERS)


def created(request: Request, body: Any, path: str) -> Response:
    """201 with Location pointing at the new resource, on the host the client called."""
    location = str(request.url.replace(path=path, query=""))
    return json_response(body, 201, {"Location": location})


async def read_json(request: Request, *, allow_empty: bool = False) -> JsonDict:
    """The request's JSON object; 415 for other content types, 400 invalid_json when broken."""
    raw = await request.body()
    if not raw.strip():
        if allow_empty:
            return {}
        raise field_error("body", "Request body is empty; JSON data is required", "invalid_json")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        shown = content_type or "empty"
        raise ApiError(
            415,
            {
                "code": "invalid_content_type",
                "message": f"Content-Type header is set to {shown}. It should be set to "
                "application/json",
            },
        )
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise field_error("body", "Request body has invalid json format", "invalid_json") from None
    if not isinstance(body, dict):
        raise field_error("body", "Request body must be a JSON object", "invalid_json")
    return body


def includes(request: Request, allowed: tuple[str, ...]) -> set[str]:
    """The ``include`` list; anything not allowed is the real API's invalid_value body."""
    raw = request.query_params.get("include")
    if raw is None:
        return set()
    wanted = {part.strip() for part in raw.split(",") if part.strip()}
    if not wanted or not wanted <= set(allowed):
        raise field_error(
            "include", f"It should be one of these values: '{', '.join(allowed)}'", "invalid_value"
        )
    return wanted


def path_int(request: Request, name: str = "id") -> int:
    return int(request.path_params[name])


def query_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise field_error(name, "It should be a/an Positive Integer", "datatype_mismatch") from None


def query_workspace(request: Request, db: SandboxDB) -> int:
    """The workspace a list answers from: the primary one unless ``workspace_id`` names
    another, 0 for all of them (reference line 1243). A workspace the account does not have
    simply holds nothing (the reference documents no error for it)."""
    workspace = query_int(request, "workspace_id")
    return PRIMARY_WORKSPACE_ID if workspace is None else workspace


def query_bool(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        raise field_error(name, "It should be either true or false", "datatype_mismatch")
    return raw.lower() == "true"


def public(row: JsonDict, *, hide: tuple[str, ...] = ()) -> JsonDict:
    """A record without the sandbox's private "_" keys (and any ``hide`` keys)."""
    return {k: v for k, v in row.items() if not k.startswith("_") and k not in hide}
