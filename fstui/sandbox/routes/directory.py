"""People and places: agents, requesters, groups, departments, locations (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import field_error, not_found
from fstui.sandbox.pagination import page_params, paginate
from fstui.sandbox.people_query import (
    AGENT_FIELDS,
    AGENT_PREFIX,
    MAX_PAGE,
    PAGE_SIZE,
    REQUESTER_FIELDS,
    REQUESTER_PREFIX,
    filter_people,
    searchable,
)
from fstui.sandbox.web import json_response, path_int, query_bool, query_workspace, sandbox_of

JsonDict = dict[str, Any]


_REQUESTER_KEYS = (
    "id",
    "is_agent",
    "first_name",
    "last_name",
    "job_title",
    "primary_email",
    "secondary_emails",
    "work_phone_number",
    "mobile_phone_number",
    "department_ids",
    "department_names",
    "can_see_all_tickets_from_associated_departments",
    "can_see_all_changes_from_associated_departments",
    "reporting_manager_id",
    "address",
    "time_zone",
    "time_format",
    "language",
    "location_id",
    "location_name",
    "background_information",
    "custom_fields",
    "active",
    "has_logged_in",
    "vip_user",
    "external_id",
    "created_at",
    "updated_at",
)


def agent_as_requester(agent: JsonDict) -> JsonDict:
    """An agent in a requester list (``include_agents=true``): the requester shape, with
    ``is_agent`` true and the agent's e-mail as its primary e-mail."""
    values = {**agent, "is_agent": True, "primary_email": agent["email"], "secondary_emails": []}
    return {key: values.get(key) for key in _REQUESTER_KEYS}


def _filtered_page(request: Request, key: str, rows: list[JsonDict]) -> Response:
    """A filtered list: 30 a page, pages 1-40, no Link header (like /tickets/filter)."""
    page, _ = page_params(request, fixed_per_page=PAGE_SIZE)
    if page > MAX_PAGE:
        raise field_error("page", f"Has to be less than or equal to {MAX_PAGE}", "invalid_value")
    chunk, _ = paginate(request, rows, fixed_per_page=PAGE_SIZE)
    return json_response({key: chunk})


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
    if (query := params.get("query")) is not None:
        rows = filter_people(
            query, rows, fields=AGENT_FIELDS, prefix_attributes=AGENT_PREFIX, record_of=searchable
        )
        return _filtered_page(request, "agents", rows)
    page, headers = paginate(request, rows)
    return json_response({"agents": page}, headers=headers)


def _requesters(request: Request) -> Response:
    """Requesters only, unless ``include_agents=true`` (reference line 12035, note 2)."""
    db = sandbox_of(request).db
    params = request.query_params
    rows = db.requesters
    if query_bool(request, "include_agents"):
        rows = [*rows, *(agent_as_requester(a) for a in db.agents)]
    if (email := params.get("email")) is not None:
        rows = [r for r in rows if r["primary_email"].lower() == email.lower()]
    for name in ("mobile_phone_number", "work_phone_number"):
        if (value := params.get(name)) is not None:
            rows = [r for r in rows if r.get(name) == value]
    if (query := params.get("query")) is not None:
        rows = filter_people(
            query,
            rows,
            fields=REQUESTER_FIELDS,
            prefix_attributes=REQUESTER_PREFIX,
            record_of=searchable,
        )
        return _filtered_page(request, "requesters", rows)
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


def _groups(request: Request) -> Response:
    """Agent groups of the given workspace, or the primary one (changelog Dec 2023, line 105)."""
    db = sandbox_of(request).db
    workspace = query_workspace(request, db)
    rows = [g for g in db.groups if workspace == 0 or g["workspace_id"] == workspace]
    page, headers = paginate(request, rows)
    return json_response({"groups": page}, headers=headers)


def _requester_group_members(request: Request) -> Response:
    """Reference line 14507: members as id, first_name, last_name and email."""
    db = sandbox_of(request).db
    wanted = path_int(request)
    if wanted not in db.requester_group_members:
        raise not_found()
    people = [db.requester_by_id[i] for i in db.requester_group_members[wanted]]
    page, headers = paginate(request, people)
    body = [
        {
            "id": p["id"],
            "first_name": p["first_name"],
            "last_name": p["last_name"],
            "email": p["primary_email"],
        }
        for p in page
    ]
    return json_response({"requesters": body}, headers=headers)


def _whole(key: str, rows_of: Callable[[SandboxDB], list[JsonDict]]) -> Callable[..., Response]:
    """A list the reference answers in one body (no pages): fields and workspaces."""

    def handler(request: Request) -> Response:
        return json_response({key: rows_of(sandbox_of(request).db)})

    return handler


ROUTES = [
    Route("/api/v2/agents", _agents, methods=["GET"]),
    Route("/api/v2/agents/{id:int}", _shower("agent", _rows("agents")), methods=["GET"]),
    Route("/api/v2/requesters", _requesters, methods=["GET"]),
    Route(
        "/api/v2/requesters/{id:int}", _shower("requester", _rows("requesters")), methods=["GET"]
    ),
    Route("/api/v2/groups", _groups, methods=["GET"]),
    Route("/api/v2/groups/{id:int}", _shower("group", _rows("groups")), methods=["GET"]),
    Route("/api/v2/departments", _lister("departments", _rows("departments")), methods=["GET"]),
    Route(
        "/api/v2/departments/{id:int}", _shower("department", _rows("departments")), methods=["GET"]
    ),
    Route("/api/v2/locations", _lister("locations", _rows("locations")), methods=["GET"]),
    Route("/api/v2/locations/{id:int}", _shower("location", _rows("locations")), methods=["GET"]),
    Route("/api/v2/workspaces", _whole("workspaces", _rows("workspaces")), methods=["GET"]),
    Route(
        "/api/v2/workspaces/{id:int}", _shower("workspace", _rows("workspaces")), methods=["GET"]
    ),
    Route("/api/v2/agent_fields", _whole("agent_fields", _rows("agent_fields")), methods=["GET"]),
    Route(
        "/api/v2/requester_fields",
        _whole("requester_fields", _rows("requester_fields")),
        methods=["GET"],
    ),
    Route(
        "/api/v2/requester_groups",
        _lister("requester_groups", _rows("requester_groups")),
        methods=["GET"],
    ),
    Route(
        "/api/v2/requester_groups/{id:int}",
        _shower("requester_group", _rows("requester_groups")),
        methods=["GET"],
    ),
    Route("/api/v2/requester_groups/{id:int}/members", _requester_group_members, methods=["GET"]),
]
