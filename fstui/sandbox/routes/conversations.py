"""Conversations: list, reply, note, edit a note, delete. Writes bump the ticket's updated_at."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox import attachments as files
from fstui.sandbox.data.threads import SUPPORT_EMAIL
from fstui.sandbox.errors import FieldError, not_found, validation_failed
from fstui.sandbox.pagination import paginate
from fstui.sandbox.routes.tickets import get_ticket_row, html_to_text
from fstui.sandbox.state import Sandbox
from fstui.sandbox.timefmt import iso
from fstui.sandbox.web import created, json_response, no_content, path_int, read_json, sandbox_of

JsonDict = dict[str, Any]
REPLY_FIELDS = frozenset(
    {"body", "attachments", "from_email", "user_id", "cc_emails", "bcc_emails"}
)
NOTE_FIELDS = frozenset({"body", "attachments", "incoming", "notify_emails", "private", "user_id"})
REPLY_ANSWER_KEYS = (
    "id",
    "user_id",
    "from_email",
    "cc_emails",
    "bcc_emails",
    "body",
    "body_text",
    "ticket_id",
    "to_emails",
    "attachments",
    "created_at",
    "updated_at",
)
"""The 12 keys of a reply's 201 body: the reference's example (line 4432) and the recorded
xsoar reply_create. The stored conversation keeps source, incoming, private and
support_email for the list endpoint, which does show them."""


def _validate(body: JsonDict, allowed: frozenset[str], *, body_required: bool = True) -> None:
    errors = [
        FieldError(name, "Unexpected/invalid field in request", "invalid_field")
        for name in body
        if name not in allowed
    ]
    if "body" not in body:
        if body_required:
            errors.append(FieldError("body", "Mandatory attribute missing", "missing_field"))
    elif not isinstance(body["body"], str) or not body["body"].strip():
        errors.append(FieldError("body", "It should be a/an String", "datatype_mismatch"))
    for name in ("private", "incoming"):
        if name in body and not isinstance(body[name], bool):
            errors.append(FieldError(name, "It should be a/an Boolean", "datatype_mismatch"))
    for name in ("cc_emails", "bcc_emails", "notify_emails"):
        if name in body and not (
            isinstance(body[name], list) and all(isinstance(v, str) for v in body[name])
        ):
            errors.append(FieldError(name, "It should be a/an Array", "datatype_mismatch"))
    if "user_id" in body and not isinstance(body["user_id"], int):
        errors.append(FieldError("user_id", "It should be a/an Integer", "datatype_mismatch"))
    if errors:
        raise validation_failed(*errors)


def _touch_ticket(sandbox: Sandbox, ticket_id: int, stamp: str) -> None:
    row = sandbox.db.tickets[ticket_id]
    row["updated_at"] = stamp
    sandbox.db.touched.add(ticket_id)


def _list(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    conversations = sandbox.db.thread(row["id"]).conversations
    page, headers = paginate(request, conversations)
    return json_response(
        {"conversations": [dict(c) for c in page], "meta": {"count": len(conversations)}},
        headers=headers,
    )


async def _create(request: Request, *, note: bool) -> Response:
    sandbox = sandbox_of(request)
    db = sandbox.db
    row = get_ticket_row(sandbox, request)
    body, uploads = await files.read_body(request)
    _validate(body, NOTE_FIELDS if note else REPLY_FIELDS)
    files.raise_if_not_attachable(uploads)
    thread = db.thread(row["id"])
    files.check_limit(uploads, files.ticket_attachment_bytes(db, row["id"]))
    stamp = iso(sandbox.now())
    requester = db.user(row["requester_id"])
    requester_email = (requester or {}).get("primary_email")
    conversation: JsonDict = {
        "id": db.new_child_id(),
        "body": body["body"],
        "body_text": html_to_text(body["body"]),
        "incoming": bool(body.get("incoming", False)) if note else False,
        "private": bool(body.get("private", True)) if note else False,
        "created_at": stamp,
        "updated_at": stamp,
        "user_id": body.get("user_id", db.me_id),
        "support_email": None if note else body.get("from_email", SUPPORT_EMAIL),
        "source": 2 if note else 0,
        "ticket_id": row["id"],
        "to_emails": list(body.get("notify_emails", []))
        if note
        else ([requester_email] if requester_email else []),
        "from_email": None if note else body.get("from_email", SUPPORT_EMAIL),
        "cc_emails": [] if note else list(body.get("cc_emails", [])),
        "bcc_emails": None if note else list(body.get("bcc_emails", [])),
        "attachments": files.store_uploads(db, uploads, stamp),
    }
    thread.conversations.append(conversation)
    _touch_ticket(sandbox, row["id"], stamp)
    stats = row.setdefault("_stats", {})
    answers_requester = not conversation["private"] and not conversation["incoming"]
    if answers_requester and not stats.get("first_responded_at"):
        stats["first_responded_at"] = stamp
    sandbox.persist()
    answer = dict(conversation) if note else {k: conversation[k] for k in REPLY_ANSWER_KEYS}
    return created(request, {"conversation": answer}, f"/api/v2/tickets/{row['id']}/conversations")


async def _reply(request: Request) -> Response:
    return await _create(request, note=False)


async def _note(request: Request) -> Response:
    return await _create(request, note=True)


async def _update(request: Request) -> Response:
    sandbox = sandbox_of(request)
    found = sandbox.db.find_conversation(path_int(request))
    if found is None:
        raise not_found()
    ticket_id, conversation = found
    body = await read_json(request)
    _validate(body, frozenset({"body", "attachments"}), body_required=False)
    if conversation["source"] != 2:
        raise validation_failed(
            FieldError("id", "Only public and private notes can be edited", "incompatible_field")
        )
    stamp = iso(sandbox.now())
    if "body" in body:
        conversation["body"] = body["body"]
        conversation["body_text"] = html_to_text(body["body"])
    conversation["updated_at"] = stamp
    _touch_ticket(sandbox, ticket_id, stamp)
    sandbox.persist()
    return json_response({"conversation": dict(conversation)})


def _delete(request: Request) -> Response:
    sandbox = sandbox_of(request)
    found = sandbox.db.find_conversation(path_int(request))
    if found is None:
        raise not_found()
    ticket_id, conversation = found
    sandbox.db.thread(ticket_id).conversations.remove(conversation)
    _touch_ticket(sandbox, ticket_id, iso(sandbox.now()))
    sandbox.persist()
    return no_content()


ROUTES = [
    Route("/api/v2/tickets/{id:int}/conversations", _list, methods=["GET"]),
    Route("/api/v2/tickets/{id:int}/reply", _reply, methods=["POST"]),
    Route("/api/v2/tickets/{id:int}/notes", _note, methods=["POST"]),
    Route("/api/v2/conversations/{id:int}", _update, methods=["PUT"]),
    Route("/api/v2/conversations/{id:int}", _delete, methods=["DELETE"]),
]
