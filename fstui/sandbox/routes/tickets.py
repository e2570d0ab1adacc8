"""/tickets: list, filter, view, create, update, delete, restore, activities."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.query import TICKET_FIELDS, QueryError, evaluate, parse
from fstui.sandbox import attachments as files
from fstui.sandbox.data import forms
from fstui.sandbox.data.tickets import FIRST_RESPONSE_SLA, RESOLUTION_SLA
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import conflict, field_error, not_found
from fstui.sandbox.pagination import paginate
from fstui.sandbox.state import Sandbox
from fstui.sandbox.ticket_validation import check_closure, normalise_dates, validate_ticket
from fstui.sandbox.ticket_views import (
    LIST_INCLUDES,
    SHOW_INCLUDES,
    filter_record,
    ticket_json,
)
from fstui.sandbox.timefmt import iso, parse_instant
from fstui.sandbox.web import (
    created,
    includes,
    json_response,
    no_content,
    path_int,
    query_int,
    query_workspace,
    sandbox_of,
)

JsonDict = dict[str, Any]
PREDEFINED_FILTERS = ("new_and_my_open", "watching", "spam", "deleted")
DEFAULT_WINDOW = timedelta(days=30)
FILTER_PAGE_SIZE = 30
MAX_QUERY_LENGTH = 512
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """A plain-text rendering of HTML good enough for ``description_text``/``body_text``."""
    text = _TAG.sub(" ", markup.replace("<br>", "\n"))
    return " ".join(html.unescape(text).split())


def get_ticket_row(sandbox: Sandbox, request: Request) -> JsonDict:
    row = sandbox.db.tickets.get(path_int(request))
    if row is None:
        raise not_found()
    return row


def get_ticket_child(
    sandbox: Sandbox, request: Request, collection: str, id_param: str
) -> tuple[JsonDict, JsonDict]:
    """The ticket and one item of its thread's `collection` (tasks, time_entries), or 404."""
    row = get_ticket_row(sandbox, request)
    wanted = int(request.path_params[id_param])
    for item in getattr(sandbox.db.thread(row["id"]), collection):
        if item["id"] == wanted:
            return row, item
    raise not_found()


def _workspace_ok(row: JsonDict, workspace: int) -> bool:
    """Reference line 1243: the primary workspace unless told, 0 for all of them."""
    return workspace == 0 or row["workspace_id"] == workspace


def _list_tickets(request: Request) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    include = includes(request, LIST_INCLUDES)
    params = request.query_params
    chosen = params.get("filter")
    if chosen is not None and chosen not in PREDEFINED_FILTERS:
        raise field_error(
            "filter", f"It should be one of these values: '{','.join(PREDEFINED_FILTERS)}'"
        )
    order = params.get("order_type", "desc")
    if order not in ("asc", "desc"):
        raise field_error("order_type", "It should be one of these values: 'asc,desc'")
    since_text = params.get("updated_since")
    since = None
    if since_text is not None:
        since = parse_instant(since_text)
        if since is None:
            raise field_error("updated_since", "It should be in the 'valid date' format")
    requester_id = query_int(request, "requester_id")
    email = params.get("email")
    if email is not None:
        requester = db.requester_by_email.get(email.lower())
        requester_id = requester["id"] if requester else -1
    ticket_type = params.get("type")
    workspace = query_workspace(request, db)
    window_start = iso(sandbox.now() - DEFAULT_WINDOW) if since is None and not chosen else None
    since_iso = iso(since) if since else None
    rows = []
    for row in db.tickets.values():
        if chosen == "deleted":
            if not row["deleted"]:
                continue
        elif chosen == "spam":
            if not row["spam"] or row["deleted"]:
                continue
        elif row["deleted"] or row["spam"]:
            continue
        if chosen == "new_and_my_open" and not _new_or_mine_open(db, row):
            continue
        if chosen == "watching" and row["id"] not in db.watched:
            continue
        if window_start is not None and row["created_at"] < window_start:
            continue
        if since_iso is not None and row["updated_at"] < since_iso:
            continue
        if requester_id is not None and row["requester_id"] != requester_id:
            continue
        if ticket_type is not None and row["type"] != ticket_type:
            continue
        if not _workspace_ok(row, workspace):
            continue
        rows.append(row)
    rows.sort(key=lambda r: (r["created_at"], r["id"]), reverse=order == "desc")
    page, headers = paginate(request, rows)
    body = [ticket_json(db, row, detail=False, include=include) for row in page]
    return json_response({"tickets": body}, headers=headers)


def _new_or_mine_open(db: SandboxDB, row: JsonDict) -> bool:
    if row["status"] not in forms.OPEN_STATUSES:
        return False
    return row["responder_id"] == db.me_id or (row["status"] == 2 and row["responder_id"] is None)


def _filter_tickets(request: Request) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    raw = request.query_params.get("query")
    if raw is None:
        raise field_error("query", "Mandatory attribute missing", "missing_field")
    text = raw.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise field_error("query", "Query should be enclosed within double quotes")
    inner = text[1:-1]
    if len(inner) > MAX_QUERY_LENGTH:
        raise field_error("query", f"Query string should not exceed {MAX_QUERY_LENGTH} characters")
    try:
        node = parse(inner, TICKET_FIELDS)
    except QueryError as error:
        raise field_error("query", error.message, error.code) from None
    workspace = query_workspace(request, db)
    matches = [
        row
        for row in db.tickets.values()
        if not row["deleted"]
        and not row["spam"]
        and _workspace_ok(row, workspace)
        and evaluate(node, filter_record(db, row), TICKET_FIELDS)
    ]
    matches.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
    page, _ = paginate(request, matches, fixed_per_page=FILTER_PAGE_SIZE)
    body = [ticket_json(db, row, detail=False, include=set()) for row in page]
    return json_response({"tickets": body, "total": len(matches)})


def _show_ticket(request: Request) -> Response:
    sandbox = sandbox_of(request)
    include = includes(request, SHOW_INCLUDES)
    row = get_ticket_row(sandbox, request)
    body = ticket_json(sandbox.db, row, detail=True, include=include, view=True)
    return json_response({"ticket": body})


def record_activity(sandbox: Sandbox, ticket_id: int, content: str, subs: list[str]) -> None:
    db = sandbox.db
    me = db.agent_by_id[db.me_id]
    db.activities.setdefault(ticket_id, []).append(
        {
            "actor": {"id": me["id"], "name": f"{me['first_name']} {me['last_name']}"},
            "content": content,
            "sub_contents": subs,
            "created_at": iso(sandbox.now()),
        }
    )


def _apply(sandbox: Sandbox, row: JsonDict, body: JsonDict) -> list[str]:
    """Write ``body`` into ``row``; returns human-readable change lines for the activity log."""
    db = sandbox.db
    changes: list[str] = []
    now_text = iso(sandbox.now())
    was_open = row["status"] in forms.OPEN_STATUSES
    if "email" in body or "phone" in body:
        email = body.get("email")
        requester = db.requester_by_email.get(email.lower()) if email else None
        if requester is None:
            requester = db.add_requester(
                email or f"{body['phone']}@phone.invalid", body.get("name"), sandbox.now()
            )
        row["requester_id"] = requester["id"]
        row.setdefault("requested_for_id", requester["id"])
    for name, value in body.items():
        if name in (
            "email",
            "phone",
            "name",
            "assets",
            "description",
            "associate_ci",
            "problem",
            "change_initiating_ticket",
            "change_initiated_by_ticket",
            "attachments",
        ):
            continue
        if name == "custom_fields":
            row["custom_fields"] = {**row.get("custom_fields", {}), **value}
            continue
        if row.get(name) != value:
            label = name.replace("_", " ").capitalize()
            shown = forms.STATUSES.get(value, value) if name == "status" else value
            changes.append(f"set {label} as {shown}")
        row[name] = value
    if "description" in body:
        db.descriptions[row["id"]] = (body["description"], html_to_text(body["description"]))
    if "assets" in body:
        db.ticket_assets[row["id"]] = [a["display_id"] for a in body["assets"]]
    stats = row.setdefault("_stats", {})
    if body.get("status") in (4, 5) and (was_open or not stats.get("resolved_at")):
        stats["resolved_at"] = now_text
    if body.get("status") == 5:
        stats["closed_at"] = now_text
    if body.get("status") in forms.OPEN_STATUSES:
        stats["resolved_at"] = stats["closed_at"] = None
    row["updated_at"] = now_text
    db.touched.add(row["id"])
    return changes


async def _create_ticket(request: Request) -> Response:
    sandbox = sandbox_of(request)
    body, uploads = await files.read_body(request)
    _, answer = create_ticket_row(sandbox, body, uploads)
    return answer(request)


def create_ticket_row(
    sandbox: Sandbox, body: JsonDict, uploads: list[files.Upload]
) -> tuple[JsonDict, Callable[[Request], Response]]:
    """Validate and store a new ticket (POST /tickets, or a child through
    create_child_ticket); returns the row and the 201 answer to send."""
    db = sandbox.db
    validate_ticket(db, body, creating=True)
    files.raise_if_not_attachable(uploads)
    files.check_limit(uploads, 0)
    normalise_dates(body)
    now = sandbox.now()
    priority = body.get("priority", 1)
    row: JsonDict = {
        "subject": body.get("subject"),
        "group_id": None,
        "department_id": None,
        "category": None,
        "sub_category": None,
        "item_category": None,
        "requester_id": body.get("requester_id"),
        "responder_id": None,
        "due_by": iso(now + RESOLUTION_SLA[priority]),
        "fr_escalated": False,
        "deleted": False,
        "spam": False,
        "email_config_id": None,
        "fwd_emails": [],
        "reply_cc_emails": [],
        "cc_emails": [],
        "is_escalated": False,
        "fr_due_by": iso(now + FIRST_RESPONSE_SLA[priority]),
        "id": db.next_ticket_id,
        "priority": priority,
        "status": 2,
        "source": 2,
        "created_at": iso(now),
        "updated_at": iso(now),
        "requested_for_id": body.get("requester_id"),
        "to_emails": None,
        "type": "Incident",
        "urgency": 1,
        "impact": 1,
        "sla_policy_id": 21_000_000_101,
        "resolution_notes": None,
        "resolution_notes_html": None,
        "custom_fields": {forms.CUSTOM_DROPDOWN: None, forms.CUSTOM_CHECKBOX: False},
        "workspace_id": body.get("workspace_id", 2),
        "tags": [],
        "_stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None},
    }
    if uploads:
        row["_attachments"] = files.store_uploads(db, uploads, iso(now))
    db.next_ticket_id += 1
    db.tickets[row["id"]] = row
    db.descriptions[row["id"]] = ("", "")
    _apply(sandbox, row, body)
    if body.get("cc_emails"):
        row["reply_cc_emails"] = list(body["cc_emails"])
    db.activities[row["id"]] = []
    record_activity(sandbox, row["id"], "created a new ticket", [])
    sandbox.persist()
    include = {"assets"} if "assets" in body else set()

    def answer(request: Request) -> Response:
        return created(
            request,
            {"ticket": ticket_json(db, row, detail=True, include=include)},
            f"/api/v2/tickets/{row['id']}",
        )

    return row, answer


async def _update_ticket(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    body, uploads = await files.read_body(request)
    validate_ticket(sandbox.db, body, creating=False, workspace_id=row["workspace_id"])
    check_closure(sandbox.db, row, body)
    files.raise_if_not_attachable(uploads)
    sandbox.db.thread(row["id"])  # materialise before the row changes (determinism)
    files.check_limit(uploads, files.ticket_attachment_bytes(sandbox.db, row["id"]))
    normalise_dates(body)
    changes = _apply(sandbox, row, body)
    if uploads:
        stored = files.store_uploads(sandbox.db, uploads, iso(sandbox.now()))
        row["_attachments"] = [*row.get("_attachments", []), *stored]
    if changes:
        record_activity(sandbox, row["id"], "updated the ticket", changes)
    sandbox.persist()
    include = {"assets"} if "assets" in body else set()
    return json_response({"ticket": ticket_json(sandbox.db, row, detail=True, include=include)})


def _delete_ticket(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    if row["deleted"]:
        raise not_found()
    sandbox.db.thread(row["id"])
    row["deleted"] = True
    row["updated_at"] = iso(sandbox.now())
    sandbox.db.touched.add(row["id"])
    record_activity(sandbox, row["id"], " deleted this ticket", [])
    sandbox.persist()
    return no_content()


def _restore_ticket(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    if not row["deleted"]:
        raise conflict("The ticket is not in trash, so it cannot be restored")
    row["deleted"] = False
    row["updated_at"] = iso(sandbox.now())
    sandbox.db.touched.add(row["id"])
    record_activity(sandbox, row["id"], " restored this ticket from trash", [])
    sandbox.persist()
    return no_content()


def _activities(request: Request) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    row = get_ticket_row(sandbox, request)
    entries = list(db.activities.get(row["id"], []))
    if "_topic" in row:
        entries.extend(_generated_activities(db, row))
    entries.sort(key=lambda a: a["created_at"], reverse=True)
    return json_response({"activities": entries})


def _generated_activities(db: SandboxDB, row: JsonDict) -> list[JsonDict]:
    requester = db.user(row["requester_id"])
    name = f"{requester['first_name']} {requester['last_name']}" if requester else "Requester"
    entries = [
        {
            "actor": {"id": row["requester_id"], "name": name},
            "content": f"created ticket, set Status as Open, set Priority as "
            f"{forms.PRIORITIES[row['priority']]}, set Source as "
            f"{forms.ALL_SOURCES.get(row['source'], row['source'])} and set Type as {row['type']}",
            "sub_contents": ["System executed Default SLA Policy (SLA)"],
            "created_at": row["created_at"],
        }
    ]
    for conversation in db.thread(row["id"]).conversations:
        author = db.user(conversation["user_id"])
        verb = "replied" if conversation["source"] == 0 else "added a note"
        if conversation["incoming"]:
            verb = "sent an email"
        entries.append(
            {
                "actor": {
                    "id": conversation["user_id"],
                    "name": f"{author['first_name']} {author['last_name']}"
                    if author
                    else "Unknown",
                },
                "content": f" {verb}",
                "sub_contents": [],
                "created_at": conversation["created_at"],
            }
        )
    return entries


ROUTES = [
    Route("/api/v2/tickets", _list_tickets, methods=["GET"]),
    Route("/api/v2/tickets", _create_ticket, methods=["POST"]),
    Route("/api/v2/tickets/filter", _filter_tickets, methods=["GET"]),
    Route("/api/v2/tickets/{id:int}", _show_ticket, methods=["GET"]),
    Route("/api/v2/tickets/{id:int}", _update_ticket, methods=["PUT"]),
    Route("/api/v2/tickets/{id:int}", _delete_ticket, methods=["DELETE"]),
    Route("/api/v2/tickets/{id:int}/restore", _restore_ticket, methods=["PUT"]),
    Route("/api/v2/tickets/{id:int}/activities", _activities, methods=["GET"]),
]
