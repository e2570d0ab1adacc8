"""The organisation: locations, departments, agent groups, agents (incl. "me") and requesters."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import DEMO_AGENT_EMAIL, PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids, words
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]
EMAIL_DOMAIN = "acme-demo.test"
ME_GROUPS = ("Service Desk", "Identity & Access")
AGENTS_PER_ACCOUNT = 40


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", ".") if ch.isalnum() or ch == ".")


def make_locations(since: datetime) -> list[JsonDict]:
    by_name: dict[str, int] = {}
    rows: list[JsonDict] = []
    for index, (name, parent, city, country) in enumerate(words.LOCATIONS):
        location_id = ids.LOCATION_BASE + index + 1
        by_name[name] = location_id
        rows.append(
            {
                "id": location_id,
                "name": name,
                "parent_location_id": by_name.get(parent) if parent else None,
                "primary_contact_id": None,
                "contact_name": None,
                "email": None,
                "phone": None,
                "address": {
                    "line1": f"{100 + index * 7} Main Street" if city else None,
                    "line2": None,
                    "city": city,
                    "state": None,
                    "country": country,
                    "zipcode": None,
                },
                "created_at": iso(since),
                "updated_at": iso(since),
            }
        )
    return rows


def make_departments(since: datetime) -> list[JsonDict]:
    return [
        {
            "id": ids.DEPARTMENT_BASE + index + 1,
            "name": name,
            "description": description,
            "head_user_id": None,
            "prime_user_id": None,
            "domains": [EMAIL_DOMAIN],
            "custom_fields": {},
            "created_at": iso(since),
            "updated_at": iso(since),
        }
        for index, (name, description) in enumerate(words.DEPARTMENTS)
    ]


def _unique_names(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str, str]]:
    """(first, last, e-mail stem) triples; stems get a number when a name repeats."""
    names: list[tuple[str, str, str]] = []
    while len(names) < count:
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        email = f"{_slug(first)}.{_slug(last)}"
        suffix = 2
        while email in taken:
            email = f"{_slug(first)}.{_slug(last)}{suffix}"
            suffix += 1
        taken.add(email)
        names.append((first, last, email))
    return names


def make_groups_and_agents(
    rng: random.Random, since: datetime, locations: list[JsonDict], departments: list[JsonDict]
) -> tuple[list[JsonDict], list[JsonDict]]:
    """Eight groups of about five agents; "me" (agent 1) is in two of them."""
    taken = {"alex.morgan"}
    names = [("Alex", "Morgan", "alex.morgan"), *_unique_names(rng, AGENTS_PER_ACCOUNT - 1, taken)]
    group_ids = [ids.GROUP_BASE + index + 1 for index in range(len(words.GROUPS))]
    members: dict[int, list[int]] = {group_id: [] for group_id in group_ids}
    agents: list[JsonDict] = []
    offices = [loc["id"] for loc in locations if loc["address"]["city"]]
    it_department = departments[-1]["id"]
    for index, (first, last, stem) in enumerate(names):
        agent_id = ids.AGENT_BASE + index + 1
        if index == 0:
            member_of = [group_ids[[g for g, _ in words.GROUPS].index(name)] for name in ME_GROUPS]
        else:
            member_of = [group_ids[(index - 1) % len(group_ids)]]
            if rng.random() < 0.2:
                extra = rng.choice(group_ids)
                if extra not in member_of:
                    member_of.append(extra)
        for group_id in member_of:
            members[group_id].append(agent_id)
        email = DEMO_AGENT_EMAIL if index == 0 else f"{stem}@{EMAIL_DOMAIN}"
        created = since + timedelta(days=rng.randint(0, 200))
        agents.append(
            {
                "id": agent_id,
                "first_name": first,
                "last_name": last,
                "occasional": index % 13 == 12,
                "active": index % 17 != 16,
                "job_title": "Service Desk Analyst" if index else "Senior Service Desk Analyst",
                "email": email,
                "work_phone_number": f"+1 617 555 {1000 + index:04d}",
                "mobile_phone_number": None,
                "department_ids": [it_department],
                "can_see_all_tickets_from_associated_departments": False,
                "reporting_manager_id": None if index < 8 else ids.AGENT_BASE + 1 + index % 8,
                "address": None,
                "time_zone": rng.choice(words.TIME_ZONES),
                "time_format": "12h",
                "language": "en",
                "location_id": offices[index % len(offices)],
                "background_information": None,
                "scoreboard_level_id": None,
                "member_of": member_of,
                "observer_of": [],
                "member_of_pending_approval": [],
                "observer_of_pending_approval": [],
                "roles": [
                    {
                        "role_id": ids.ROLE_BASE + (1 if index else 2),
                        "assignment_scope": "entire_helpdesk",
                        "groups": [],
                    }
                ],
                "last_login_at": None,
                "last_active_at": None,
                "custom_fields": {},
                "has_logged_in": True,
                "created_at": iso(created),
                "updated_at": iso(created),
                "workspace_ids": [PRIMARY_WORKSPACE_ID],
            }
        )
    groups = [
        {
            "id": group_id,
            "name": name,
            "description": description,
            "escalate_to": None,
            "unassigned_for": "30m",
            "business_hours_id": None,
            "created_at": iso(since),
            "updated_at": iso(since),
            "auto_ticket_assign": False,
            "restricted": name == "Security",
            "approval_required": False,
            "ocs_schedule_id": None,
            "workspace_id": PRIMARY_WORKSPACE_ID,
            "members": members[group_id],
            "observers": [],
            "leaders": members[group_id][:1],
            "members_pending_approval": [],
            "leaders_pending_approval": [],
            "observers_pending_approval": [],
        }
        for group_id, (name, description) in zip(group_ids, words.GROUPS, strict=True)
    ]
    return groups, agents


def make_requesters(
    rng: random.Random,
    count: int,
    since: datetime,
    locations: list[JsonDict],
    departments: list[JsonDict],
    taken_emails: set[str],
) -> list[JsonDict]:
    """Requesters; ``taken_emails`` (agents' e-mail stems) keeps every user's e-mail unique."""
    taken = set(taken_emails)
    offices = [loc["id"] for loc in locations if loc["address"]["city"]]
    rows: list[JsonDict] = []
    for index, (first, last, stem) in enumerate(_unique_names(rng, count, taken)):
        created = since + timedelta(days=rng.randint(0, 300), seconds=rng.randint(0, 86_399))
        department = departments[index % (len(departments) - 1)]
        rows.append(
            {
                "id": ids.REQUESTER_BASE + index + 1,
                "is_agent": False,
                "first_name": first,
                "last_name": last,
                "job_title": rng.choice(words.JOB_TITLES),
                "primary_email": f"{stem}@{EMAIL_DOMAIN}",
                "secondary_emails": [],
                "work_phone_number": f"+1 617 555 {2000 + index % 8000:04d}",
                "mobile_phone_number": None if index % 3 else f"+1 857 555 {index % 10000:04d}",
                "department_ids": [department["id"]],
                "can_see_all_tickets_from_associated_departments": False,
                "reporting_manager_id": None,
                "address": None,
                "time_zone": rng.choice(words.TIME_ZONES),
                "time_format": "12h",
                "language": "en",
                "location_id": offices[rng.randrange(len(offices))],
                "background_information": None,
                "custom_fields": {},
                "active": index % 41 != 40,
                "has_logged_in": index % 4 != 0,
                "vip_user": index % 50 == 7,
                "created_at": iso(created),
                "updated_at": iso(created),
            }
        )
    return rows


SCOREBOARD_LEVELS = (0, 500, 1500, 3000, 5000, 8000)
"""Points at which an agent reaches scoreboard levels 1-6 (Beginner ... Guru)."""


def _names_of(ids_: list[int], by_id: dict[int, str]) -> list[str] | None:
    names = [by_id[i] for i in ids_ if i in by_id]
    return names or None


def add_profile_fields(
    rng: random.Random,
    anchor: datetime,
    agents: list[JsonDict],
    requesters: list[JsonDict],
    departments: list[JsonDict],
    locations: list[JsonDict],
) -> None:
    """The profile fields real agent and requester bodies carry (samples/recorded agents,
    xsoar requester_get): signature, external ids, auto-assignment, scoreboard, last login,
    department and location names.

    Drawn from their own RNG after everything else, so every value generated before them
    (and the demo built on them) stays as it was.
    """
    department_names = {row["id"]: row["name"] for row in departments}
    location_names = {row["id"]: row["name"] for row in locations}
    for index, agent in enumerate(agents):
        created = agent["created_at"]
        points = rng.randint(0, 9000) if agent["active"] else 0
        level = sum(1 for floor in SCOREBOARD_LEVELS if points >= floor)
        seen = anchor - timedelta(minutes=rng.randint(2, 60 * 24 * 3))
        if not agent["active"]:
            seen = anchor - timedelta(days=rng.randint(60, 300))
        logged_in = seen - timedelta(minutes=rng.randint(0, 60 * 8))
        auto_assign = agent["active"] and not agent["occasional"] and rng.random() < 0.85
        agent.update(
            {
                "signature": (
                    f"<div>{agent['first_name']} {agent['last_name']}<br>"
                    f"{agent['job_title']}, Acme IT Service Desk<br>"
                    f"{agent['work_phone_number']}</div>"
                ),
                "external_id": f"EMP-{10_000 + index}" if index % 3 else None,
                "auto_assign_tickets": auto_assign,
                "auto_assign_status_changed_at": created if auto_assign else None,
                "vip_user": False,
                "scoreboard_points": points,
                "scoreboard_level_id": ids.SCOREBOARD_LEVEL_BASE + level,
                "last_login_at": iso(logged_in),
                "last_active_at": iso(seen),
                "department_names": _names_of(agent["department_ids"], department_names),
                "location_name": location_names.get(agent["location_id"]),
            }
        )
    for index, requester in enumerate(requesters):
        requester.update(
            {
                "external_id": f"HR-{40_000 + index}" if rng.random() < 0.4 else None,
                "can_see_all_changes_from_associated_departments": False,
                "department_names": _names_of(requester["department_ids"], department_names),
                "location_name": location_names.get(requester["location_id"]),
            }
        )
