"""Picker choices for each editable ticket property, built from the account's labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fstui.api import Ticket
from fstui.store.labels import Labels
from fstui.ui.modals.picker import Choice

UNASSIGN = -1
"""Picker value meaning "clear this field" (the picker's None already means "cancelled")."""


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
        agents = sorted(labels.agents.values(), key=lambda p: p.name.casefold())
        choices = [Choice(UNASSIGN, "— unassigned —", current=ticket.responder_id is None)]
        if labels.me_agent_id is not None and labels.me_agent_id in labels.agents:
            me = labels.agents[labels.me_agent_id]
            choices.append(
                Choice(me.id, f"{me.name} (me)", me.email, current=ticket.responder_id == me.id)
            )
        choices.extend(
            Choice(a.id, a.name, a.email, current=ticket.responder_id == a.id)
            for a in agents
            if a.id != labels.me_agent_id
        )
        return choices
    if name == "group":
        groups = sorted(labels.groups.items(), key=lambda item: item[1].casefold())
        choices = [Choice(UNASSIGN, "— no group —", current=ticket.group_id is None)]
        choices.extend(Choice(gid, gname, current=ticket.group_id == gid) for gid, gname in groups)
        return choices
    raise KeyError(name)


def field_value(picked: int) -> int | None:
    return None if picked == UNASSIGN else picked
