"""Assets and asset types: list (filter, search, trash, order), view, update, delete, restore."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.query import ASSET_FIELDS, QueryError, evaluate, parse
from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids
from fstui.sandbox.data.assets import type_lineage
from fstui.sandbox.data.forms import STATUSES
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import FieldError, conflict, field_error, not_found, validation_failed
from fstui.sandbox.pagination import paginate
from fstui.sandbox.routes.tickets import MAX_QUERY_LENGTH
from fstui.sandbox.state import Sandbox
from fstui.sandbox.timefmt import iso, parse_instant
from fstui.sandbox.web import (
    created,
    includes,
    json_response,
    no_content,
    path_int,
    public,
    query_bool,
    query_int,
    read_json,
    sandbox_of,
)

JsonDict = dict[str, Any]
SEARCH = re.compile(r"""^\s*(name|asset_tag|serial_number)\s*:\s*'((?:[^'\\]|\\.)*)'\s*$""")
ORDER_BY = ("id", "created_at", "updated_at")
UPDATE_FIELDS = frozenset(
    {
        "name",
        "asset_type_id",
        "asset_tag",
        "impact",
        "usage_type",
        "description",
        "location_id",
        "agent_id",
        "department_id",
        "group_id",
        "assigned_on",
        "user_id",
        "type_fields",
    }
)
NULLABLE_IDS = ("location_id", "agent_id", "department_id", "group_id", "user_id")


def _asset_json(asset: JsonDict, include: set[str]) -> JsonDict:
    return public(asset, hide=() if "type_fields" in include else ("type_fields",))


def _quoted(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise field_error(name, "Query should be enclosed within double quotes")
    inner = text[1:-1]
    if len(inner) > MAX_QUERY_LENGTH:
        raise field_error(name, f"Query string should not exceed {MAX_QUERY_LENGTH} characters")
    return inner


def _search_predicate(inner: str) -> tuple[str, str]:
    match = SEARCH.match(inner)
    if match is None:
        raise field_error(
            "search",
            "It should be in the format name:'value', asset_tag:'value' or serial_number:'value'",
        )
    return match.group(1), match.group(2).replace("\\'", "'").lower()


def _serial(asset: JsonDict) -> str:
    for key, value in asset.get("type_fields", {}).items():
        if key.startswith("serial_number_") and isinstance(value, str):
            return value
    return ""


def _search_matches(asset: JsonDict, field: str, term: str) -> bool:
    value = _serial(asset) if field == "serial_number" else str(asset.get(field) or "")
    value = value.lower()
    return value.startswith(term) or any(word.startswith(term) for word in value.split())


def _list(request: Request) -> Response:
    db = sandbox_of(request).db
    include = includes(request, ("type_fields",))
    trashed = bool(query_bool(request, "trashed"))
    workspace = query_int(request, "workspace_id")
    order_by = request.query_params.get("order_by", "created_at")
    order = request.query_params.get("order_type", "desc")
    if order_by not in ORDER_BY:
        raise field_error("order_by", f"It should be one of these values: '{','.join(ORDER_BY)}'")
    if order not in ("asc", "desc"):
        raise field_error("order_type", "It should be one of these values: 'asc,desc'")
    rows = [
        a
        for a in db.assets.values()
        if a["deleted"] is trashed and (workspace in (None, 0) or a["workspace_id"] == workspace)
    ]
    search = _quoted(request, "search")
    if search is not None:
        field, term = _search_predicate(search)
        rows = [a for a in rows if _search_matches(a, field, term)]
    query = _quoted(request, "filter")
    if query is not None:
        try:
            node = parse(query, ASSET_FIELDS)
        except QueryError as error:
            raise field_error("filter", error.message, error.code) from None
        rows = [a for a in rows if evaluate(node, a, ASSET_FIELDS)]
    if search is not None or query is not None:
        order_by, order = "created_at", "desc"  # "Filtered results cannot be sorted"
    rows.sort(key=lambda a: (a[order_by], a["display_id"]), reverse=order == "desc")
    page, headers = paginate(request, rows)
    if search is not None or query is not None:
        headers["X-Total-Count"] = str(len(rows))
    return json_response({"assets": [_asset_json(a, include) for a in page]}, headers=headers)


def _get(db: SandboxDB, request: Request) -> JsonDict:
    asset = db.assets.get(path_int(request))
    if asset is None:
        raise not_found()
    return asset


def _show(request: Request) -> Response:
    db = sandbox_of(request).db
    include = includes(request, ("type_fields",))
    return json_response({"asset": _asset_json(_get(db, request), include)})


def _validate_update(db: SandboxDB, asset: JsonDict, body: JsonDict) -> None:
    errors = [
        FieldError(name, "Unexpected/invalid field in request", "invalid_field")
        for name in body
        if name not in UPDATE_FIELDS
    ]
    for name in ("name", "asset_tag", "description"):
        if name in body and not isinstance(body[name], str | None):
            errors.append(FieldError(name, "It should be a/an String", "datatype_mismatch"))
    if "name" in body and not body["name"]:
        errors.append(FieldError("name", "It should not be blank", "invalid_value"))
    if "impact" in body and body["impact"] not in ("low", "medium", "high"):
        errors.append(
            FieldError(
                "impact", "It should be one of these values: 'low,medium,high'", "invalid_value"
            )
        )
    if "usage_type" in body and body["usage_type"] not in ("permanent", "loaner"):
        errors.append(
            FieldError(
                "usage_type",
                "It should be one of these values: 'permanent,loaner'",
                "invalid_value",
            )
        )
    for name in NULLABLE_IDS:
        if name in body and body[name] is not None and not isinstance(body[name], int):
            errors.append(FieldError(name, "It should be a/an Integer", "datatype_mismatch"))
    type_ids = {t["id"] for t in db.asset_types}
    type_id = body.get("asset_type_id", asset["asset_type_id"])
    if not isinstance(type_id, int) or type_id not in type_ids:
        errors.append(
            FieldError(
                "asset_type_id",
                "There is no asset type matching the given asset_type_id",
                "invalid_value",
            )
        )
    elif "type_fields" in body:
        if not isinstance(body["type_fields"], dict):
            errors.append(
                FieldError("type_fields", "It should be a/an key/value pair", "datatype_mismatch")
            )
        else:
            known = {
                f["name"]
                for t in type_lineage(db.asset_types, type_id)
                for f in db.asset_type_fields[t]
            }
            errors.extend(
                FieldError(name, "Unexpected/invalid field in request", "invalid_field")
                for name in body["type_fields"]
                if name not in known
            )
    if (
        "assigned_on" in body
        and body["assigned_on"] is not None
        and (not isinstance(body["assigned_on"], str) or parse_instant(body["assigned_on"]) is None)
    ):
        errors.append(
            FieldError("assigned_on", "It should be in the 'valid date' format", "invalid_value")
        )
    if errors:
        raise validation_failed(*errors)


async def _update(request: Request) -> Response:
    sandbox = sandbox_of(request)
    asset = _get(sandbox.db, request)
    body = await read_json(request)
    _validate_update(sandbox.db, asset, body)
    for name, value in body.items():
        if name == "type_fields":
            asset["type_fields"] = {**asset.get("type_fields", {}), **value}
        elif name == "assigned_on" and value is not None:
            asset[name] = iso(parse_instant(value) or sandbox.now())
        else:
            asset[name] = value
    _touch(sandbox, asset)
    return json_response({"asset": _asset_json(asset, {"type_fields"})})


CREATE_FIELDS = UPDATE_FIELDS | {"workspace_id"}


async def _create(request: Request) -> Response:
    """POST /assets (reference line 15242): name and asset_type_id are mandatory; impact
    defaults to "low" and usage_type to "permanent" (line 15239)."""
    sandbox = sandbox_of(request)
    db = sandbox.db
    body = await read_json(request)
    missing = [
        FieldError(name, "It should be a/an String" if name == "name" else "Mandatory attribute "
                   "missing", "missing_field")
        for name in ("name", "asset_type_id")
        if name not in body
    ]  # fmt: skip
    if missing:
        raise validation_failed(*missing)
    workspace = body.get("workspace_id", PRIMARY_WORKSPACE_ID)
    known = {w["id"] for w in db.workspaces} or {PRIMARY_WORKSPACE_ID}
    if not isinstance(workspace, int) or workspace not in known:
        raise field_error(
            "workspace_id", "There is no record matching the given workspace_id", "invalid_value"
        )
    _validate_update(db, {"asset_type_id": body["asset_type_id"]}, _without(body, "workspace_id"))
    now = iso(sandbox.now())
    display_id = max(db.assets, default=0) + 1
    display_id = max(display_id, max(db.purged_assets, default=0) + 1)
    asset: JsonDict = {
        "id": ids.ASSET_ID_BASE + display_id,
        "display_id": display_id,
        "name": body["name"],
        "description": body.get("description"),
        "asset_type_id": body["asset_type_id"],
        "impact": body.get("impact", "low"),
        "author_type": "User",
        "usage_type": body.get("usage_type", "permanent"),
        "asset_tag": body.get("asset_tag") or f"ASSET-{display_id}",
        "user_id": body.get("user_id"),
        "location_id": body.get("location_id"),
        "department_id": body.get("department_id"),
        "agent_id": body.get("agent_id"),
        "group_id": body.get("group_id"),
        "assigned_on": iso(parse_instant(body["assigned_on"]) or sandbox.now())
        if body.get("assigned_on")
        else None,
        "created_at": now,
        "updated_at": now,
        "workspace_id": workspace,
        "created_by_source": "API",
        "last_updated_by_source": "API",
        "created_by_user": db.me_id,
        "last_updated_by_user": db.me_id,
        "sources": ["API"],
        "end_of_life": None,
        "discovery_enabled": False,
        "deleted": False,
        "type_fields": dict(body.get("type_fields") or {}),
    }
    db.assets[display_id] = asset
    _touch(sandbox, asset)
    return created(
        request, {"asset": _asset_json(asset, {"type_fields"})}, f"/api/v2/assets/{display_id}"
    )


def _without(body: JsonDict, name: str) -> JsonDict:
    return {k: v for k, v in body.items() if k != name}


def _delete_forever(request: Request) -> Response:
    """PUT /assets/{id}/delete_forever (line 15721): gone for good, restore finds nothing."""
    sandbox = sandbox_of(request)
    asset = _get(sandbox.db, request)
    sandbox.db.assets.pop(asset["display_id"])
    sandbox.db.purged_assets.add(asset["display_id"])
    sandbox.db.touched_assets.discard(asset["display_id"])
    for linked in sandbox.db.ticket_assets.values():
        if asset["display_id"] in linked:
            linked.remove(asset["display_id"])
    sandbox.persist()
    return no_content()


def _touch(sandbox: Sandbox, asset: JsonDict) -> None:
    asset["updated_at"] = iso(sandbox.now())
    sandbox.db.touched_assets.add(asset["display_id"])
    sandbox.persist()


def _delete(request: Request) -> Response:
    sandbox = sandbox_of(request)
    asset = _get(sandbox.db, request)
    if asset["deleted"]:
        raise not_found()
    asset["deleted"] = True
    _touch(sandbox, asset)
    return no_content()


def _restore(request: Request) -> Response:
    sandbox = sandbox_of(request)
    asset = _get(sandbox.db, request)
    if not asset["deleted"]:
        raise conflict("The asset is not in trash, so it cannot be restored")
    asset["deleted"] = False
    _touch(sandbox, asset)
    return no_content()


def _requests(request: Request) -> Response:
    db = sandbox_of(request).db
    asset = _get(db, request)
    rows = []
    for ticket_id in db.asset_tickets(asset["display_id"]):
        ticket = db.tickets[ticket_id]
        prefix = "SR" if ticket["type"] == "Service Request" else "INC"
        rows.append(
            {
                "id": ticket_id,
                "created_at": ticket["created_at"],
                "updated_at": ticket["updated_at"],
                "request_type": "Ticket",
                "request_id": f"{prefix}-{ticket_id}",
                "request_details": ticket["subject"],
                "request_status": STATUSES.get(ticket["status"], str(ticket["status"])),
            }
        )
    page, headers = paginate(request, rows)
    return json_response({"requests": page}, headers=headers)


def _types(request: Request) -> Response:
    page, headers = paginate(request, sandbox_of(request).db.asset_types)
    return json_response({"asset_types": page}, headers=headers)


def _type(db: SandboxDB, request: Request) -> JsonDict:
    wanted = path_int(request)
    for row in db.asset_types:
        if row["id"] == wanted:
            return row
    raise not_found()


def _show_type(request: Request) -> Response:
    return json_response({"asset_type": _type(sandbox_of(request).db, request)})


_DEFAULT_FIELDS = (
    (
        "General",
        (
            ("name", "Display Name", "text", "string", True),
            ("asset_tag", "Asset Tag", "text", "string", False),
            ("asset_type_id", "Asset Type", "dropdown", "integer", True),
            ("impact", "Impact", "dropdown", "string", False),
            ("description", "Description", "paragraph", "text", False),
        ),
    ),
    (
        "Assignment",
        (
            ("user_id", "Used By", "dropdown", "integer", False),
            ("location_id", "Location", "dropdown", "integer", False),
            ("department_id", "Department", "dropdown", "integer", False),
            ("agent_id", "Managed By", "dropdown", "integer", False),
            ("group_id", "Managed By Group", "dropdown", "integer", False),
            ("assigned_on", "Assigned on", "date_time", "date_time", False),
        ),
    ),
)


def _type_fields(request: Request) -> Response:
    db = sandbox_of(request).db
    asset_type = _type(db, request)
    sections: list[JsonDict] = [
        {
            "field_header": header,
            "fields": [
                {
                    "id": None,
                    "created_at": None,
                    "updated_at": None,
                    "asset_type_id": None,
                    "name": name,
                    "label": label,
                    "field_type": field_type,
                    "data_type": data_type,
                    "required": required,
                    "is_unique": False,
                    "default_field": True,
                }
                for name, label, field_type, data_type, required in fields
            ],
        }
        for header, fields in _DEFAULT_FIELDS
    ]
    by_id = {t["id"]: t for t in db.asset_types}
    for type_id in type_lineage(db.asset_types, asset_type["id"]):
        if db.asset_type_fields[type_id]:
            sections.append(
                {"field_header": by_id[type_id]["name"], "fields": db.asset_type_fields[type_id]}
            )
    return json_response({"asset_type_fields": sections})


ROUTES = [
    Route("/api/v2/assets", _list, methods=["GET"]),
    Route("/api/v2/assets", _create, methods=["POST"]),
    Route("/api/v2/assets/{id:int}/delete_forever", _delete_forever, methods=["PUT"]),
    Route("/api/v2/assets/{id:int}", _show, methods=["GET"]),
    Route("/api/v2/assets/{id:int}", _update, methods=["PUT"]),
    Route("/api/v2/assets/{id:int}", _delete, methods=["DELETE"]),
    Route("/api/v2/assets/{id:int}/restore", _restore, methods=["PUT"]),
    Route("/api/v2/assets/{id:int}/requests", _requests, methods=["GET"]),
    Route("/api/v2/asset_types", _types, methods=["GET"]),
    Route("/api/v2/asset_types/{id:int}", _show_type, methods=["GET"]),
    Route("/api/v2/asset_types/{id:int}/fields", _type_fields, methods=["GET"]),
]
