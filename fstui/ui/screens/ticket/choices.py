"""Picker choices for each editable ticket property, built from the account's labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fstui.api import Ticket
from fstui.store.labels import Labels
from fstui.ui.modals.people_choices import UNASSIGN, agent_choices, field_value, group_choices
from fstui.ui.modals.picker import Choice

__all__ = ["PROPERTIES", "UNASSIGN", "PropertySpec", "field_value", "property_choices"]


@dataclass(frozen=True)
class PropertySpec:
    field: str
    title: str


PROPERTIES: Mapping[str, PropertySpec] = {
    "status": PropertySpec("status", "Status"),
    "priority": PropertySpec("priority", "Priority"),
    "urgency": PropertySpec("urgency", "Urgency"),
    "impact": PropertySpec("impact", "Impact"),
    "agent": PropertySpec("responder_id", "Agent"),
    "group": PropertySpec("group_id", "Group"),
}


def _code_choices(table: Mapping[int, str], current: int | None) -> list[Choice[int]]:
    return [
        Choice(code, label, hint=str(code), current=code == current)
        for code, label in sorted(table.items())
    ]


def property_choices(name: str, ticket: Ticket, labels: Labels) -> list[Choice[int]]:
    if name == "status":
        return _code_choices(labels.statuses, ticket.status)
    if name == "priority":
        return _code_choices(labels.priorities, ticket.priority)
    if name == "urgency":
        return _code_choices(labels.urgencies, ticket.urgency)
    if name == "impact":
        return _code_choices(labels.impacts, ticket.impact)
    if name == "agent":
        return agent_choices(labels, ticket.responder_id)
    if name == "group":
        return group_choices(labels, ticket.group_id)
    raise KeyError(name)
