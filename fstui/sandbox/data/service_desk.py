"""Issue #20's records: the service catalog and requested items, approvals, parent and child
tickets, and a knowledge base whose articles answer the tickets' common subjects.

Everything here is drawn from random streams of its own (``{seed}:catalog``...), after all
other data: adding it moves no value the demo already shows. Approvals agree with the ticket
views' approval status (ticket_views.approval_status: an open service request whose id is a
multiple of four waits for approval, the other service requests were approved).
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.data import words
from fstui.sandbox.timefmt import iso, parse_instant

JsonDict = dict[str, Any]

SERVICE_ITEM_BASE = 21_000_050_000
REQUESTED_ITEM_BASE = 21_000_051_000
APPROVAL_BASE = 21_000_052_000
SOLUTION_CATEGORY_BASE = 21_000_053_000
SOLUTION_FOLDER_BASE = 21_000_053_100
ARTICLE_BASE = 21_000_053_500

STAGES = {1: "Requested", 2: "Delivered", 3: "Cancelled", 4: "Fulfilled", 5: "Partially Fulfilled"}
"""The reference's requested item stages (line 3838)."""
APPROVAL_TYPES = {1: "Everyone", 2: "Anyone", 3: "Majority", 4: "First Responder"}
"""Approval types (reference line 3936)."""
APPROVAL_STATES = {0: "requested", 1: "approved", 2: "rejected", 3: "cancelled"}
"""Approval statuses (reference line 3942), named as the answers spell them."""

# name, category, cost, delivery hours, loaner, short description
_ITEMS = (
    ("Standard laptop", "Hardware", "1200.00", 72, False, "A 14-inch laptop with docking station"),
    ("External monitor", "Hardware", "240.00", 48, False, "A 27-inch monitor and cable"),
    ("Loaner laptop", "Hardware", "0.00", 4, True, "A laptop to borrow for up to two weeks"),
    ("Mobile phone", "Hardware", "650.00", 96, False, "A company smartphone with a data plan"),
    ("Software licence", "Software", "180.00", 24, False, "A licence for approved software"),
    ("VPN access", "Access", "0.00", 8, False, "Remote access to the corporate network"),
    ("Shared mailbox", "Access", "0.00", 24, False, "A mailbox shared by a team"),
    ("New starter kit", "Onboarding", "1600.00", 120, False, "Laptop, phone, badge, accounts"),
    ("Access badge", "Facilities", "15.00", 24, False, "A building access badge"),
)


@dataclass
class ServiceDesk:
    """Catalog, requested items and approvals by ticket, ticket families and the KB."""

    service_items: list[JsonDict] = field(default_factory=list)
    requested_items: dict[int, list[JsonDict]] = field(default_factory=dict)
    approvals: dict[int, list[JsonDict]] = field(default_factory=dict)
    parent_of: dict[int, int] = field(default_factory=dict)
    """child ticket id -> parent ticket id."""
    solution_categories: list[JsonDict] = field(default_factory=list)
    solution_folders: list[JsonDict] = field(default_factory=list)
    articles: list[JsonDict] = field(default_factory=list)
    next_approval_id: int = APPROVAL_BASE + 50_000

    def children_of(self, parent_id: int) -> list[int]:
        return sorted(c for c, p in self.parent_of.items() if p == parent_id)


def _service_items(since: datetime) -> list[JsonDict]:
    rows = []
    for display, (name, category, cost, hours, loaner, short) in enumerate(_ITEMS, start=1):
        rows.append(
            {
                "id": SERVICE_ITEM_BASE + display,
                "created_at": iso(since),
                "updated_at": iso(since),
                "name": name,
                "delivery_time": hours,
                "display_id": display,
                "category_id": SERVICE_ITEM_BASE
                + 900
                + sorted({i[1] for i in _ITEMS}).index(category),
                "product_id": None,
                "quantity": None,
                "deleted": False,
                "icon_name": "service-catalog-services-default",
                "group_visibility": 1,
                "item_type": 2 if loaner else 1,
                "ci_type_id": None,
                "cost_visibility": True,
                "delivery_time_visibility": True,
                "configs": {"subject": f"Request for : {name}"},
                "botified": False,
                "visibility": 2,
                "allow_attachments": True,
                "allow_quantity": not loaner,
                "is_bundle": name == "New starter kit",
                "create_child": False,
                "description": f"<p>{html.escape(short)}.</p>",
                "short_description": short,
                "cost": cost,
                "custom_fields": [],
                "child_items": [],
                "workspace_id": 2,
                "_category": category,
            }
        )
    return rows


def _stage_for(rng: random.Random, status: int) -> int:
    if status in (4, 5):
        return rng.choice((2, 4, 4, 4))
    return rng.choice((1, 1, 1, 5))


def _item_for(rng: random.Random, row: JsonDict, items: list[JsonDict]) -> JsonDict:
    subject = row["subject"].lower()
    for wanted, name in (
        ("new hire", "New starter kit"),
        ("vpn", "VPN access"),
        ("mailbox", "Shared mailbox"),
        ("badge", "Access badge"),
        ("licen", "Software licence"),
        ("laptop", "Standard laptop"),
        ("monitor", "External monitor"),
    ):
        if wanted in subject:
            return next(i for i in items if i["name"] == name)
    return rng.choice(items)


def _requested_items(
    rng: random.Random, tickets: dict[int, JsonDict], items: list[JsonDict]
) -> dict[int, list[JsonDict]]:
    found: dict[int, list[JsonDict]] = {}
    number = 0
    for ticket_id, row in tickets.items():
        if row.get("type") != "Service Request":
            continue
        chosen = [_item_for(rng, row, items)]
        if rng.random() < 0.25:
            extra = rng.choice(items)
            if extra is not chosen[0]:
                chosen.append(extra)
        rows = []
        for index, item in enumerate(chosen):
            number += 1
            rows.append(
                {
                    "custom_fields": {"business_justification": None},
                    "id": REQUESTED_ITEM_BASE + number,
                    "created_at": row["created_at"],
                    "updated_at": row["updated_at"],
                    "quantity": 1 if not item["allow_quantity"] else rng.choice((1, 1, 1, 2, 3)),
                    "stage": _stage_for(rng, row["status"]),
                    "loaned": item["item_type"] == 2,
                    "cost_per_request": float(item["cost"]),
                    "remarks": None,
                    "delivery_time": item["delivery_time"],
                    "is_parent": index == 0,
                    "service_item_id": item["display_id"],
                }
            )
        found[ticket_id] = rows
    return found


def _approvals(
    rng: random.Random,
    tickets: dict[int, JsonDict],
    agents: list[JsonDict],
    me_id: int,
    waiting: set[int],
) -> dict[int, list[JsonDict]]:
    """One approval per service request: requested on those waiting (half of them for the
    demo agent), approved on the others."""
    by_id = {a["id"]: a for a in agents}
    managers = [a["id"] for a in agents[1:12]]
    found: dict[int, list[JsonDict]] = {}
    number = 0
    for ticket_id, row in tickets.items():
        if row.get("type") != "Service Request":
            continue
        number += 1
        is_waiting = ticket_id in waiting
        approver = me_id if is_waiting and rng.random() < 0.5 else rng.choice(managers)
        initiator = row.get("responder_id") or agents[1]["id"]
        created = parse_instant(row["created_at"])
        assert created is not None
        asked = created + timedelta(minutes=rng.randint(5, 240))
        status = 0 if is_waiting else 1
        found[ticket_id] = [
            {
                "id": APPROVAL_BASE + number,
                "created_at": iso(asked),
                "updated_at": iso(asked if is_waiting else asked + timedelta(hours=3)),
                "approver_id": approver,
                "approver_name": _name(by_id.get(approver)),
                "approval_type": 2,
                "user_id": initiator,
                "user_name": _name(by_id.get(initiator)),
                "level": 1,
                "approval_status": {"id": status, "name": APPROVAL_STATES[status]},
                "delegatee": None,
                "latest_remark": "" if is_waiting else "Approved, thanks",
                "email_content": f"<p>Please approve: {html.escape(row['subject'])}</p>",
                "parent": "ticket",
                "parent_id": ticket_id,
            }
        ]
    if me_id in by_id:
        _some_for_me(found, by_id[me_id])
    return found


def waits_for_approval(row: JsonDict) -> bool:
    """The generated rule ticket_views.approval_status also follows: an open service request
    whose id is a multiple of four waits for approval."""
    return (
        row.get("type") == "Service Request" and row["status"] in (2, 3, 6) and row["id"] % 4 == 0
    )


def _some_for_me(found: dict[int, list[JsonDict]], me: JsonDict) -> None:
    """However small the account, a few approvals wait for the demo agent (issue #20)."""
    waiting = [a for rows in found.values() for a in rows if a["approval_status"]["id"] == 0]
    mine = [a for a in waiting if a["approver_id"] == me["id"]]
    for approval in [a for a in waiting if a["approver_id"] != me["id"]][: max(0, 3 - len(mine))]:
        approval["approver_id"] = me["id"]
        approval["approver_name"] = _name(me)


def _name(agent: JsonDict | None) -> str | None:
    return f"{agent['first_name']} {agent['last_name']}" if agent else None


def _families(rng: random.Random, tickets: dict[int, JsonDict]) -> dict[int, int]:
    """About a dozen incidents with one to three children of the same category, raised
    within two days after the parent (a major incident and its follow-ups)."""
    incidents = [
        r for r in tickets.values() if r.get("type") == "Incident" and not r.get("deleted")
    ]
    incidents.sort(key=lambda r: r["id"])
    parent_of: dict[int, int] = {}
    taken: set[int] = set()
    candidates = [r for r in incidents if rng.random() < 0.03]
    for parent in candidates[:12]:
        if parent["id"] in taken:
            continue
        start = parent["created_at"]
        limit = parse_instant(start)
        assert limit is not None
        end = iso(limit + timedelta(days=2))
        kin = [
            r
            for r in incidents
            if r["id"] not in taken
            and r["id"] != parent["id"]
            and r["category"] == parent["category"]
            and start < r["created_at"] <= end
        ]
        for child in kin[: rng.randint(1, 3)]:
            parent_of[child["id"]] = parent["id"]
            taken.add(child["id"])
        if kin:
            taken.add(parent["id"])
    return parent_of


_PLACEHOLDER = re.compile(
    r"\s*(?:on floor|in meeting room|on|in|for|to|from|:)?\s*\(?\{[a-z_]+\}\)?"
)
_STEPS = {
    "Hardware": (
        "Restart the device and disconnect any docks or cables.",
        "Install pending updates from Software Center.",
        "If it persists, raise a ticket with the asset tag from the sticker underneath.",
    ),
    "Network": (
        "Forget the network (or sign out of the VPN client) and connect again.",
        "Check that your password has not expired.",
        "Note the time and place it happens so the network team can read the logs.",
    ),
    "Software": (
        "Sign out of the application and sign in again.",
        "Clear the cached credentials in Credential Manager.",
        "Repair the installation from Software Center.",
    ),
    "Access": (
        "Reset your password at the self-service portal.",
        "Wait fifteen minutes for the change to reach every system.",
        "Ask your manager to confirm the access you need in a service request.",
    ),
    "Security": (
        "Do not click links or open attachments in the message.",
        "Use the Report Phishing button in Outlook.",
        "If you entered your password, change it at once and tell the security team.",
    ),
    "Facilities": (
        "Hold the badge flat against the reader for two seconds.",
        "Check with reception that your badge is active for that door.",
        "Report a broken reader with the door's number.",
    ),
    "Onboarding": (
        "Request the New starter kit at least five working days ahead.",
        "Give the start date, manager and team in the request.",
        "Accounts are created the day before the start date.",
    ),
}


def article_title(template: str) -> str:
    """A ticket subject template as a general article title (placeholders taken out)."""
    title = _PLACEHOLDER.sub("", template)
    title = re.sub(r"\s*\{[a-z_]+\}", "", title)
    return " ".join(title.split()).rstrip(" :")


def _knowledge_base(
    since: datetime, agents: list[JsonDict]
) -> tuple[list[JsonDict], list[JsonDict], list[JsonDict]]:
    categories: list[JsonDict] = []
    folders: list[JsonDict] = []
    articles: list[JsonDict] = []
    names = ("IT Help", "Access and Security", "Workplace")
    home = {
        "Hardware": 0,
        "Network": 0,
        "Software": 0,
        "Access": 1,
        "Security": 1,
        "Facilities": 2,
        "Onboarding": 2,
    }
    for index, name in enumerate(names):
        categories.append(
            {
                "id": SOLUTION_CATEGORY_BASE + index + 1,
                "created_at": iso(since),
                "updated_at": iso(since),
                "name": name,
                "description": f"{name} articles",
                "default_category": False,
                "position": index + 1,
                "visible_in_portals": [1],
                "workspace_id": 2,
            }
        )
    folder_ids: dict[tuple[str, str], int] = {}
    for topic in words.TOPICS:
        key = (topic.category, topic.sub_category)
        if key not in folder_ids:
            folder_id = SOLUTION_FOLDER_BASE + len(folder_ids) + 1
            folder_ids[key] = folder_id
            folders.append(
                {
                    "description": f"Fixes for {topic.sub_category.lower()} problems",
                    "id": folder_id,
                    "created_at": iso(since),
                    "updated_at": iso(since),
                    "name": topic.sub_category,
                    "category_id": categories[home.get(topic.category, 0)]["id"],
                    "position": len(folder_ids),
                    "visibility": 1,
                    "approval_settings": None,
                    "default_folder": False,
                    "manage_by_group_ids": [],
                    "workspace_id": 2,
                }
            )
        for subject in topic.subjects:
            number = len(articles) + 1
            title = article_title(subject.template)
            steps = _STEPS.get(topic.category, _STEPS["Hardware"])
            intro = f"Seen as: {subject.sentences[0]}" if subject.sentences else ""
            markup = (
                f"<p>{html.escape(intro)}</p><ol>"
                + "".join(f"<li>{html.escape(s)}</li>" for s in steps)
                + "</ol>"
            )
            text = " ".join([intro, *steps])
            written = since + timedelta(days=7 * number)
            author = agents[1 + number % 10]["id"]
            articles.append(
                {
                    "description": markup,
                    "id": ARTICLE_BASE + number,
                    "created_at": iso(written),
                    "updated_at": iso(written),
                    "title": title,
                    "status": 1 if number % 9 == 0 else 2,  # a few drafts: search skips them
                    "approval_status": None,
                    "position": number,
                    "folder_id": folder_ids[key],
                    "category_id": next(f for f in folders if f["id"] == folder_ids[key])[
                        "category_id"
                    ],
                    "thumbs_up": (number * 7) % 23,
                    "thumbs_down": (number * 3) % 5,
                    "modified_by": author,
                    "modified_at": iso(written),
                    "inserted_into_tickets": (number * 11) % 40,
                    "url": None,
                    "article_type": 2 if number % 4 == 0 else 1,
                    "agent_id": author,
                    "views": (number * 37) % 400,
                    "description_text": text,
                    "keywords": list(topic.tags),
                    "review_date": None,
                    "tags": list(topic.tags[:2]),
                    "attachments": [],
                    "workspace_id": 2,
                }
            )
    return categories, folders, articles


def make_service_desk(
    seed: int,
    since: datetime,
    tickets: dict[int, JsonDict],
    agents: list[JsonDict],
    me_id: int,
    waiting: set[int],
) -> ServiceDesk:
    """All of issue #20's records; `waiting` are the service requests awaiting approval."""
    items = _service_items(since)
    desk = ServiceDesk(service_items=items)
    desk.requested_items = _requested_items(random.Random(f"{seed}:catalog"), tickets, items)
    desk.approvals = _approvals(random.Random(f"{seed}:approvals"), tickets, agents, me_id, waiting)
    desk.parent_of = _families(random.Random(f"{seed}:families"), tickets)
    desk.solution_categories, desk.solution_folders, desk.articles = _knowledge_base(since, agents)
    return desk
