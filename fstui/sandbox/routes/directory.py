"""People and places: agents, requesters, groups, departments, locations (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import field_error, not_found
from fstui.sandbox.pagination import paginate
from fstui.sandbox.web import json_response, path_int, query_bool, sandbox_of

JsonDict = dict[str, Any]


def _agents(request: Request) -> Response:
    db = sandbox_of(request).db
    params = request.query_params
    rows = db.agents
    if (email := params.get("email")) is not None:
        rows = [a for a in rows if a["email"].lower() == email.lower()]
    for name in ("mobile_phone_number", "work_phone_number"):
        if (value := params.get(name)) is not None:
            rows = [a for a in rows if a.get(name) == value]
    if (active := query_bool(request, "active")) is not None:
        rows = [a for a in rows if a["active"] is active]
    if (state := params.get("state")) is not None:
        if state not in ("fulltime", "occasional"):
            raise field_error("state", "It should be one of these values: 'fulltime,occasional'")
        rows = [a for a in rows if a["occasional"] is (state == "occasional")]
    page, headers = paginate(request, rows)
    return json_response({"agents": page}, headers=headers)


def _requesters(request: Request) -> Response:
    db = sandbox_of(request).db
    params = request.query_params
    rows = db.requesters
    if (email := params.get("email")) is not None:
        found = db.requester_by_email.get(email.lower())
        rows = [found] if found else []
    for name in ("mobile_phone_number", "work_phone_number"):
        if (value := params.get(name)) is not None:
            rows = [r for r in rows if r.get(name) == value]
    page, headers = paginate(request, rows)
    return json_response({"requesters": page}, headers=headers)


def _lister(key: str, rows_of: Callable[[SandboxDB], list[JsonDict]]) -> Callable[..., Response]:
    def handler(request: Request) -> Response:
        page, headers = paginate(request, rows_of(sandbox_of(request).db))
        return json_response({key: page}, headers=headers)

    return handler


def _shower(key: str, rows_of: Callable[[SandboxDB], list[JsonDict]]) -> Callable[..., Response]:
    def handler(request: Request) -> Response:
        wanted = path_int(request)
        for row in rows_of(sandbox_of(request).db):
            if row["id"] == wanted:
                return json_response({key: row})
        raise not_found()

    return handler


def _rows(name: str) -> Callable[[SandboxDB], list[JsonDict]]:
    def rows_of(db: SandboxDB) -> list[JsonDict]:
        rows: list[JsonDict] = getattr(db, name)
        return rows

    return rows_of


ROUTES = [
    Route("/api/v2/agents", _agents, methods=["GET"]),
    Route("/api/v2/agents/{id:int}", _shower("agent", _rows("agents")), methods=["GET"]),
    Route("/api/v2/requesters", _requesters, methods=["GET"]),
    Route(
        "/api/v2/requesters/{id:int}", _shower("requester", _rows("requesters")), methods=["GET"]
    ),
    Route("/api/v2/groups", _lister("groups", _rows("groups")), methods=["GET"]),
    Route("/api/v2/groups/{id:int}", _shower("group", _rows("groups")), methods=["GET"]),
    Route("/api/v2/departments", _lister("departments", _rows("departments")), methods=["GET"]),
    Route(
        "/api/v2/departments/{id:int}", _shower("department", _rows("departments")), methods=["GET"]
    ),
    Route("/api/v2/locations", _lister("locations", _rows("locations")), methods=["GET"]),
    Route("/api/v2/locations/{id:int}", _shower("location", _rows("locations")), methods=["GET"]),
]
