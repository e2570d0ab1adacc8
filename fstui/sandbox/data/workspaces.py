"""A second workspace: HR beside IT (the primary one), with its own groups and tickets.

The reference's "List All Workspaces" example (line 11648) is exactly this pair: 2 "IT"
(primary) and 3 "HR". Without ``workspace_id`` Freshservice answers from the primary
workspace, ``workspace_id=0`` from all of them (api-facts.md #7). HR is generated from its
own RNG stream after everything else, so the IT workspace stays exactly as it was.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids
from fstui.sandbox.data.tickets import FIRST_RESPONSE_SLA, HISTORY_DAYS, RESOLUTION_SLA
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]
HR_WORKSPACE_ID = 3
WORKSPACE_IDS = (PRIMARY_WORKSPACE_ID, HR_WORKSPACE_ID)
HR_AGENTS = 6
HR_SOURCES = (1, 2, 13, 15, 1001)
"""Employee onboarding (13), MS Teams (15) and the custom "Vendor portal" (1001) appear here."""
HR_SOURCE_WEIGHTS = (30, 40, 15, 10, 5)
HR_GROUPS = (
    ("HR Operations", "Employee records, letters and policy questions"),
    ("Payroll & Benefits", "Payslips, salary, insurance and retirement plans"),
    ("Talent & Onboarding", "Hiring, onboarding, transfers and offboarding"),
)


@dataclass(frozen=True)
class HrTopic:
    category: str
    sub_category: str
    group: int
    subjects: tuple[str, ...]
    sentences: tuple[str, ...]


HR_TOPICS = (
    HrTopic(
        "Payroll",
        "Payslip",
        1,
        ("Payslip for last month is missing", "Payslip shows the wrong tax code"),
        (
            "I cannot find my payslip for last month in the portal.",
            "My colleagues already have theirs.",
            "Could you send it to me or tell me where to look?",
        ),
    ),
    HrTopic(
        "Payroll",
        "Salary",
        1,
        ("Overtime not paid", "Salary change not applied"),
        (
            "The change agreed with my manager is not in this month's salary.",
            "The approval was sent to HR three weeks ago.",
            "Can you check whether it was processed?",
        ),
    ),
    HrTopic(
        "Employee Benefits",
        "Health Insurance",
        1,
        ("Add my partner to the health insurance", "Insurance card not received"),
        (
            "I would like to add my partner to my health insurance.",
            "We registered our partnership last month.",
            "Which documents do you need from me?",
        ),
    ),
    HrTopic(
        "Employee Onboarding/Offboarding",
        "Onboarding",
        2,
        ("New starter on Monday: onboarding checklist", "Onboarding documents not signed"),
        (
            "A new team member starts on Monday.",
            "The contract is signed but the onboarding checklist has not started.",
            "Please make sure the first-day appointments are booked.",
        ),
    ),
    HrTopic(
        "Employee Records and Documents",
        "Verification Letter",
        0,
        ("Employment verification letter for my bank", "Need a visa support letter"),
        (
            "My bank asks for an employment verification letter.",
            "It should state my start date and current position.",
            "A PDF by e-mail is fine.",
        ),
    ),
    HrTopic(
        "Talent Management",
        "Internal Transfer",
        2,
        ("Internal transfer to the Berlin office", "Question about the open role in Finance"),
        (
            "I have applied for an internal position in another team.",
            "My manager supports the move.",
            "What are the next steps and who decides the start date?",
        ),
    ),
)
_TOPIC_WEIGHTS = (16, 10, 8, 12, 9, 5)


def make_workspaces(since: datetime) -> list[JsonDict]:
    """GET /workspaces, shaped like the reference's example (line 11648)."""
    created = iso(since)
    return [
        {
            "id": PRIMARY_WORKSPACE_ID,
            "name": "IT",
            "description": "IT service desk",
            "primary": True,
            "restricted": False,
            "state": "active",
            "template_name": "it",
            "created_at": created,
            "updated_at": created,
        },
        {
            "id": HR_WORKSPACE_ID,
            "name": "HR",
            "description": "People operations",
            "primary": False,
            "restricted": False,
            "state": "active",
            "template_name": "hr",
            "created_at": created,
            "updated_at": created,
        },
    ]


def make_hr_groups(
    rng: random.Random, since: datetime, agents: list[JsonDict], me_id: int
) -> list[JsonDict]:
    """Three HR groups staffed by six agents who also work in IT (never "me")."""
    staff = rng.sample([a for a in agents if a["id"] != me_id and a["active"]], HR_AGENTS)
    groups: list[JsonDict] = []
    for index, (name, description) in enumerate(HR_GROUPS):
        members = [a["id"] for a in staff[index * 2 : index * 2 + 2]]
        groups.append(
            {
                "id": ids.WORKSPACE_GROUP_BASE + index + 1,
                "name": name,
                "description": description,
                "escalate_to": None,
                "unassigned_for": "1h",
                "business_hours_id": None,
                "created_at": iso(since),
                "updated_at": iso(since),
                "auto_ticket_assign": False,
                "restricted": False,
                "approval_required": False,
                "ocs_schedule_id": None,
                "workspace_id": HR_WORKSPACE_ID,
                "members": members,
                "observers": [],
                "leaders": members[:1],
                "members_pending_approval": [],
                "leaders_pending_approval": [],
                "observers_pending_approval": [],
            }
        )
    for group in groups:
        for agent in staff:
            if agent["id"] in group["members"]:
                agent["member_of"] = [*agent["member_of"], group["id"]]
                agent["workspace_ids"] = [PRIMARY_WORKSPACE_ID, HR_WORKSPACE_ID]
    return groups


def make_hr_tickets(
    rng: random.Random,
    count: int,
    first_id: int,
    now: datetime,
    groups: list[JsonDict],
    requesters: list[JsonDict],
) -> list[JsonDict]:
    """HR's tickets: the same row shape as IT's, ``_hr`` names the topic for descriptions."""
    span = HISTORY_DAYS * 86_400
    offsets = sorted(rng.random() for _ in range(count))
    rows: list[JsonDict] = []
    for index, offset in enumerate(offsets):
        created = now - timedelta(seconds=int(span * (1.0 - offset)) + 120)
        topic_index = rng.choices(range(len(HR_TOPICS)), weights=_TOPIC_WEIGHTS)[0]
        topic = HR_TOPICS[topic_index]
        group = groups[topic.group]
        requester = requesters[rng.randrange(len(requesters))]
        age = now - created
        fresh = age < timedelta(days=10)
        status = rng.choices((2, 3, 4, 5), weights=(50, 20, 15, 15) if fresh else (5, 5, 20, 70))[0]
        is_open = status in (2, 3)
        priority = rng.choices((1, 2, 3, 4), weights=(40, 40, 15, 5))[0]
        responder = None if is_open and rng.random() < 0.25 else rng.choice(group["members"])
        updated = created + (now - created) * rng.random() ** 2 if is_open else created
        if not is_open:
            updated = min(now, created + timedelta(hours=rng.randint(1, 24 * 5)))
        due, fr_due = created + RESOLUTION_SLA[priority], created + FIRST_RESPONSE_SLA[priority]
        responded = None if responder is None else min(updated, created + timedelta(hours=2))
        source = rng.choices(HR_SOURCES, weights=HR_SOURCE_WEIGHTS)[0]
        rows.append(
            {
                "subject": rng.choice(topic.subjects),
                "group_id": group["id"],
                "department_id": requester["department_ids"][0],
                "category": topic.category,
                "sub_category": topic.sub_category,
                "item_category": None,
                "requester_id": requester["id"],
                "responder_id": responder,
                "due_by": iso(due),
                "fr_escalated": (responded or now) > fr_due,
                "deleted": False,
                "spam": False,
                "email_config_id": None,
                "fwd_emails": [],
                "reply_cc_emails": [],
                "cc_emails": [],
                "is_escalated": is_open and due < now,
                "fr_due_by": iso(fr_due),
                "id": first_id + index,
                "priority": priority,
                "status": status,
                "source": source,
                "created_at": iso(created),
                "updated_at": iso(updated),
                "requested_for_id": requester["id"],
                "to_emails": ["people@acme-demo.test"] if source == 1 else None,
                "type": "Service Request" if topic.group == 2 else "Incident",
                "urgency": min(3, priority),
                "impact": 1,
                "sla_policy_id": 21_000_000_201,
                "resolution_notes": None,
                "resolution_notes_html": None,
                "custom_fields": {"hr_case_type": topic.category},
                "workspace_id": HR_WORKSPACE_ID,
                "tags": ["hr"],
                "_hr": topic_index,
                "_stats": {
                    "first_responded_at": iso(responded) if responded else None,
                    "resolved_at": iso(updated) if status in (4, 5) else None,
                    "closed_at": iso(updated) if status == 5 else None,
                },
            }
        )
    return rows


def hr_description(row: JsonDict, first_name: str) -> tuple[str, str]:
    """The (HTML, text) description of an HR ticket: its topic's sentences, signed."""
    topic = HR_TOPICS[row["_hr"]]
    lines = ["Hello HR team,", "", *topic.sentences, "", "Best regards,", first_name]
    body = "".join(
        f"<div>{html.escape(line)}</div>" if line else "<div><br></div>" for line in lines
    )
    return f"<div>{body}</div>", " ".join(line for line in lines if line)


HR_CASE_TYPES = tuple(dict.fromkeys(topic.category for topic in HR_TOPICS))


def hr_ticket_fields(
    primary: list[JsonDict], groups: list[JsonDict], agents: list[JsonDict]
) -> list[JsonDict]:
    """HR's form: IT's default fields as HR's own (own ids, HR groups and agents) plus one
    custom dropdown. Category choices come from HR's topics."""
    members = {m for g in groups for m in g["members"]}
    fields: list[JsonDict] = []
    for field in primary:
        if not field["default_field"]:
            continue
        copy = {**field, "id": field["id"] + 500, "workspace_id": HR_WORKSPACE_ID}
        if field["name"] == "group":
            copy["choices"] = [{"id": g["id"], "value": g["name"]} for g in groups]
        elif field["name"] == "agent":
            copy["choices"] = [
                {"id": a["id"], "value": f"{a['first_name']} {a['last_name']}"}
                for a in agents
                if a["id"] in members
            ]
        elif field["name"] == "category":
            copy["choices"] = _hr_categories()
            copy["nested_fields"] = []
        fields.append(copy)
    fields.append(
        {
            **primary[-1],
            "id": ids.FIELD_BASE + 600,
            "label": "HR case type",
            "description": "What the employee needs",
            "field_type": "custom_dropdown",
            "name": "hr_case_type",
            "default_field": False,
            "required_for_closure": False,
            "choices": [
                {"id": ids.FIELD_BASE + 610 + i, "display_id": i + 1, "value": value}
                for i, value in enumerate(HR_CASE_TYPES)
            ],
            "workspace_id": HR_WORKSPACE_ID,
        }
    )
    return fields


def hr_category_tree() -> dict[str, dict[str, list[str]]]:
    """category -> sub_category -> items (HR files no items), from HR's topics."""
    tree: dict[str, dict[str, list[str]]] = {}
    for topic in HR_TOPICS:
        tree.setdefault(topic.category, {}).setdefault(topic.sub_category, [])
    return tree


def _hr_categories() -> list[JsonDict]:
    tree = hr_category_tree()
    choices: list[JsonDict] = []
    display = 0
    for category, subs in tree.items():
        display += 1
        base = display
        options = []
        for sub in subs:
            display += 1
            options.append(
                {
                    "id": ids.FIELD_BASE + 700 + display,
                    "display_id": display,
                    "value": sub,
                    "nested_options": [],
                }
            )
        choices.append(
            {
                "id": ids.FIELD_BASE + 700 + base,
                "display_id": base,
                "value": category,
                "nested_options": options,
            }
        )
    return choices


def global_ticket_fields(primary: list[JsonDict], groups: list[JsonDict]) -> list[JsonDict]:
    """``workspace_id=0``: "with just the global fields" (reference line 1243): the default
    fields, marked global (workspace_id null, as in the reference's example at line 3336)."""
    fields = []
    for field in primary:
        if not field["default_field"]:
            continue
        copy = {**field, "workspace_id": None}
        if field["name"] == "group":
            copy["choices"] = [{"id": g["id"], "value": g["name"]} for g in groups]
        fields.append(copy)
    return fields
