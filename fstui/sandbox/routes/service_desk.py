"""Issue #20's endpoints: requested items, the service catalog, approvals, child tickets and
solution articles. Reference lines are cited per handler; every list is paginated like the
rest of the sandbox (per_page up to 100) unless the reference fixes the page size.

Approvals: the headings say ``/api/v2/ticket/[ticket_id]/approvals`` (line 3968) while every
curl example calls ``/api/v2/tickets/20/approvals`` (line 3973): both are served.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox import attachments as files
from fstui.sandbox.data import service_desk as desk_data
from fstui.sandbox.errors import FieldError, conflict, field_error, not_found, validation_failed
from fstui.sandbox.pagination import paginate
from fstui.sandbox.routes.tickets import create_ticket_row, get_ticket_row, record_activity
from fstui.sandbox.state import Sandbox
from fstui.sandbox.timefmt import iso
from fstui.sandbox.web import (
    json_response,
    path_int,
    public,
    query_int,
    query_workspace,
    read_json,
    sandbox_of,
)

JsonDict = dict[str, Any]
APPROVALS_PAGE_SIZE = 30
"""/approvals "will return at max 30 approval requests" (reference line 11702)."""
_APPROVAL_FILTERS = ("approver_id", "status", "parent_id", "delegatee_id")
_STATUS_BY_NAME = {name: code for code, name in desk_data.APPROVAL_STATES.items()}


def _touch(sandbox: Sandbox, row: JsonDict) -> None:
    row["updated_at"] = iso(sandbox.now())
    sandbox.db.touched.add(row["id"])


# -- requested items (reference lines 3820-3890) ----------------------------------------------


def _list_requested_items(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    if row.get("type") != "Service Request":
        raise field_error(
            "ticket_id", "Requested items are available only for service requests", "invalid_value"
        )
    items = sandbox.db.desk.requested_items.get(row["id"], [])
    page, headers = paginate(request, items)
    return json_response({"requested_items": [dict(i) for i in page]}, headers=headers)


def _requested_item_answer(sandbox: Sandbox, row: JsonDict, item: JsonDict) -> JsonDict:
    """The update answer's richer shape (reference line 3890): stage as id and name, the
    service item embedded."""
    catalog = {i["display_id"]: i for i in sandbox.db.desk.service_items}
    service = catalog.get(item["service_item_id"], {})
    return {
        "id": item["id"],
        "item_id": item["service_item_id"],
        "quantity": item["quantity"],
        "service_request_id": row["id"],
        "stage": {"id": item["stage"], "name": desk_data.STAGES[item["stage"]]},
        "fulfilled": item["stage"] == 4,
        "cost": item["cost_per_request"],
        "custom_fields": dict(item["custom_fields"]),
        "item": {
            "name": service.get("name"),
            "display_id": service.get("display_id"),
            "deleted": service.get("deleted", False),
            "item_type": {
                "id": service.get("item_type", 1),
                "name": "loaner" if service.get("item_type") == 2 else "normal",
            },
            "short_description": service.get("short_description"),
            "description": service.get("description"),
        },
    }


async def _update_requested_item(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    wanted = path_int(request, "item_id")
    items = sandbox.db.desk.requested_items.get(row["id"], [])
    item = next((i for i in items if i["id"] == wanted), None)
    if item is None:
        raise not_found()
    body = await read_json(request)
    errors = [
        FieldError(k, "Unexpected/invalid field in request", "invalid_field")
        for k in body
        if k not in ("quantity", "stage", "custom_fields")
    ]
    quantity = body.get("quantity")
    if "quantity" in body and not (
        isinstance(quantity, int) and not isinstance(quantity, bool) and quantity >= 1
    ):
        errors.append(
            FieldError("quantity", "It should be a/an Positive Integer", "datatype_mismatch")
        )
    stage = body.get("stage")
    if "stage" in body and stage not in desk_data.STAGES:
        allowed = ",".join(str(s) for s in desk_data.STAGES)
        errors.append(
            FieldError("stage", f"It should be one of these values: '{allowed}'", "invalid_value")
        )
    if "custom_fields" in body and not isinstance(body["custom_fields"], dict):
        errors.append(
            FieldError("custom_fields", "It should be a/an key/value pair", "datatype_mismatch")
        )
    if errors:
        raise validation_failed(*errors)
    changes = []
    if "quantity" in body and body["quantity"] != item["quantity"]:
        changes.append(f"set Quantity as {body['quantity']}")
        item["quantity"] = body["quantity"]
    if "stage" in body and body["stage"] != item["stage"]:
        changes.append(f"set Stage as {desk_data.STAGES[body['stage']]}")
        item["stage"] = body["stage"]
    if "custom_fields" in body:
        item["custom_fields"] = {**item["custom_fields"], **body["custom_fields"]}
    item["updated_at"] = iso(sandbox.now())
    sandbox.db.thread(row["id"])  # materialise before the row changes (determinism)
    _touch(sandbox, row)
    if changes:
        record_activity(sandbox, row["id"], "updated the requested item", changes)
    sandbox.persist()
    return json_response({"requested_item": _requested_item_answer(sandbox, row, item)})


# -- the service catalog (reference lines 21693, 21752) ---------------------------------------


def _list_service_items(request: Request) -> Response:
    sandbox = sandbox_of(request)
    workspace = query_workspace(request, sandbox.db)
    category = query_int(request, "category_id")
    rows = [
        i
        for i in sandbox.db.desk.service_items
        if (workspace == 0 or i["workspace_id"] == workspace)
        and (category is None or i["category_id"] == category)
    ]
    page, headers = paginate(request, rows)
    return json_response({"service_items": [public(i) for i in page]}, headers=headers)


def _show_service_item(request: Request) -> Response:
    wanted = path_int(request)
    for item in sandbox_of(request).db.desk.service_items:
        if item["display_id"] == wanted:
            return json_response({"service_item": public(item)})
    raise not_found()


# -- approvals (reference lines 3900-4140, 11700-11745) ---------------------------------------


def _approval_json(approval: JsonDict, *, with_email: bool) -> JsonDict:
    hidden = ("parent", "parent_id") + (() if with_email else ("email_content",))
    return public(approval, hide=hidden)


def _list_ticket_approvals(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    approvals = sandbox.db.desk.approvals.get(row["id"], [])
    return json_response({"approvals": [_approval_json(a, with_email=False) for a in approvals]})


def _ticket_approval(sandbox: Sandbox, request: Request) -> tuple[JsonDict, JsonDict]:
    row = get_ticket_row(sandbox, request)
    wanted = path_int(request, "approval_id")
    for approval in sandbox.db.desk.approvals.get(row["id"], []):
        if approval["id"] == wanted:
            return row, approval
    raise not_found()


def _show_ticket_approval(request: Request) -> Response:
    _, approval = _ticket_approval(sandbox_of(request), request)
    return json_response({"approval": _approval_json(approval, with_email=True)})


def _refresh_ticket_status(row: JsonDict, approvals: list[JsonDict]) -> None:
    """The ticket's approval_status follows its approvals (view answer, line 976)."""
    states = [a["approval_status"]["id"] for a in approvals]
    if 0 in states:
        row["_approval_status"] = 0
    elif states and all(s == 3 for s in states):
        row["_approval_status"] = 3
    elif 2 in states:
        row["_approval_status"] = 2
    elif 1 in states:
        row["_approval_status"] = 1


async def _request_approval(request: Request) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    row = get_ticket_row(sandbox, request)
    body = await read_json(request)
    errors = [
        FieldError(k, "Unexpected/invalid field in request", "invalid_field")
        for k in body
        if k not in ("approver_id", "approval_type", "email_content")
    ]
    approver = body.get("approver_id")
    if "approver_id" not in body:
        errors.append(FieldError("approver_id", "Mandatory attribute missing", "missing_field"))
    elif not isinstance(approver, int) or isinstance(approver, bool):
        errors.append(FieldError("approver_id", "It should be a/an Integer", "datatype_mismatch"))
    elif db.agent_by_id.get(approver) is None:
        errors.append(
            FieldError(
                "approver_id", "There is no agent matching the given approver_id", "invalid_value"
            )
        )
    kind = body.get("approval_type", 1)
    if kind not in desk_data.APPROVAL_TYPES:
        errors.append(
            FieldError(
                "approval_type", "It should be one of these values: '1,2,3,4'", "invalid_value"
            )
        )
    if "email_content" in body and not isinstance(body["email_content"], str):
        errors.append(FieldError("email_content", "It should be a/an String", "datatype_mismatch"))
    if errors:
        raise validation_failed(*errors)
    approvals = db.desk.approvals.setdefault(row["id"], [])
    if any(a["approver_id"] == approver and a["approval_status"]["id"] == 0 for a in approvals):
        raise conflict("An approval from this approver is already pending on the ticket")
    stamp = iso(sandbox.now())
    me = db.agent_by_id[db.me_id]
    target = db.agent_by_id[approver]
    db.desk.next_approval_id += 1
    approvals.append(
        {
            "id": db.desk.next_approval_id,
            "created_at": stamp,
            "updated_at": stamp,
            "approver_id": approver,
            "approver_name": f"{target['first_name']} {target['last_name']}",
            "approval_type": kind,
            "user_id": me["id"],
            "user_name": f"{me['first_name']} {me['last_name']}",
            "level": max((a["level"] for a in approvals), default=0) + 1,
            "approval_status": {"id": 0, "name": "requested"},
            "delegatee": None,
            "latest_remark": "",
            "email_content": body.get("email_content")
            or f"<p>Please approve: {row['subject']}</p>",
            "parent": "ticket",
            "parent_id": row["id"],
        }
    )
    db.thread(row["id"])
    _refresh_ticket_status(row, approvals)
    _touch(sandbox, row)
    record_activity(sandbox, row["id"], "requested an approval", [])
    sandbox.persist()
    # The answer lists the ticket's approvals (reference line 3999).
    return json_response(
        {"approvals": [_approval_json(a, with_email=True) for a in approvals]}, 201
    )


async def _cancel_approval(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row, approval = _ticket_approval(sandbox, request)
    body = await read_json(request)
    status = body.get("approval_status")
    if set(body) != {"approval_status"} or not (isinstance(status, dict) and status.get("id") == 3):
        # "You can only update the approval status of a request to cancelled" (line 4093)
        raise field_error(
            "approval_status", "It should be one of these values: '3'", "invalid_value"
        )
    if approval["approval_status"]["id"] != 0:
        raise conflict("Only a requested approval can be cancelled")
    approval["approval_status"] = {"id": 3, "name": "cancelled"}
    approval["updated_at"] = iso(sandbox.now())
    sandbox.db.thread(row["id"])
    _refresh_ticket_status(row, sandbox.db.desk.approvals[row["id"]])
    _touch(sandbox, row)
    sandbox.persist()
    return json_response({"approval": _approval_json(approval, with_email=False)})


def _remind(request: Request) -> Response:
    """PUT .../remind (line 4134): "HTTP Status: 200 No Content"."""
    sandbox = sandbox_of(request)
    _, approval = _ticket_approval(sandbox, request)
    if approval["approval_status"]["id"] != 0:
        raise conflict("Reminders can be sent only for requested approvals")
    return Response(status_code=200, headers={"Cache-Control": "no-cache"})


def _list_approvals(request: Request) -> Response:
    """GET /approvals?parent=ticket&… (line 11717): parent plus one of approver_id, status,
    parent_id, delegatee_id (line 11703), 30 a page, oldest first (line 11704)."""
    sandbox = sandbox_of(request)
    params = request.query_params
    parent = params.get("parent")
    if parent is None:
        raise field_error("parent", "Mandatory attribute missing", "missing_field")
    if parent not in ("ticket", "change"):
        raise field_error("parent", "It should be one of these values: 'ticket,change'")
    if not any(params.get(k) for k in _APPROVAL_FILTERS):
        raise field_error(
            "approver_id",
            "Please fill at least 1 of approver_id, status, parent_id, delegatee_id fields",
            "missing_field",
        )
    status_text = params.get("status")
    status = None
    if status_text is not None:
        if status_text not in _STATUS_BY_NAME:
            raise field_error(
                "status", f"It should be one of these values: '{','.join(_STATUS_BY_NAME)}'"
            )
        status = _STATUS_BY_NAME[status_text]
    approver = query_int(request, "approver_id")
    parent_id = query_int(request, "parent_id")
    delegatee = query_int(request, "delegatee_id")
    level = query_int(request, "level")
    rows = []
    if parent == "ticket":
        for approvals in sandbox.db.desk.approvals.values():
            for a in approvals:
                if (
                    (status is None or a["approval_status"]["id"] == status)
                    and (approver is None or a["approver_id"] == approver)
                    and (parent_id is None or a["parent_id"] == parent_id)
                    and (delegatee is None or (a["delegatee"] or {}).get("id") == delegatee)
                    and (level is None or a["level"] == level)
                ):
                    rows.append(a)
    rows.sort(key=lambda a: (a["created_at"], a["id"]))
    page, _ = paginate(request, rows, fixed_per_page=APPROVALS_PAGE_SIZE)
    body = [
        {"id": a["id"], "parent": a["parent"], "parent_id": a["parent_id"]}
        | _approval_json(a, with_email=False)
        for a in page
    ]
    return json_response({"approvals": body, "total": len(rows)})


# -- child tickets (reference lines 1853-1925) ------------------------------------------------


async def _create_child(request: Request) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    parent = get_ticket_row(sandbox, request)
    body, uploads = await files.read_body(request)
    if parent.get("type") == "Service Request":
        raise field_error(
            "parent_id", "Association of child tickets to a service request is not possible"
        )
    if parent["deleted"] or parent["spam"]:
        raise field_error(
            "parent_id",
            "Association of child tickets to a deleted or a spammed ticket is not allowed",
        )
    if parent["id"] in db.desk.parent_of:
        raise field_error(
            "parent_id", "Nesting of a child ticket under another child ticket is not supported"
        )
    body.setdefault("workspace_id", parent["workspace_id"])  # line 1863: the parent's
    row, answer = create_ticket_row(sandbox, body, uploads)
    db.desk.parent_of[row["id"]] = parent["id"]
    db.thread(parent["id"])
    _touch(sandbox, parent)
    record_activity(sandbox, parent["id"], f"added child ticket #{row['id']}", [])
    sandbox.persist()
    return answer(request)


# -- solutions (reference lines 20640-21640) --------------------------------------------------


def _list_categories(request: Request) -> Response:
    sandbox = sandbox_of(request)
    workspace = query_workspace(request, sandbox.db)
    rows = [
        c
        for c in sandbox.db.desk.solution_categories
        if workspace == 0 or c["workspace_id"] == workspace
    ]
    page, headers = paginate(request, rows)
    return json_response({"categories": [dict(c) for c in page]}, headers=headers)


def _show_category(request: Request) -> Response:
    wanted = path_int(request)
    for row in sandbox_of(request).db.desk.solution_categories:
        if row["id"] == wanted:
            return json_response({"category": dict(row)})
    raise not_found()


def _list_folders(request: Request) -> Response:
    """GET /solutions/folders?category_id= (line 20969): the folders of one category."""
    sandbox = sandbox_of(request)
    category = query_int(request, "category_id")
    if category is None:
        raise field_error("category_id", "Mandatory attribute missing", "missing_field")
    rows = [f for f in sandbox.db.desk.solution_folders if f["category_id"] == category]
    page, headers = paginate(request, rows)
    return json_response({"folders": [dict(f) for f in page]}, headers=headers)


def _show_folder(request: Request) -> Response:
    wanted = path_int(request)
    for row in sandbox_of(request).db.desk.solution_folders:
        if row["id"] == wanted:
            return json_response({"folder": dict(row)})
    raise not_found()


_LIST_HIDDEN = ("tags", "attachments")


def _list_articles(request: Request) -> Response:
    """GET /solutions/articles?folder_id= (line 21572); list items carry no tags or
    attachments (the example at line 21580)."""
    sandbox = sandbox_of(request)
    folder = query_int(request, "folder_id")
    if folder is None:
        raise field_error("folder_id", "Mandatory attribute missing", "missing_field")
    rows = [a for a in sandbox.db.desk.articles if a["folder_id"] == folder]
    page, headers = paginate(request, rows)
    return json_response(
        {"articles": [public(a, hide=_LIST_HIDDEN) for a in page]}, headers=headers
    )


def _show_article(request: Request) -> Response:
    wanted = path_int(request)
    for row in sandbox_of(request).db.desk.articles:
        if row["id"] == wanted:
            return json_response({"article": {**dict(row), "approvals": [], "cloud_files": []}})
    raise not_found()


_WORD = re.compile(r"[a-z0-9]+")


def _search_articles(request: Request) -> Response:
    """GET /solutions/articles/search?search_term= (line 21298): published articles only
    (line 21287), every term found in title, text or keywords, with ``meta`` paging
    (line 21320); per_page defaults to 30 (line 21294)."""
    sandbox = sandbox_of(request)
    term = request.query_params.get("search_term")
    if term is None or not term.strip():
        raise field_error("search_term", "Mandatory attribute missing", "missing_field")
    wanted = _WORD.findall(term.lower())
    page_number = query_int(request, "page") or 1
    per_page = min(100, max(1, query_int(request, "per_page") or 30))
    found = []
    for article in sandbox.db.desk.articles:
        if article["status"] != 2:
            continue
        haystack = " ".join(
            [article["title"], article["description_text"], *article["keywords"]]
        ).lower()
        words = set(_WORD.findall(haystack))
        if all(any(w.startswith(t) for w in words) for t in wanted):
            title_hits = sum(1 for t in wanted if t in article["title"].lower())
            found.append((-title_hits, -article["views"], article["id"], article))
    found.sort(key=lambda entry: entry[:3])
    rows = [entry[3] for entry in found]
    total_pages = max(1, -(-len(rows) // per_page))
    chunk = rows[(page_number - 1) * per_page : page_number * per_page]
    return json_response(
        {
            "articles": [public(a) for a in chunk],
            "meta": {
                "total_items": len(rows),
                "total_pages": total_pages,
                "current_page": page_number,
            },
        }
    )


_APPROVAL_ROOTS = ("/api/v2/tickets", "/api/v2/ticket")
ROUTES = [
    Route("/api/v2/tickets/{id:int}/requested_items", _list_requested_items, methods=["GET"]),
    Route(
        "/api/v2/tickets/{id:int}/requested_items/{item_id:int}",
        _update_requested_item,
        methods=["PUT"],
    ),
    Route("/api/v2/service_catalog/items", _list_service_items, methods=["GET"]),
    Route("/api/v2/service_catalog/items/{id:int}", _show_service_item, methods=["GET"]),
    Route("/api/v2/approvals", _list_approvals, methods=["GET"]),
    Route("/api/v2/tickets/{id:int}/create_child_ticket", _create_child, methods=["POST"]),
    Route("/api/v2/solutions/categories", _list_categories, methods=["GET"]),
    Route("/api/v2/solutions/categories/{id:int}", _show_category, methods=["GET"]),
    Route("/api/v2/solutions/folders", _list_folders, methods=["GET"]),
    Route("/api/v2/solutions/folders/{id:int}", _show_folder, methods=["GET"]),
    Route("/api/v2/solutions/articles", _list_articles, methods=["GET"]),
    Route("/api/v2/solutions/articles/search", _search_articles, methods=["GET"]),
    Route("/api/v2/solutions/articles/{id:int}", _show_article, methods=["GET"]),
    *(
        route
        for root in _APPROVAL_ROOTS
        for route in (
            Route(f"{root}/{{id:int}}/approvals", _list_ticket_approvals, methods=["GET"]),
            Route(f"{root}/{{id:int}}/approvals", _request_approval, methods=["POST"]),
            Route(
                f"{root}/{{id:int}}/approvals/{{approval_id:int}}",
                _show_ticket_approval,
                methods=["GET"],
            ),
            Route(
                f"{root}/{{id:int}}/approvals/{{approval_id:int}}",
                _cancel_approval,
                methods=["PUT"],
            ),
            Route(
                f"{root}/{{id:int}}/approvals/{{approval_id:int}}/remind",
                _remind,
                methods=["PUT"],
            ),
        )
    ),
]
