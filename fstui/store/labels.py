"""Code-to-words for one account, as a ticket's screens show it (people with their emails).

Status, priority, urgency and impact are per-tenant codes; agents, groups and requesters are
ids. A screen needs words for all of them without a request per field, so everything is
resolved from one snapshot of reference data (`labels_from`). The queue's hot path reads the
same snapshot through `Names`, which answers one cell at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fstui.text import one_line

if TYPE_CHECKING:
    from fstui.api import Ticket
    from fstui.store.reference import ReferenceData

DEFAULT_STATUSES: Mapping[int, str] = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
DEFAULT_PRIORITIES: Mapping[int, str] = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
DEFAULT_LEVELS: Mapping[int, str] = {1: "Low", 2: "Medium", 3: "High"}
DEFAULT_SOURCES: Mapping[int, str] = {
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
}
TASK_STATUSES: Mapping[int, str] = {1: "Open", 2: "In progress", 3: "Completed"}
OPEN_STATUS = 2

# What the agent calls a ticket field, for confirmations, conflicts and pending changes.
FIELD_TITLES: Mapping[str, str] = {
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


def field_title(name: str) -> str:
    """`priority` → "Priority"; a custom field (`custom_fields.affected_service`, as a
    conflict names it) → "Affected service"."""
    name = name.removeprefix("custom_fields.")
    return FIELD_TITLES.get(name, name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str = ""


@dataclass
class Labels:
    """Everything needed to turn a ticket's codes and ids into words."""

    statuses: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_STATUSES))
    priorities: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_PRIORITIES))
    urgencies: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    impacts: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    sources: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_SOURCES))
    agents: Mapping[int, Person] = field(default_factory=dict)
    groups: Mapping[int, str] = field(default_factory=dict)
    requesters: Mapping[int, Person] = field(default_factory=dict)
    me_agent_id: int | None = None

    def status(self, code: int | None) -> str:
        return _label(self.statuses, code)

    def priority(self, code: int | None) -> str:
        return _label(self.priorities, code)

    def urgency(self, code: int | None) -> str:
        return _label(self.urgencies, code)

    def impact(self, code: int | None) -> str:
        return _label(self.impacts, code)

    def source(self, code: int | None) -> str:
        return _label(self.sources, code)

    def agent(self, agent_id: int | None) -> str:
        if agent_id is None:
            return "unassigned"
        person = self.agents.get(agent_id)
        return person.name if person else f"agent #{agent_id}"

    def group(self, group_id: int | None) -> str:
        if group_id is None:
            return "no group"
        return self.groups.get(group_id) or f"group #{group_id}"

    def person(self, user_id: int | None) -> Person | None:
        """A conversation author can be an agent or a requester: try both."""
        if user_id is None:
            return None
        return self.agents.get(user_id) or self.requesters.get(user_id)

    def is_agent(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.agents

    def value(self, name: str, value: Any) -> str:
        """One field's value in words (codes and ids named), one line, for any dialog that
        shows a field before and after a change."""
        if value is None or value == "":
            return "—"
        if name in ("responder_id", "group_id") and not isinstance(value, bool):
            return self.agent(value) if name == "responder_id" else self.group(value)
        if isinstance(value, int) and not isinstance(value, bool):
            lookup = {
                "status": self.status,
                "priority": self.priority,
                "urgency": self.urgency,
                "impact": self.impact,
                "source": self.source,
            }.get(name)
            if lookup is not None:
                return lookup(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "—"
        return one_line(str(value), 80)


def _label(table: Mapping[int, str], code: int | None) -> str:
    if code is None:
        return "—"
    return table.get(code) or f"#{code}"


def requester_identity(ticket: Ticket, labels: Labels) -> tuple[str, str]:
    """(name, email) of the requester without spending a request.

    The embedded requester wins, then the names cache, then the From address of one of the
    requester's own incoming emails in the thread; the bare id only as a last resort.
    """
    if ticket.requester is not None and (ticket.requester.name or ticket.requester.email):
        return ticket.requester.name or "", ticket.requester.email or ""
    person = labels.requesters.get(ticket.requester_id or -1)
    if person is not None:
        return person.name, person.email
    for conversation in ticket.conversations or []:
        if conversation.user_id == ticket.requester_id and conversation.from_email:
            return conversation.from_email, ""
    if ticket.requester_id is None:
        return "unknown requester", ""
    return f"requester #{ticket.requester_id}", ""


def labels_from(reference: ReferenceData) -> Labels:
    """The words of one reference snapshot, for a ticket's header, fields and pickers."""
    agents = {
        agent_id: Person(agent_id, agent.name, agent.email or "")
        for agent_id, agent in reference.agents.items()
    }
    requesters = {rid: Person(rid, name) for rid, name in reference.requesters.items()}
    return Labels(
        statuses=dict(reference.labels.get("status", {})),
        priorities=dict(reference.labels.get("priority", {})),
        urgencies=dict(reference.labels.get("urgency", {})),
        impacts=dict(reference.labels.get("impact", {})),
        sources=dict(reference.labels.get("source", {})),
        agents=agents,
        groups={gid: group.name or f"group #{gid}" for gid, group in reference.groups.items()},
        requesters=requesters,
        me_agent_id=reference.me.id if reference.me is not None else None,
    )
