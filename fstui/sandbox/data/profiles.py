"""The account's people settings: agent fields, requester fields and requester groups.

Shaped like the reference ("List All Agent Fields" line 13610, "List All Requester Fields"
line 12291, "Requester Groups" line 14330) and xsoar's requester_field_list sample.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fstui.sandbox.data import ids
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]

_REQUESTER_FIELDS = (
    ("first_name", "First Name", "default_first_name", True),
    ("last_name", "Last Name", "default_last_name", False),
    ("job_title", "Job Title", "default_job_title", False),
    ("primary_email", "Email", "default_email", True),
    ("work_phone_number", "Work Phone", "default_phone", False),
    ("mobile_phone_number", "Mobile Phone", "default_mobile", False),
    ("department", "Department", "default_department", False),
    ("reporting_manager", "Reporting Manager", "default_reporting_manager", False),
    ("location", "Location", "default_location", False),
    ("time_zone", "Time Zone", "default_time_zone", False),
    ("language", "Language", "default_language", False),
    ("address", "Address", "default_address", False),
    ("background_information", "Background Information", "default_description", False),
)
_AGENT_FIELDS = (
    ("first_name", "First Name", "default_first_name", True),
    ("last_name", "Last Name", "default_last_name", False),
    ("email", "Email", "default_email", True),
    ("job_title", "Job Title", "default_job_title", False),
    ("work_phone_number", "Work Phone", "default_phone", False),
    ("mobile_phone_number", "Mobile Phone", "default_mobile", False),
    ("department", "Department", "default_department", False),
    ("reporting_manager", "Reporting Manager", "default_reporting_manager", False),
    ("location", "Location", "default_location", False),
    ("time_zone", "Time Zone", "default_time_zone", False),
    ("language", "Language", "default_language", False),
    ("signature", "Signature", "default_signature", False),
)


def make_requester_fields(since: datetime) -> list[JsonDict]:
    stamp = iso(since)
    return [
        {
            "id": ids.REQUESTER_FIELD_BASE + position,
            "created_at": stamp,
            "updated_at": stamp,
            "editable_in_signup": name in ("first_name", "last_name"),
            "name": name,
            "label": label,
            "position": position,
            "required_for_agents": required,
            "type": field_type,
            "default": True,
            "requesters_can_edit": name not in ("primary_email", "department"),
            "label_for_requesters": label,
            "required_for_requesters": required,
            "displayed_for_requesters": name != "background_information",
            "choices": [],
        }
        for position, (name, label, field_type, required) in enumerate(_REQUESTER_FIELDS, 1)
    ]


def make_agent_fields(since: datetime) -> list[JsonDict]:
    stamp = iso(since)
    return [
        {
            "id": ids.AGENT_FIELD_BASE + position,
            "created_at": stamp,
            "updated_at": stamp,
            "name": name,
            "label_for_admins": label,
            "editable_by_admins": True,
            "mandatory_for_admins": required,
            "label_for_agents": label,
            "visible_to_agents": True,
            "editable_by_agents": name not in ("email", "department", "reporting_manager"),
            "mandatory_for_agents": required,
            "position": position,
            "type": field_type,
            "default_field": True,
            "choices": [],
        }
        for position, (name, label, field_type, required) in enumerate(_AGENT_FIELDS, 1)
    ]


def make_requester_groups(
    requesters: list[JsonDict], departments: list[JsonDict]
) -> tuple[list[JsonDict], dict[int, list[int]]]:
    """One rule-based group per department plus two manual ones; and their members."""
    groups: list[JsonDict] = []
    members: dict[int, list[int]] = {}
    for index, department in enumerate(departments):
        group_id = ids.REQUESTER_GROUP_BASE + index + 1
        groups.append(
            {
                "id": group_id,
                "name": f"{department['name']} employees",
                "description": f"Everyone whose department is {department['name']}",
                "type": "rule_based",
            }
        )
        members[group_id] = [r["id"] for r in requesters if department["id"] in r["department_ids"]]
    manual = (
        (
            "VIP users",
            "Executives and their assistants",
            [r["id"] for r in requesters if r["vip_user"]],
        ),
        (
            "Pilot testers",
            "Try new software before everyone else",
            [r["id"] for r in requesters[:25]],
        ),
    )
    for offset, (name, description, people) in enumerate(manual, len(groups) + 1):
        group_id = ids.REQUESTER_GROUP_BASE + offset
        groups.append({"id": group_id, "name": name, "description": description, "type": "manual"})
        members[group_id] = people
    return groups, members
