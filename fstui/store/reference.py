"""The account's slow-changing vocabulary: who the agents and groups are, what status 6 means.

Why one object: every queue row needs five lookups (status label, priority label, agent, group,
requester); resolving them from one in-memory snapshot keeps rendering free of network calls.
Labels come from the tenant's ticket form fields because statuses and sources are per-account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fstui.api import (
    Agent,
    Department,
    Group,
    Location,
    TicketField,
)

__all__ = [
    "CLOSED_STATUSES",
    "DEFAULT_LABELS",
    "ReferenceData",
    "category_tree",
    "label_maps",
]

RESOLVED = 4
CLOSED = 5
CLOSED_STATUSES = frozenset({RESOLVED, CLOSED})
"""Statuses that take a ticket out of the open set (custom statuses 6+ stay open)."""

DEFAULT_LABELS: Mapping[str, Mapping[int, str]] = {
    "status": {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"},
    "priority": {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"},
    "source": {1: "Email", 2: "Portal", 3: "Phone", 4: "Chat", 9: "Walk-up", 10: "Slack"},
    "urgency": {1: "Low", 2: "Medium", 3: "High"},
    "impact": {1: "Low", 2: "Medium", 3: "High"},
}
LABELLED_FIELDS = tuple(DEFAULT_LABELS)


def label_maps(fields: Iterable[TicketField]) -> dict[str, dict[int, str]]:
    """Code -> label per choice field, the tenant's labels over the documented defaults."""
    maps = {name: dict(labels) for name, labels in DEFAULT_LABELS.items()}
    for ticket_field in fields:
        if ticket_field.name in maps:
            labels = ticket_field.choice_labels()
            if labels:
                maps[ticket_field.name] = labels
    return maps


def category_tree(fields: Iterable[TicketField]) -> dict[str, dict[str, list[str]]]:
    """category -> sub-category -> item categories, from the nested choices of "category"."""
    tree: dict[str, dict[str, list[str]]] = {}
    for ticket_field in fields:
        if ticket_field.name != "category":
            continue
        for top in ticket_field.choices or []:
            if not isinstance(top, dict) or not isinstance(top.get("value"), str):
                continue
            subs: dict[str, list[str]] = {}
            for sub in top.get("nested_options") or []:
                if isinstance(sub, dict) and isinstance(sub.get("value"), str):
                    subs[sub["value"]] = [
                        item["value"]
                        for item in sub.get("nested_options") or []
                        if isinstance(item, dict) and isinstance(item.get("value"), str)
                    ]
            tree[top["value"]] = subs
    return tree


@dataclass(frozen=True)
class ReferenceData:
    """A snapshot of the account's reference data; every map is keyed by id."""

    agents: Mapping[int, Agent] = field(default_factory=dict)
    groups: Mapping[int, Group] = field(default_factory=dict)
    departments: Mapping[int, Department] = field(default_factory=dict)
    locations: Mapping[int, Location] = field(default_factory=dict)
    requesters: Mapping[int, str] = field(default_factory=dict)
    ticket_fields: tuple[TicketField, ...] = ()
    labels: Mapping[str, Mapping[int, str]] = field(default_factory=lambda: label_maps(()))
    categories: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    me: Agent | None = None
    age_seconds: float = 0.0
    stale: bool = False

    @property
    def statuses(self) -> Mapping[int, str]:
        return self.labels.get("status", {})

    @property
    def open_statuses(self) -> frozenset[int]:
        """Every status the tenant defines that is not resolved/closed."""
        return frozenset(code for code in self.statuses if code not in CLOSED_STATUSES)

    @property
    def my_group_ids(self) -> frozenset[int]:
        """Groups I am a member of: from my agent record, else from group member lists."""
        if self.me is None or self.me.id is None:
            return frozenset()
        ids: set[int] = set(self.me.member_of or [])
        for group_id, group in self.groups.items():
            if self.me.id in (group.members or []):
                ids.add(group_id)
        return frozenset(ids)

    def label(self, field_name: str, code: Any) -> str:
        """The tenant's label for a choice code; unknown codes show as the number."""
        if code is None:
            return ""
        labels = self.labels.get(field_name, {})
        return labels.get(code, str(code)) if isinstance(code, int) else str(code)
