"""The account's ticket form as rows an agent can read and edit: one per form field.

Why one model for two screens: the new-ticket form and the ticket's fields view (key F) show
the same fields, with the same labels, the same choices and the same typing rules; only where
a value comes from (a ticket, or what the agent typed so far) and where it goes (a create body,
an update) differ. Everything here comes from the server (labels, choices) and is passed
through `fstui.text` before it is shown.

Typing rules follow the reference's custom field types (number, decimal, date, checkbox,
dropdown, text, paragraph) so the form can refuse "12a" for a number before anything is sent;
the server's own 400 still has the last word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from fstui.api import Ticket, TicketField
from fstui.store.labels import Labels
from fstui.text import one_line

__all__ = [
    "FormRow",
    "RowKind",
    "body_for",
    "closure_rows",
    "display_value",
    "parse_typed",
    "rows_from",
    "ticket_value",
]

RowKind = Literal[
    "code",
    "choice",
    "category",
    "checkbox",
    "text",
    "paragraph",
    "number",
    "decimal",
    "date",
    "requester",
    "description",
]

# Default form field -> (ticket attribute / create body key, kind).
_DEFAULTS: dict[str, tuple[str, RowKind]] = {
    "requester": ("requester_id", "requester"),
    "subject": ("subject", "text"),
    "description": ("description", "description"),
    "source": ("source", "code"),
    "ticket_type": ("type", "choice"),
    "status": ("status", "code"),
    "priority": ("priority", "code"),
    "urgency": ("urgency", "code"),
    "impact": ("impact", "code"),
    "group": ("group_id", "code"),
    "agent": ("responder_id", "code"),
    "department": ("department_id", "code"),
    "category": ("category", "category"),
}
_CUSTOM: dict[str, RowKind] = {
    "custom_dropdown": "choice",
    "custom_checkbox": "checkbox",
    "custom_text": "text",
    "custom_url": "text",
    "custom_paragraph": "paragraph",
    "custom_number": "number",
    "custom_decimal": "decimal",
    "custom_date": "date",
    "nested_field": "category",
}
_CATEGORY_LEVELS = ("category", "sub_category", "item_category")


@dataclass(frozen=True)
class FormRow:
    """One editable field of the form; `key` is where its value lives in a ticket or body."""

    name: str
    key: str
    label: str
    kind: RowKind
    custom: bool
    required: bool = False
    required_for_closure: bool = False
    codes: Mapping[int, str] = field(default_factory=dict)
    """For `code` rows: id -> label (status, priority, group, agent, ...)."""
    values: tuple[str, ...] = ()
    """For `choice` rows: the values a dropdown accepts."""
    tree: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    """For `category` rows: top -> second level -> third level (dependent dropdowns)."""
    levels: tuple[str, ...] = ()
    """For `category` rows: the names the levels are stored under (category, sub_category,
    item_category; or a custom nested field's own name and its nested fields' names)."""


def rows_from(form: Sequence[TicketField]) -> list[FormRow]:
    """The form's fields in the account's order, as rows (unknown types are left out)."""
    rows: list[FormRow] = []
    ordered = sorted(form, key=lambda f: (f.position is None, f.position or 0))
    for item in ordered:
        name = item.name or ""
        if not name:
            continue
        if item.default_field:
            known = _DEFAULTS.get(name)
            if known is None:
                continue
            key, kind = known
        else:
            kind_or_none = _CUSTOM.get(item.field_type or "")
            if kind_or_none is None:
                continue
            key, kind = name, kind_or_none
        values = tuple(
            str(c["value"])
            for c in item.choices or []
            if isinstance(c, dict) and isinstance(c.get("value"), str)
        )
        rows.append(
            FormRow(
                name=name,
                key=key,
                label=one_line(item.label or name, 40) or name,
                kind=kind,
                custom=not item.default_field,
                required=bool(item.required or item.required_for_agents),
                required_for_closure=bool(item.required_for_closure),
                codes=item.choice_labels() if kind == "code" else {},
                values=values if kind == "choice" else (),
                tree=_tree(item) if kind == "category" else {},
                levels=_levels(item) if kind == "category" else (),
            )
        )
    return rows


def _tree(item: TicketField) -> dict[str, dict[str, list[str]]]:
    """A dependent dropdown's choices (nested_options, three levels) as a tree."""
    tree: dict[str, dict[str, list[str]]] = {}
    for top in item.choices or []:
        if not isinstance(top, dict) or not isinstance(top.get("value"), str):
            continue
        subs: dict[str, list[str]] = {}
        for sub in top.get("nested_options") or []:
            if isinstance(sub, dict) and isinstance(sub.get("value"), str):
                subs[sub["value"]] = [
                    leaf["value"]
                    for leaf in sub.get("nested_options") or []
                    if isinstance(leaf, dict) and isinstance(leaf.get("value"), str)
                ]
        tree[top["value"]] = subs
    return tree


def _levels(item: TicketField) -> tuple[str, ...]:
    if item.default_field:
        return _CATEGORY_LEVELS
    nested = sorted(
        (n for n in item.nested_fields or [] if isinstance(n, dict) and n.get("name")),
        key=lambda n: n.get("level") or 0,
    )
    return (item.name or "", *(str(n["name"]) for n in nested))[:3]


def closure_rows(form: Sequence[TicketField]) -> list[FormRow]:
    """The fields the account requires before a ticket is resolved or closed."""
    return [row for row in rows_from(form) if row.required_for_closure]


def ticket_value(row: FormRow, ticket: Ticket | Mapping[str, Any]) -> Any:
    """The row's value on `ticket` (a model, or a mirror/list row)."""
    if isinstance(ticket, Mapping):
        source: Mapping[str, Any] = ticket
        custom = ticket.get("custom_fields") or {}
    else:
        source = ticket.model_dump()
        custom = ticket.custom_fields or {}
    if not isinstance(custom, Mapping):
        custom = {}
    if row.kind == "category":
        where = custom if row.custom else source
        parts: list[Any] = []
        for level in row.levels:
            part = where.get(level)
            if not (isinstance(part, str) and part):
                break
            parts.append(part)
        return tuple(parts) or None
    if row.custom:
        return custom.get(row.name)
    return source.get(row.key)


def missing(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def display_value(row: FormRow, value: Any, labels: Labels | None = None) -> str:
    """The value as words, one line, sanitised (it came from the server or the agent)."""
    if missing(value):
        return "—"
    if row.kind == "code" and isinstance(value, int):
        if row.key == "responder_id" and labels is not None and value in labels.agents:
            return one_line(labels.agents[value].name, 60)
        return one_line(row.codes.get(value) or f"#{value}", 60)
    if row.kind == "category" and isinstance(value, tuple):
        return one_line(" > ".join(str(v) for v in value), 80)
    if row.kind == "checkbox":
        return "yes" if value is True else "no"
    return one_line(str(value), 80)


def parse_typed(row: FormRow, text: str) -> Any:
    """What the agent typed, as the value the field takes; ValueError says why not.

    Empty text clears the field (None)."""
    raw = text.strip()
    if not raw:
        return None
    if row.kind == "number":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{row.label} must be a whole number") from None
    if row.kind == "decimal":
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"{row.label} must be a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{row.label} must be a number")
        return number
    if row.kind == "date":
        try:
            datetime.strptime(raw, "%Y-%m-%d")
        except ValueError:
            raise ValueError(f"{row.label} must be a date (yyyy-mm-dd)") from None
        return raw
    if row.kind == "paragraph":
        return text.rstrip()
    return raw


def body_for(row: FormRow, value: Any) -> dict[str, Any]:
    """The fields of a create or update body that set this row to `value`."""
    if row.kind == "category":
        parts: list[Any] = list(value) if isinstance(value, tuple) else []
        parts += [None] * (len(row.levels) - len(parts))
        levels = dict(zip(row.levels, parts, strict=False))
        return {"custom_fields": levels} if row.custom else levels
    if row.custom:
        return {"custom_fields": {row.name: value}}
    return {row.key: value}


def merge_body(body: dict[str, Any], part: Mapping[str, Any]) -> None:
    """Fold `part` (from `body_for`) into `body`, custom fields merged key by key."""
    for key, value in part.items():
        if key == "custom_fields":
            body.setdefault("custom_fields", {}).update(value)
        else:
            body[key] = value
