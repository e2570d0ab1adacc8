"""Tasks under /tickets/{id}/tasks."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.errors import FieldError, validation_failed
from fstui.sandbox.pagination import paginate
from fstui.sandbox.routes.tickets import get_ticket_child, get_ticket_row
from fstui.sandbox.state import Sandbox
from fstui.sandbox.timefmt import iso, parse_instant
from fstui.sandbox.web import created, json_response, no_content, read_json, sandbox_of

JsonDict = dict[str, Any]
FIELDS = frozenset(
    {
        "agent_id",
        "status",
        "due_date",
        "notify_before",
        "title",
        "description",
        "group_id",
        "workspace_id",
    }
)
STATUSES = (1, 2, 3)


def _validate(sandbox: Sandbox, body: JsonDict, *, creating: bool) -> None:
    db = sandbox.db
    errors = [
        FieldError(name, "Unexpected/invalid field in request", "invalid_field")
        for name in body
        if name not in FIELDS
    ]
    if creating and not body.get("title"):
        errors.append(FieldError("title", "Mandatory attribute missing", "missing_field"))
    for name in ("title", "description"):
        if name in body and not isinstance(body[name], str):
            errors.append(FieldError(name, "It should be a/an String", "datatype_mismatch"))
    if "status" in body and body["status"] not in STATUSES:
        errors.append(
            FieldError("status", "It should be one of these values: '1,2,3'", "invalid_value")
        )
    for name in ("notify_before", "workspace_id"):
        if name in body and not isinstance(body[name], int):
            errors.append(FieldError(name, "It should be a/an Integer", "datatype_mismatch"))
    if body.get("agent_id") is not None and db.agent_by_id.get(body["agent_id"]) is None:
        errors.append(
            FieldError("agent_id", "There is no agent matching the given agent_id", "invalid_value")
        )
    if body.get("group_id") is not None and db.group_by_id.get(body["group_id"]) is None:
        errors.append(
            FieldError("group_id", "There is no group matching the given group_id", "invalid_value")
        )
    if "due_date" in body and (
        not isinstance(body["due_date"], str) or parse_instant(body["due_date"]) is None
    ):
        errors.append(
            FieldError("due_date", "It should be in the 'valid date' format", "invalid_value")
        )
    if errors:
        raise validation_failed(*errors)


def _apply(sandbox: Sandbox, task: JsonDict, body: JsonDict) -> None:
    now = iso(sandbox.now())
    for name, value in body.items():
        task[name] = value
    if "due_date" in body:
        task["due_date"] = iso(parse_instant(body["due_date"]) or sandbox.now())
    if body.get("status") == 3 and task.get("closed_at") is None:
        task["closed_at"] = now
    elif body.get("status") in (1, 2):
        task["closed_at"] = None
    task["updated_at"] = now


def _task(sandbox: Sandbox, request: Request) -> tuple[JsonDict, JsonDict]:
    return get_ticket_child(sandbox, request, "tasks", "task_id")


def _list(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    page, headers = paginate(request, sandbox.db.thread(row["id"]).tasks)
    return json_response({"tasks": [dict(t) for t in page]}, headers=headers)


def _show(request: Request) -> Response:
    _, task = _task(sandbox_of(request), request)
    return json_response({"task": dict(task)})


async def _create(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    body = await read_json(request)
    _validate(sandbox, body, creating=True)
    now = iso(sandbox.now())
    task: JsonDict = {
        "id": sandbox.db.new_child_id(),
        "agent_id": None,
        "status": 1,
        "due_date": now,
        "notify_before": 0,
        "title": "",
        "description": "",
        "created_at": now,
        "updated_at": now,
        "closed_at": None,
        "group_id": None,
        "deleted": False,
        "workspace_id": row["workspace_id"],
    }
    _apply(sandbox, task, body)
    sandbox.db.thread(row["id"]).tasks.append(task)
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    return created(request, {"task": dict(task)}, f"/api/v2/tickets/{row['id']}/tasks/{task['id']}")


async def _update(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row, task = _task(sandbox, request)
    body = await read_json(request)
    _validate(sandbox, body, creating=False)
    _apply(sandbox, task, body)
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    return json_response({"task": dict(task)})


def _delete(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row, task = _task(sandbox, request)
    sandbox.db.thread(row["id"]).tasks.remove(task)
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    return no_content()


_BASE = "/api/v2/tickets/{id:int}/tasks"
ROUTES = [
    Route(_BASE, _list, methods=["GET"]),
    Route(_BASE, _create, methods=["POST"]),
    Route(_BASE + "/{task_id:int}", _show, methods=["GET"]),
    Route(_BASE + "/{task_id:int}", _update, methods=["PUT"]),
    Route(_BASE + "/{task_id:int}", _delete, methods=["DELETE"]),
]
