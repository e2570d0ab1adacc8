"""Checks on ticket create/update payloads, answering with the API's field-level errors."""

from __future__ import annotations

import re
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import forms, workspaces
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import FieldError, validation_failed
from fstui.sandbox.timefmt import iso, parse_instant

JsonDict = dict[str, Any]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INTEGERS = (
    "requester_id",
    "status",
    "priority",
    "responder_id",
    "email_config_id",
    "group_id",
    "source",
    "department_id",
    "urgency",
    "impact",
    "workspace_id",
    "requested_for_id",
)
_NULLABLE = frozenset(
    {
        "responder_id",
        "group_id",
        "department_id",
        "email_config_id",
        "requested_for_id",
        "category",
        "sub_category",
        "item_category",
        "resolution_notes",
    }
)
_STRINGS = (
    "subject",
    "description",
    "email",
    "phone",
    "name",
    "type",
    "category",
    "sub_category",
    "item_category",
    "resolution_notes",
)
_STRING_LISTS = ("cc_emails", "tags", "fwd_emails", "reply_cc_emails")
_CHOICES = {
    "status": forms.STATUSES,
    "priority": forms.PRIORITIES,
    "urgency": forms.URGENCIES,
    "impact": forms.IMPACTS,
    "source": forms.ALL_SOURCES,
}
CREATE_FIELDS = frozenset(
    (
        *_INTEGERS,
        *_STRINGS,
        *_STRING_LISTS,
        "custom_fields",
        "due_by",
        "fr_due_by",
        "attachments",
        "assets",
        "associate_ci",
        "problem",
        "change_initiating_ticket",
        "change_initiated_by_ticket",
    )
)
UPDATE_FIELDS = CREATE_FIELDS - {"workspace_id"}


def _type_name(value: Any) -> str:
    return "Integer" if isinstance(value, int) and not isinstance(value, bool) else "String"


def _check_types(body: JsonDict, errors: list[FieldError]) -> None:
    for name in _INTEGERS:
        value = body.get(name)
        if name not in body or (value is None and name in _NULLABLE):
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(FieldError(name, "It should be a/an Integer", "datatype_mismatch"))
        elif name in _CHOICES and value not in _CHOICES[name]:
            allowed = ",".join(str(k) for k in _CHOICES[name])
            errors.append(
                FieldError(name, f"It should be one of these values: '{allowed}'", "invalid_value")
            )
    for name in _STRINGS:
        value = body.get(name)
        if name in body and not (isinstance(value, str) or (value is None and name in _NULLABLE)):
            errors.append(FieldError(name, "It should be a/an String", "datatype_mismatch"))
    for name in _STRING_LISTS:
        value = body.get(name)
        if name in body and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            errors.append(FieldError(name, "It should be a/an Array", "datatype_mismatch"))
    for name in ("due_by", "fr_due_by"):
        if name in body and (not isinstance(body[name], str) or parse_instant(body[name]) is None):
            errors.append(
                FieldError(name, "It should be in the 'valid date' format", "invalid_value")
            )


def _check_values(
    db: SandboxDB, body: JsonDict, errors: list[FieldError], workspace_id: int
) -> None:
    email = body.get("email")
    if isinstance(email, str) and not EMAIL.match(email):
        errors.append(
            FieldError("email", "It should be in the 'valid email address' format", "invalid_value")
        )
    for name in ("cc_emails",):
        for value in body.get(name) or []:
            if isinstance(value, str) and not EMAIL.match(value):
                errors.append(
                    FieldError(
                        name,
                        "It should contain elements that are in the 'valid email address' format",
                        "invalid_value",
                    )
                )
                break
    if isinstance(body.get("type"), str) and body["type"] not in forms.TICKET_TYPES:
        errors.append(
            FieldError(
                "type",
                "It should be one of these values: 'Incident,Service Request'",
                "invalid_value",
            )
        )
    lookups = (
        ("requester_id", db.user),
        ("responder_id", db.agent_by_id.get),
        ("group_id", db.group_by_id.get),
        ("department_id", db.department_by_id.get),
        ("requested_for_id", db.user),
        ("workspace_id", {w["id"]: w for w in db.workspaces}.get),
    )
    for name, lookup in lookups:
        value = body.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and lookup(value) is None:
            errors.append(
                FieldError(name, f"There is no record matching the given {name}", "invalid_value")
            )
    hr = workspace_id == workspaces.HR_WORKSPACE_ID
    _check_category(body, errors, workspaces.hr_category_tree() if hr else forms.category_tree())
    if hr:
        _check_hr_custom_fields(body, errors)
    else:
        _check_custom_fields(body, errors)
    assets = body.get("assets")
    if "assets" in body:
        if not isinstance(assets, list) or not all(
            isinstance(a, dict) and isinstance(a.get("display_id"), int) for a in assets
        ):
            errors.append(
                FieldError(
                    "assets", 'It should be an array of {"display_id": N}', "datatype_mismatch"
                )
            )
        elif any(a["display_id"] not in db.assets for a in assets):
            errors.append(
                FieldError(
                    "assets", "There is no asset matching the given display_id", "invalid_value"
                )
            )


def _check_category(
    body: JsonDict, errors: list[FieldError], tree: dict[str, dict[str, list[str]]]
) -> None:
    """Category, sub-category and item must follow the workspace form's tree."""
    category, sub, item = body.get("category"), body.get("sub_category"), body.get("item_category")
    if isinstance(category, str) and category not in tree:
        errors.append(
            FieldError(
                "category", f"It should be one of these values: '{','.join(tree)}'", "invalid_value"
            )
        )
        return
    if isinstance(sub, str):
        subs = tree.get(category, {}) if isinstance(category, str) else {}
        if sub not in subs:
            errors.append(
                FieldError(
                    "sub_category",
                    "It should be one of the sub categories of the given category",
                    "invalid_value",
                )
            )
        elif isinstance(item, str) and item not in subs[sub]:
            errors.append(
                FieldError(
                    "item_category",
                    "It should be one of the items of the given sub category",
                    "invalid_value",
                )
            )


def _check_custom_fields(body: JsonDict, errors: list[FieldError]) -> None:
    if "custom_fields" not in body:
        return
    custom = body["custom_fields"]
    if not isinstance(custom, dict):
        errors.append(
            FieldError("custom_fields", "It should be a/an key/value pair", "datatype_mismatch")
        )
        return
    for name, value in custom.items():
        if name == forms.CUSTOM_DROPDOWN:
            if value is not None and value not in forms.AFFECTED_SERVICES:
                allowed = ",".join(forms.AFFECTED_SERVICES)
                errors.append(
                    FieldError(
                        name, f"It should be one of these values: '{allowed}'", "invalid_value"
                    )
                )
        elif name == forms.CUSTOM_CHECKBOX:
            if not isinstance(value, bool):
                errors.append(FieldError(name, "It should be a/an Boolean", "datatype_mismatch"))
        elif name in forms.OFFICE_LEVELS:
            continue  # checked as a path below
        elif name in _EXTRA_TYPES:
            message = _custom_type_error(_EXTRA_TYPES[name], value)
            if message is not None:
                errors.append(FieldError(name, message, "datatype_mismatch"))
        else:
            errors.append(FieldError(name, "Unexpected/invalid field in request", "invalid_field"))
    _check_office(custom, errors)


_EXTRA_TYPES = {name: field_type for name, _, field_type in forms.EXTRA_CUSTOM_FIELDS}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _custom_type_error(field_type: str, value: Any) -> str | None:
    """The API's datatype message for a custom field value of the wrong type (null clears)."""
    if value is None:
        return None
    if field_type in ("custom_text", "custom_paragraph"):
        return None if isinstance(value, str) else "It should be a/an String"
    if field_type == "custom_number":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "It should be a/an Integer"
    if field_type == "custom_decimal":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "It should be a/an Number"
    if field_type == "custom_date":
        ok = (
            isinstance(value, str) and bool(_DATE.match(value)) and parse_instant(value) is not None
        )
        return None if ok else "It should be in the 'yyyy-mm-dd' format"
    return None


def _check_office(custom: JsonDict, errors: list[FieldError]) -> None:
    """The dependent dropdown: each level among the choices under the one above it."""
    office, building, floor = (custom.get(k) for k in forms.OFFICE_LEVELS)
    if office is not None and office not in forms.OFFICES:
        allowed = ",".join(forms.OFFICES)
        errors.append(
            FieldError("office", f"It should be one of these values: '{allowed}'", "invalid_value")
        )
        return
    buildings = forms.OFFICES.get(office, {}) if isinstance(office, str) else {}
    if building is not None and building not in buildings:
        errors.append(
            FieldError(
                "building", "It should be one of the choices of the given office", "invalid_value"
            )
        )
        return
    floors = buildings.get(building, []) if isinstance(building, str) else []
    if floor is not None and floor not in floors:
        errors.append(
            FieldError(
                "floor", "It should be one of the choices of the given building", "invalid_value"
            )
        )


def _check_hr_custom_fields(body: JsonDict, errors: list[FieldError]) -> None:
    """HR's form has one custom field, the case type dropdown."""
    custom = body.get("custom_fields")
    if custom is None:
        return
    if not isinstance(custom, dict):
        errors.append(
            FieldError("custom_fields", "It should be a/an key/value pair", "datatype_mismatch")
        )
        return
    for name, value in custom.items():
        if name != "hr_case_type":
            errors.append(FieldError(name, "Unexpected/invalid field in request", "invalid_field"))
        elif value is not None and value not in workspaces.HR_CASE_TYPES:
            allowed = ",".join(workspaces.HR_CASE_TYPES)
            errors.append(
                FieldError(name, f"It should be one of these values: '{allowed}'", "invalid_value")
            )


def validate_ticket(
    db: SandboxDB, body: JsonDict, *, creating: bool, workspace_id: int | None = None
) -> None:
    """Raise the 400 the API would send for ``body``; all problems are reported at once.
    Categories and custom fields are checked against the form of the ticket's workspace
    (``workspace_id``; on create, the body's, else the primary one)."""
    allowed = CREATE_FIELDS if creating else UPDATE_FIELDS
    errors = [
        FieldError(name, "Unexpected/invalid field in request", "invalid_field")
        for name in body
        if name not in allowed
    ]
    _check_types(body, errors)
    if creating and not any(body.get(k) is not None for k in ("requester_id", "email", "phone")):
        errors.append(
            FieldError(
                "requester_id",
                "Please fill at least 1 of requester_id, phone, email fields",
                "missing_field",
            )
        )
    # the form marks subject required_for_agents (data/forms.py); the reference (line 325)
    # names missing_field for a mandatory attribute left out of Create a Ticket
    if creating and body.get("subject") in (None, ""):
        errors.append(FieldError("subject", "Mandatory attribute missing", "missing_field"))
    if creating and body.get("phone") and not body.get("email") and not body.get("name"):
        errors.append(FieldError("name", "It should be a/an String", "missing_field"))
    if workspace_id is None:
        given = body.get("workspace_id")
        workspace_id = given if isinstance(given, int) else PRIMARY_WORKSPACE_ID
    if not errors:
        _check_values(db, body, errors, workspace_id)
    if errors:
        raise validation_failed(*errors)


CLOSING_STATUSES = (4, 5)


def check_closure(db: SandboxDB, row: JsonDict, body: JsonDict) -> None:
    """Fields an admin marked `required_for_closure` must have a value before a ticket is
    resolved or closed; Freshservice refuses the update otherwise."""
    if body.get("status") not in CLOSING_STATUSES or row.get("status") in CLOSING_STATUSES:
        return
    errors = []
    for field in db.ticket_fields:
        if not field.get("required_for_closure"):
            continue
        name = field["name"]
        if field.get("default_field"):
            value = body.get(name, row.get(name))
        else:
            value = (body.get("custom_fields") or {}).get(
                name, (row.get("custom_fields") or {}).get(name)
            )
        if value in (None, "", []):
            message = f"{field['label']} is required to resolve or close the ticket"
            errors.append(FieldError(name, message, "missing_field"))
    if errors:
        raise validation_failed(*errors)


def normalise_dates(body: JsonDict) -> None:
    """Store due dates in the API's output format whatever input format was used."""
    for name in ("due_by", "fr_due_by"):
        if isinstance(body.get(name), str):
            moment = parse_instant(body[name])
            if moment is not None:
                body[name] = iso(moment)
