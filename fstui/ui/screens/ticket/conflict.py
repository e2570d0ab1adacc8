"""Words for "someone changed this ticket while you were looking at it".

The agent decides whether to overwrite, so the dialog must show each changed field as the
agent saw it, as it is now, and what the agent is about to set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from rich.text import Text

from fstui.store.labels import Labels
from fstui.text import literal, one_line

FIELD_TITLES = {
    "status": "Status",
    "priority": "Priority",
    "urgency": "Urgency",
    "impact": "Impact",
    "responder_id": "Agent",
    "group_id": "Group",
    "subject": "Subject",
    "category": "Category",
    "sub_category": "Sub-category",
    "item_category": "Item",
    "tags": "Tags",
    "due_by": "Due by",
    "fr_due_by": "First response due",
    "description": "Description",
    "type": "Type",
}


class ChangeLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def seen(self) -> Any: ...
    @property
    def current(self) -> Any: ...
    @property
    def wanted(self) -> Any: ...
    @property
    def in_write(self) -> bool: ...


def describe_value(name: str, value: Any, labels: Labels) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        lookup = {
            "status": labels.status,
            "priority": labels.priority,
            "urgency": labels.urgency,
            "impact": labels.impact,
            "source": labels.source,
            "responder_id": labels.agent,
            "group_id": labels.group,
        }.get(name)
        if lookup is not None:
            return lookup(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return one_line(str(value), 80)


def conflict_text(changes: Sequence[ChangeLike], labels: Labels, *, summary: str) -> Text:
    text = Text()
    text.append("Someone changed this ticket since you loaded it.\n\n")
    if not changes:
        text.append("(Freshservice does not say which fields; the ticket was updated.)\n")
    for change in changes:
        title = FIELD_TITLES.get(change.name, change.name)
        text.append(f"{title}: ", style="bold")
        text.append_text(literal(describe_value(change.name, change.seen, labels)))
        text.append(" → ")
        text.append_text(literal(describe_value(change.name, change.current, labels), "bold"))
        if change.in_write:
            text.append("  (you set ", style="yellow")
            text.append_text(literal(describe_value(change.name, change.wanted, labels), "yellow"))
            text.append(")", style="yellow")
        text.append("\n")
    text.append("\nYour change: ")
    text.append_text(literal(summary, "bold"))
    text.append("\nSave it anyway (overwrites theirs where the fields overlap)?")
    return text
