"""Time entries under /tickets/{id}/time_entries, with the one-running-timer-per-agent rule.

Time entries do not bump the ticket's updated_at (api-facts.md #5).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.errors import FieldError, validation_failed
from fstui.sandbox.pagination import paginate
from fstui.sandbox.routes.tickets import get_ticket_child, get_ticket_row
from fstui.sandbox.state import Sandbox
from fstui.sandbox.timefmt import iso, parse_instant
from fstui.sandbox.web import COMMON_HEADERS, created, json_response, read_json, sandbox_of

JsonDict = dict[str, Any]
FIELDS = frozenset(
    {
        "note",
        "time_spent",
        "agent_id",
        "billable",
        "timer_running",
        "executed_at",
        "task_id",
        "start_time",
        "custom_fields",
    }
)
HH_MM = re.compile(r"^(\d{1,4}):([0-5]\d)$")


def _minutes(text: str) -> int:
    match = HH_MM.match(text)
    assert match is not None
    return int(match.group(1)) * 60 + int(match.group(2))


def _hh_mm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _payload(body: JsonDict) -> JsonDict:
    """The reference wraps the entry in {"time_entry": {...}}; a bare object is accepted too."""
    inner = body.get("time_entry", body) if set(body) <= {"time_entry"} else body
    return inner if isinstance(inner, dict) else {"time_entry": inner}


def _validate(sandbox: Sandbox, ticket_id: int, body: JsonDict, existing: JsonDict | None) -> None:
    errors = [
        FieldError(name, "Unexpected/invalid field in request", "invalid_field")
        for name in body
        if name not in FIELDS
    ]
    agent_id = body.get("agent_id", existing["agent_id"] if existing else None)
    if agent_id is None:
        errors.append(FieldError("agent_id", "Mandatory attribute missing", "missing_field"))
    elif not isinstance(agent_id, int) or sandbox.db.agent_by_id.get(agent_id) is None:
        errors.append(
            FieldError("agent_id", "There is no agent matching the given agent_id", "invalid_value")
        )
    for name in ("timer_running", "billable"):
        if name in body and not isinstance(body[name], bool):
            errors.append(FieldError(name, "It should be a/an Boolean", "datatype_mismatch"))
    running_now = bool(existing and existing["timer_running"])
    running = body.get("timer_running", running_now)
    if "time_spent" in body:
        if not isinstance(body["time_spent"], str) or not HH_MM.match(body["time_spent"]):
            errors.append(
                FieldError("time_spent", "It should be in the 'hh:mm' format", "invalid_value")
            )
        elif (existing is None and running) or (running_now and running is not False):
            errors.append(
                FieldError(
                    "time_spent",
                    "time_spent cannot be set while the timer is running",
                    "incompatible_field",
                )
            )
    elif existing is None and not running:
        errors.append(
            FieldError(
                "time_spent",
                "Mandatory attribute missing when timer_running is false",
                "missing_field",
            )
        )
    if existing is not None and "timer_running" in body and body["timer_running"] == running_now:
        errors.append(
            FieldError(
                "timer_running",
                "Cannot update timer_running to the same existing value",
                "invalid_value",
            )
        )
    if "executed_at" in body:
        moment = (
            parse_instant(body["executed_at"]) if isinstance(body["executed_at"], str) else None
        )
        if moment is None or moment > sandbox.now():
            errors.append(
                FieldError(
                    "executed_at", "It should be a valid date not in the future", "invalid_value"
                )
            )
    if "task_id" in body and body["task_id"] is not None:
        tasks = sandbox.db.thread(ticket_id).tasks
        if not any(t["id"] == body["task_id"] for t in tasks):
            errors.append(
                FieldError(
                    "task_id", "There is no task matching the given task_id", "invalid_value"
                )
            )
    starting = running is True and not running_now
    if not errors and starting and isinstance(agent_id, int):
        holder = sandbox.db.running_timers.get(agent_id)
        if holder is not None:
            errors.append(
                FieldError(
                    "timer_running",
                    f"A timer is already running for this agent "
                    f"(ticket {holder[0]}); only one timer can run at a time "
                    "across the account",
                    "invalid_value",
                )
            )
    if errors:
        raise validation_failed(*errors)


def _entry(sandbox: Sandbox, request: Request) -> tuple[JsonDict, JsonDict]:
    return get_ticket_child(sandbox, request, "time_entries", "entry_id")


def _list(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    page, headers = paginate(request, sandbox.db.thread(row["id"]).time_entries)
    return json_response({"time_entries": [dict(e) for e in page]}, headers=headers)


def _show(request: Request) -> Response:
    _, entry = _entry(sandbox_of(request), request)
    return json_response({"time_entry": dict(entry)})


async def _create(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row = get_ticket_row(sandbox, request)
    body = _payload(await read_json(request))
    _validate(sandbox, row["id"], body, None)
    now = iso(sandbox.now())
    running = bool(body.get("timer_running", False))
    entry: JsonDict = {
        "id": sandbox.db.new_child_id(),
        "created_at": now,
        "updated_at": now,
        "start_time": now,
        "timer_running": running,
        "billable": body.get("billable", True),
        "time_spent": body.get("time_spent", "00:00"),
        "executed_at": iso(parse_instant(body["executed_at"]) or sandbox.now())
        if "executed_at" in body
        else now,
        "task_id": body.get("task_id"),
        "workspace_id": row["workspace_id"],
        "note": body.get("note", ""),
        "agent_id": body["agent_id"],
        "custom_fields": body.get("custom_fields", {}),
    }
    sandbox.db.thread(row["id"]).time_entries.append(entry)
    if running:
        sandbox.db.running_timers[entry["agent_id"]] = (row["id"], entry["id"])
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    return created(
        request,
        {"time_entry": dict(entry)},
        f"/api/v2/tickets/{row['id']}/time_entries/{entry['id']}",
    )


async def _update(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row, entry = _entry(sandbox, request)
    body = _payload(await read_json(request))
    _validate(sandbox, row["id"], body, entry)
    now = sandbox.now()
    timers = sandbox.db.running_timers
    if body.get("timer_running") is False and entry["timer_running"]:
        started = parse_instant(entry["start_time"]) or now
        elapsed = max(0, int((now - started).total_seconds() // 60))
        entry["time_spent"] = _hh_mm(_minutes(entry["time_spent"]) + elapsed)
        entry["timer_running"] = False
        timers.pop(entry["agent_id"], None)
    elif body.get("timer_running") is True and not entry["timer_running"]:
        entry["timer_running"] = True
        entry["start_time"] = iso(now)
    for name in ("note", "billable", "task_id", "custom_fields", "time_spent"):
        if name in body:
            entry[name] = body[name]
    if "executed_at" in body:
        entry["executed_at"] = iso(parse_instant(body["executed_at"]) or now)
    if "agent_id" in body and body["agent_id"] != entry["agent_id"]:
        if timers.get(entry["agent_id"], (0, 0))[1] == entry["id"]:
            timers.pop(entry["agent_id"])
        entry["agent_id"] = body["agent_id"]
    if entry["timer_running"]:
        timers[entry["agent_id"]] = (row["id"], entry["id"])
    entry["updated_at"] = iso(now)
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    return json_response({"time_entry": dict(entry)})


def _delete(request: Request) -> Response:
    sandbox = sandbox_of(request)
    row, entry = _entry(sandbox, request)
    sandbox.db.thread(row["id"]).time_entries.remove(entry)
    if sandbox.db.running_timers.get(entry["agent_id"], (0, 0))[1] == entry["id"]:
        sandbox.db.running_timers.pop(entry["agent_id"])
    sandbox.db.touched.add(row["id"])
    sandbox.persist()
    # The reference documents 200 (not 204) for this one delete.
    return Response(status_code=200, headers=COMMON_HEADERS)


_BASE = "/api/v2/tickets/{id:int}/time_entries"
ROUTES = [
    Route(_BASE, _list, methods=["GET"]),
    Route(_BASE, _create, methods=["POST"]),
    Route(_BASE + "/{entry_id:int}", _show, methods=["GET"]),
    Route(_BASE + "/{entry_id:int}", _update, methods=["PUT"]),
    Route(_BASE + "/{entry_id:int}", _delete, methods=["DELETE"]),
]
