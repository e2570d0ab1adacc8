"""GET /ticket_form_fields: default fields with this account's choices plus two custom fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids, words
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]

STATUSES = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed", 6: "Awaiting vendor"}
OPEN_STATUSES = frozenset({2, 3, 6})
PRIORITIES = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
URGENCIES = {1: "Low", 2: "Medium", 3: "High"}
IMPACTS = {1: "Low", 2: "Medium", 3: "High"}
SOURCES = {
    1: "Email",
    2: "Portal",
    3: "Phone",
    4: "Chat",
    5: "Feedback widget",
    6: "Yammer",
    7: "AWS Cloudwatch",
    8: "Pagerduty",
    9: "Walkup",
    10: "Slack",
    # Reference line 3336 (a real account's form) and node804's models (api-facts.md #10):
    12: "Workplace",
    13: "Employee Onboarding",
    15: "MS Teams",
}
CUSTOM_SOURCES = {1001: "Vendor portal", 1002: "Security scanner"}
"""An admin's own sources: Freshservice numbers them from 1001 (reference line 3336)."""
ALL_SOURCES = {**SOURCES, **CUSTOM_SOURCES}
TICKET_TYPES = ("Incident", "Service Request")
AFFECTED_SERVICES = ("Email", "VPN", "Wi-Fi", "ERP", "CRM", "File shares", "Printing", "Telephony")
CUSTOM_DROPDOWN = "affected_service"
CUSTOM_CHECKBOX = "vip_request"
EXTRA_CUSTOM_FIELDS = (
    ("asset_tag", "Asset tag", "custom_text"),
    ("steps_to_reproduce", "Steps to reproduce", "custom_paragraph"),
    ("affected_users", "Affected users", "custom_number"),
    ("estimated_cost", "Estimated cost", "custom_decimal"),
    ("needed_by", "Needed by", "custom_date"),
)
OFFICES = {
    "London": {"Canary Wharf": ["1", "2", "3"], "Soho": ["Ground", "1"]},
    "New York": {"Hudson Yards": ["12", "14", "15"]},
    "Berlin": {"Mitte": ["EG", "1", "2"], "Kreuzberg": []},
}
"""A custom dependent dropdown: office (city) > building > floor (a building may have none)."""
OFFICE_LEVELS = ("office", "building", "floor")
"""Custom fields of every other type an admin can add (issue #19): appended after the form's
first two, so every field before them, and every generated ticket, stays as it was. Tickets
created before an admin added a field carry no value for it, as here."""


def category_tree() -> dict[str, dict[str, list[str]]]:
    """category -> sub_category -> item categories, built from the generator's topics."""
    tree: dict[str, dict[str, list[str]]] = {}

    def add(category: str, sub: str, item: str | None) -> None:
        items = tree.setdefault(category, {}).setdefault(sub, [])
        if item and item not in items:
            items.append(item)

    for topic in words.TOPICS:
        add(topic.category, topic.sub_category, topic.item_category)
    add("Hardware", "Computer", "Desktop")
    add("Hardware", "Peripherals", "Keyboard")
    add("Hardware", "Peripherals", "Headset")
    for topic in words.TOPICS:  # where single subjects file instead of under their topic
        for subject in topic.subjects:
            if subject.filed_under is not None:
                add(topic.category, *subject.filed_under)
    return tree


def _field(
    position: int, name: str, label: str, field_type: str, since: datetime, **extra: Any
) -> JsonDict:
    row: JsonDict = {
        "id": ids.FIELD_BASE + position + 1,
        "label": label,
        "description": f"Ticket {label.lower()}",
        "field_type": field_type,
        "created_at": iso(since),
        "updated_at": iso(since),
        "position": position,
        "required_for_closure": False,
        "name": name,
        "default_field": field_type.startswith("default_"),
        "required_for_agents": name in ("requester", "subject", "status", "priority"),
        "customers_can_edit": name in ("subject", "description"),
        "label_for_customers": label,
        "required_for_customers": name in ("requester", "subject"),
        "displayed_to_customers": True,
        "belongs_to_section": False,
        "choices": [],
        "nested_fields": [],
        "sections": [],
        "workspace_id": PRIMARY_WORKSPACE_ID,
    }
    row.update(extra)
    return row


def _choices(table: dict[int, str]) -> list[JsonDict]:
    return [{"id": key, "value": value} for key, value in table.items()]


def make_ticket_fields(
    since: datetime, groups: list[JsonDict], agents: list[JsonDict], departments: list[JsonDict]
) -> list[JsonDict]:
    display = 0
    category_choices: list[JsonDict] = []
    for category, subs in category_tree().items():
        display += 1
        sub_rows = []
        for sub, items in subs.items():
            display += 1
            item_rows = []
            for item in items:
                display += 1
                item_rows.append(
                    {"id": ids.FIELD_BASE + 1000 + display, "display_id": display, "value": item}
                )
            sub_rows.append(
                {
                    "id": ids.FIELD_BASE + 1000 + display,
                    "display_id": display,
                    "value": sub,
                    "nested_options": item_rows,
                }
            )
        category_choices.append(
            {
                "id": ids.FIELD_BASE + 1000 + display,
                "display_id": display,
                "value": category,
                "nested_options": sub_rows,
            }
        )
    status_choices = [
        {"id": key, "value": value, "requester_display_value": value}
        for key, value in STATUSES.items()
    ]
    category_field = ids.FIELD_BASE + 14
    fields = [
        _field(
            0,
            "requester",
            "Requester",
            "default_requester",
            since,
            portal_cc=False,
            portalcc_to="company",
        ),
        _field(1, "subject", "Subject", "default_subject", since),
        _field(2, "source", "Source", "default_source", since, choices=_choices(ALL_SOURCES)),
        _field(
            3,
            "ticket_type",
            "Type",
            "default_ticket_type",
            since,
            choices=[{"id": i + 1, "value": t} for i, t in enumerate(TICKET_TYPES)],
        ),
        _field(4, "status", "Status", "default_status", since, choices=status_choices),
        _field(5, "urgency", "Urgency", "default_urgency", since, choices=_choices(URGENCIES)),
        _field(6, "impact", "Impact", "default_impact", since, choices=_choices(IMPACTS)),
        _field(7, "priority", "Priority", "default_priority", since, choices=_choices(PRIORITIES)),
        _field(
            8,
            "group",
            "Group",
            "default_group",
            since,
            choices=[{"id": g["id"], "value": g["name"]} for g in groups],
        ),
        _field(
            9,
            "agent",
            "Assigned to",
            "default_agent",
            since,
            choices=[
                {"id": a["id"], "value": f"{a['first_name']} {a['last_name']}"} for a in agents
            ],
        ),
        _field(
            10,
            "department",
            "Department",
            "default_department",
            since,
            choices=[{"id": d["id"], "value": d["name"]} for d in departments],
        ),
        _field(11, "description", "Description", "default_description", since),
        _field(
            13,
            "category",
            "Category",
            "default_category",
            since,
            choices=category_choices,
            nested_fields=[
                {
                    "name": "sub_category",
                    "id": ids.FIELD_BASE + 901,
                    "label": "Sub-Category",
                    "label_in_portal": "Sub-Category",
                    "level": 2,
                    "description": "Ticket Sub Category",
                    "created_at": iso(since),
                    "updated_at": iso(since),
                    "field_id": category_field,
                },
                {
                    "name": "item_category",
                    "id": ids.FIELD_BASE + 902,
                    "label": "Item",
                    "label_in_portal": "Item",
                    "level": 3,
                    "description": "Ticket Item",
                    "created_at": iso(since),
                    "updated_at": iso(since),
                    "field_id": category_field,
                },
            ],
        ),
        _field(
            14,
            CUSTOM_DROPDOWN,
            "Affected service",
            "custom_dropdown",
            since,
            description="The business service the issue affects",
            required_for_closure=True,
            choices=[
                {"id": ids.FIELD_BASE + 2000 + i, "display_id": i + 1, "value": v}
                for i, v in enumerate(AFFECTED_SERVICES)
            ],
        ),
        _field(
            15,
            CUSTOM_CHECKBOX,
            "VIP request",
            "custom_checkbox",
            since,
            description="Raised by or for an executive",
        ),
        *(
            _field(16 + i, name, label, field_type, since)
            for i, (name, label, field_type) in enumerate(EXTRA_CUSTOM_FIELDS)
        ),
        _office_field(since),
    ]
    return fields


def _office_field(since: datetime) -> JsonDict:
    """The dependent dropdown, shaped like the category field (choices with nested_options,
    the lower levels in nested_fields)."""
    number = iter(range(ids.FIELD_BASE + 3000, ids.FIELD_BASE + 3999))
    choices = [
        {
            "id": next(number),
            "value": city,
            "nested_options": [
                {
                    "id": next(number),
                    "value": building,
                    "nested_options": [{"id": next(number), "value": f} for f in floors],
                }
                for building, floors in buildings.items()
            ],
        }
        for city, buildings in OFFICES.items()
    ]
    field_id = ids.FIELD_BASE + 21 + 1
    return _field(
        21,
        "office",
        "Office",
        "nested_field",
        since,
        choices=choices,
        nested_fields=[
            {
                "name": name,
                "id": ids.FIELD_BASE + 910 + level,
                "label": name.capitalize(),
                "label_in_portal": name.capitalize(),
                "level": level,
                "description": f"Ticket {name}",
                "created_at": iso(since),
                "updated_at": iso(since),
                "field_id": field_id,
            }
            for level, name in ((2, "building"), (3, "floor"))
        ],
    )
