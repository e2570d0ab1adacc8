"""How a ticket row looks on the wire, with each documented ``include``."""

from __future__ import annotations

from typing import Any

from fstui.sandbox.data.itsm import change_embed, problem_embed
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.timefmt import parse_instant
from fstui.sandbox.web import public

JsonDict = dict[str, Any]
LIST_INCLUDES = ("requester", "stats", "tags", "requested_for", "department")
SHOW_INCLUDES = (
    "tags",
    "conversations",
    "requester",
    "stats",
    "problem",
    "assets",
    "change",
    "related_tickets",
    "requested_for",
    "department",
    "feedback",
)
EMBEDDED_CONVERSATIONS = 10


def user_summary(db: SandboxDB, user_id: int | None) -> JsonDict | None:
    """The requester embed: id, name, email, mobile, phone (reference, Embedding)."""
    user = db.user(user_id)
    if user is None:
        return None
    return {
        "id": user["id"],
        "name": " ".join(p for p in (user["first_name"], user["last_name"]) if p),
        "email": user.get("primary_email") or user.get("email"),
        "mobile": user.get("mobile_phone_number"),
        "phone": user.get("work_phone_number"),
    }


def asset_summary(asset: JsonDict) -> JsonDict:
    return public(asset, hide=("type_fields",))


APPROVAL_STATUSES = {
    0: "Requested",
    1: "Approved",
    2: "Rejected",
    3: "Cancelled",
    4: "Not Requested",
}
"""Reference line 3678 (1 approved, 2 rejected) and the change bodies (0, 3, 4)."""


def created_within_business_hours(created_at: str) -> bool:
    """Monday to Friday, 9:00 to 18:00 US Eastern (13:00-22:00 UTC), the demo account's
    business hours; derived from the timestamp so no generated value moves."""
    moment = parse_instant(created_at)
    return moment is not None and moment.weekday() < 5 and 13 <= moment.hour < 22


def approval_status(row: JsonDict) -> int:
    """Incidents are never sent for approval; about one open service request in four waits
    for it, the others were approved (derived from the id: the RNG streams stay as they were)."""
    override = row.get("_approval_status")
    if isinstance(override, int):  # approvals requested or cancelled through the API
        return override
    if row.get("type") != "Service Request":
        return 4
    return 0 if row["status"] in (2, 3, 6) and row["id"] % 4 == 0 else 1


def ticket_json(
    db: SandboxDB, row: JsonDict, *, detail: bool, include: set[str], view: bool = False
) -> JsonDict:
    """Detail (GET one / create / update) bodies carry attachments. ``view`` is GET
    /tickets/{id}, whose body also has created_within_business_hours and the approval status
    (the reference's example, line 976) and, like a list, tags only with include=tags
    (line 894: "tags ... will not be included in the response"; the xsoar ticket_get sample
    has none). Create and update answers carry them (line 886, xsoar ticket_create_update).
    """
    body = public(row, hide=("tags",))
    body["description"], body["description_text"] = db.description(row)
    if (detail and not view) or "tags" in include:
        body["tags"] = list(row.get("tags", []))
    if detail:
        body["attachments"] = [dict(a) for a in row.get("_attachments", [])]
    if view:
        status = approval_status(row)
        body["created_within_business_hours"] = created_within_business_hours(row["created_at"])
        body["approval_status"] = status
        body["approval_status_name"] = APPROVAL_STATUSES[status]
    if "requester" in include:
        body["requester"] = user_summary(db, row["requester_id"])
    if "requested_for" in include:
        body["requested_for"] = user_summary(db, row.get("requested_for_id"))
    if "stats" in include:
        body["stats"] = {
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            **row.get("_stats", {}),
        }
    if "department" in include:
        department = db.department_by_id.get(row.get("department_id") or 0)
        body["department"] = (
            {"id": department["id"], "name": department["name"]} if department else None
        )
    if "conversations" in include:
        thread = db.thread(row["id"])
        body["conversations"] = [dict(c) for c in thread.conversations[:EMBEDDED_CONVERSATIONS]]
    if "assets" in include:
        body["assets"] = [
            asset_summary(db.assets[d])
            for d in db.ticket_assets.get(row["id"], [])
            if d in db.assets
        ]
    links = db.itsm
    if "problem" in include:
        problem = links.ticket_problem.get(row["id"])
        body["problem"] = problem_embed(links.problems[problem - 1]) if problem else None
    if "change" in include:
        initiating = links.change_initiating.get(row["id"])
        caused = links.change_initiated_by.get(row["id"])
        body["change_initiating_ticket"] = (
            change_embed(links.changes[initiating - 1]) if initiating else None
        )
        body["change_initiated_by_ticket"] = (
            change_embed(links.changes[caused - 1]) if caused else None
        )
    if "related_tickets" in include:
        # reference line 912: "child ticket ids / parent ticket ids based on ticket"
        parent = db.desk.parent_of.get(row["id"])
        body["related_tickets"] = {
            "child_ids": db.desk.children_of(row["id"]),
            "parent_ids": [parent] if parent is not None else [],
        }
    if "feedback" in include:
        body["feedback"] = None
    return body


def filter_record(db: SandboxDB, row: JsonDict) -> JsonDict:
    """The record the query evaluator sees: the API ticket plus the requester's e-mail."""
    record = dict(row)
    requester = db.user(row["requester_id"])
    if requester is not None:
        record["email"] = requester.get("primary_email") or requester.get("email")
    return record
