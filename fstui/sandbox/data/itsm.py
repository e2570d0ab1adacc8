"""Problems, changes and releases, linked to the incidents that show them.

Shaped like the xsoar samples (problem_get, change_get, release_get) and the reference's
embeds on a ticket (line 886: ``problem``, ``change_initiating_ticket``,
``change_initiated_by_ticket``). Generated from their own RNG stream after everything else.
A problem gathers recurring incidents of one topic; a change is raised to fix a problem (its
initiating ticket is one of them) or caused incidents after it went live; a release bundles
changes.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import words
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]
PROBLEM_STATUSES = {1: "Open", 2: "Change Requested", 3: "Closed"}
CHANGE_STATUSES = {
    1: "Open",
    2: "Planning",
    3: "Awaiting Approval",
    4: "Pending Release",
    5: "Pending Review",
    6: "Closed",
}
CHANGE_TYPES = {1: "Minor", 2: "Standard", 3: "Major", 4: "Emergency"}
RELEASE_STATUSES = {1: "Open", 2: "On hold", 3: "In Progress", 4: "Incomplete", 5: "Completed"}

# What an IT team writes when one topic keeps coming back (indexed like words.TOPICS).
_PROBLEMS = (
    "Laptops fail to boot after the monthly update",
    "Print jobs stall on the third-floor printers",
    "External monitors flicker on docking stations",
    "Wi-Fi drops in the east wing during peak hours",
    "VPN disconnects every 20 minutes",
    "Outlook stops syncing shared mailboxes",
    "ERP sessions time out during month-end close",
    "Account lockouts after the password policy change",
    "Phishing campaign targets finance with fake invoices",
    "Badge readers reject valid badges at the side entrance",
    "New hires start without accounts on day one",
)
_CHANGES = (
    "Roll back the firmware update on the laptop fleet",
    "Replace the print server with a cluster",
    "Update docking station firmware",
    "Add access points to the east wing",
    "Upgrade the VPN concentrator and raise the idle timeout",
    "Move shared mailboxes to the new mail cluster",
    "Raise the ERP session timeout for finance",
    "Tune the account lockout threshold",
    "Block the invoice phishing domains at the mail gateway",
    "Replace the side entrance badge reader",
    "Automate account creation from the HR system",
)
_IMPACTED = {3: "Wi-Fi", 4: "VPN", 5: "Email", 6: "ERP", 1: "Printing"}


@dataclass
class Itsm:
    """The records and the links a ticket view embeds (include=problem, include=change)."""

    problems: list[JsonDict] = field(default_factory=list)
    changes: list[JsonDict] = field(default_factory=list)
    releases: list[JsonDict] = field(default_factory=list)
    ticket_problem: dict[int, int] = field(default_factory=dict)
    change_initiating: dict[int, int] = field(default_factory=dict)
    """ticket id -> the change this ticket initiated."""
    change_initiated_by: dict[int, int] = field(default_factory=dict)
    """ticket id -> the change that caused this ticket."""


def _description(lines: list[str]) -> tuple[str, str]:
    markup = "".join(f"<div>{html.escape(line)}</div>" for line in lines)
    return f"<div>{markup}</div>", " ".join(lines)


def make_itsm(
    rng: random.Random,
    now: datetime,
    tickets: dict[int, JsonDict],
    groups: list[JsonDict],
    agents: list[JsonDict],
) -> Itsm:
    """About one problem per 100 tickets (at least six), one change per problem that asked
    for one plus a few routine ones, and a release per three changes."""
    itsm = Itsm()
    group_by_name = {g["name"]: g for g in groups}
    by_topic: dict[int, list[JsonDict]] = {}
    for row in tickets.values():
        if "_topic" in row and row["type"] == "Incident" and not row["deleted"]:
            by_topic.setdefault(row["_topic"], []).append(row)
    wanted = max(6, len(tickets) // 100)
    topics = [t for t in range(len(words.TOPICS)) if len(by_topic.get(t, [])) >= 3]
    if not topics:  # a tiny account: no topic recurs, so no problem to open
        return itsm
    for number in range(1, wanted + 1):
        topic = topics[(number - 1) % len(topics)]
        incidents = by_topic[topic]
        start = rng.randrange(len(incidents) - 2)
        linked = incidents[start : start + rng.randint(2, 5)]
        first = linked[0]
        group = group_by_name[words.TOPICS[topic].group]
        owner = rng.choice(group["members"] or [agents[1]["id"]])
        created = datetime.fromisoformat(first["created_at"].replace("Z", "+00:00"))
        created += timedelta(hours=rng.randint(2, 48))
        created = min(created, now - timedelta(hours=1))
        status = rng.choices((1, 2, 3), weights=(40, 25, 35))[0]
        subject = _PROBLEMS[topic]
        description, text = _description(
            [
                f"{len(linked)} incidents so far: {subject.lower()}.",
                "Collecting logs from the affected users before the root cause analysis.",
            ]
        )
        problem: JsonDict = {
            "id": number,
            "agent_id": owner,
            "requester_id": group["leaders"][0] if group["leaders"] else owner,
            "description": description,
            "description_text": text,
            "assets": [],
            "subject": subject,
            "group_id": group["id"],
            "priority": max(r["priority"] for r in linked),
            "impact": min(3, len(linked) // 2 + 1),
            "status": status,
            "due_by": iso(created + timedelta(days=14)),
            "known_error": status != 1 and rng.random() < 0.6,
            "department_id": None,
            "category": first["category"],
            "sub_category": first["sub_category"],
            "item_category": first["item_category"],
            "created_at": iso(created),
            "updated_at": iso(min(now, created + timedelta(days=rng.randint(0, 10)))),
            "workspace_id": PRIMARY_WORKSPACE_ID,
        }
        itsm.problems.append(problem)
        for row in linked:
            itsm.ticket_problem[row["id"]] = number
        if status in (2, 3):
            _change(itsm, rng, now, topic, group, owner, created, initiating=first["id"])
    for topic in rng.sample(topics, min(3, len(topics))):  # routine changes that went wrong
        group = group_by_name[words.TOPICS[topic].group]
        owner = rng.choice(group["members"] or [agents[1]["id"]])
        when = now - timedelta(days=rng.randint(5, 60))
        change = _change(itsm, rng, now, topic, group, owner, when, initiating=None)
        after = [r for r in by_topic[topic] if r["created_at"] > change["planned_end_date"]]
        for row in after[:2]:
            itsm.change_initiated_by[row["id"]] = change["id"]
    _releases(itsm, rng, now)
    return itsm


def _change(
    itsm: Itsm,
    rng: random.Random,
    now: datetime,
    topic: int,
    group: JsonDict,
    owner: int,
    created: datetime,
    *,
    initiating: int | None,
) -> JsonDict:
    number = len(itsm.changes) + 1
    start = created + timedelta(days=rng.randint(1, 10), hours=rng.choice((18, 20, 22)))
    end = start + timedelta(hours=rng.choice((2, 4, 6)))
    done = end < now
    status = 6 if done and rng.random() < 0.8 else (5 if done else rng.choice((1, 2, 3, 4)))
    subject = _CHANGES[topic]
    description, text = _description(
        [f"{subject}.", "Rollback plan: restore the previous configuration from the backup."]
    )
    change: JsonDict = {
        "id": number,
        "agent_id": owner,
        "requester_id": owner,
        "group_id": group["id"],
        "priority": rng.choice((2, 3)),
        "impact": rng.choice((1, 2, 3)),
        "status": status,
        "risk": rng.choice((1, 2, 3)),
        "change_type": 4 if initiating is not None and rng.random() < 0.2 else rng.choice((1, 2)),
        "approval_status": 1 if status >= 4 else (0 if status == 3 else 4),
        "planned_start_date": iso(start),
        "planned_end_date": iso(end),
        "subject": subject,
        "description": description,
        "description_text": text,
        "department_id": None,
        "category": words.TOPICS[topic].category,
        "sub_category": words.TOPICS[topic].sub_category,
        "item_category": words.TOPICS[topic].item_category,
        "change_window_id": None,
        "maintenance_window": {},
        "blackout_window": {},
        "assets": [],
        "impacted_services": [_IMPACTED[topic]] if topic in _IMPACTED else [],
        "release_id": None,
        "created_at": iso(created),
        "updated_at": iso(min(now, max(created, end))),
        "workspace_id": PRIMARY_WORKSPACE_ID,
    }
    itsm.changes.append(change)
    if initiating is not None:
        itsm.change_initiating[initiating] = number
    return change


def _releases(itsm: Itsm, rng: random.Random, now: datetime) -> None:
    for start in range(0, len(itsm.changes), 3):
        bundle = itsm.changes[start : start + 3]
        number = len(itsm.releases) + 1
        planned_start = min(c["planned_start_date"] for c in bundle)
        planned_end = max(c["planned_end_date"] for c in bundle)
        finished = planned_end < iso(now)
        status = 5 if finished else rng.choice((1, 3))
        subject = f"Release {number}: {bundle[0]['subject'].lower()}"
        description, text = _description(
            [f"Bundles {len(bundle)} changes.", "Go-live after the change advisory board."]
        )
        for change in bundle:
            change["release_id"] = number
        itsm.releases.append(
            {
                "id": number,
                "agent_id": bundle[0]["agent_id"],
                "description": description,
                "description_text": text,
                "assets": [],
                "group_id": bundle[0]["group_id"],
                "department_id": None,
                "subject": subject,
                "category": bundle[0]["category"],
                "sub_category": None,
                "item_category": None,
                "planned_start_date": planned_start,
                "planned_end_date": planned_end,
                "status": status,
                "priority": max(c["priority"] for c in bundle),
                "release_type": 2 if len(bundle) > 1 else 1,
                "work_start_date": planned_start if status != 1 else None,
                "work_end_date": planned_end if status == 5 else None,
                "created_at": min(c["created_at"] for c in bundle),
                "updated_at": max(c["updated_at"] for c in bundle),
                "associated_change_ids": [c["id"] for c in bundle],
                "associated_changes": [c["id"] for c in bundle],
                "associated_assets": [],
                "custom_fields": {},
                "planning_fields": {
                    "build_plan": {"description": "Deploy each change in its window."},
                    "test_plan": {"description": "Smoke tests by the service owners."},
                },
                "workspace_id": PRIMARY_WORKSPACE_ID,
            }
        )


def problem_embed(problem: JsonDict) -> JsonDict:
    """The ``problem`` a ticket view embeds (reference line 886)."""
    keys = (
        "subject", "priority", "status", "impact", "due_by", "requester_id", "group_id",
        "deleted", "known_error", "created_at", "updated_at", "department_id",
        "category", "sub_category", "item_category",
    )  # fmt: skip
    body = {key: problem.get(key) for key in keys}
    body.update(
        display_id=problem["id"],
        owner_id=problem["agent_id"],
        change_id=None,
        deleted=False,
        email_config_id=None,
    )
    return body


def change_embed(change: JsonDict) -> JsonDict:
    """A ``change_initiating_ticket`` / ``change_initiated_by_ticket`` embed (line 886)."""
    keys = (
        "requester_id", "group_id", "release_id", "priority", "impact", "status", "risk",
        "change_type", "approval_status", "subject", "created_at", "updated_at",
        "planned_start_date", "planned_end_date", "department_id", "category",
        "sub_category", "item_category",
    )  # fmt: skip
    body = {key: change.get(key) for key in keys}
    body.update(
        display_id=change["id"],
        owner_id=change["agent_id"],
        deleted=False,
        cc_email={},
        email_config_id=None,
    )
    return body
