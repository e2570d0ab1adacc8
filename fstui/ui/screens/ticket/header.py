"""The few lines above the thread that answer "what is this ticket and how late is it".

Six short lines so it fits 80x24 and leaves room for the thread. Every value that came from
the account goes through `literal`/`one_line`: subjects, names and tags are customer text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import Static

from fstui.api import Ticket
from fstui.store.labels import Labels, requester_identity
from fstui.text import literal, one_line, relative_time, sla_countdown

URGENCY_STYLES = {
    "overdue": "bold red",
    "soon": "bold yellow",
    "today": "yellow",
    "later": "green",
    "none": "dim",
}
PRIORITY_STYLES = {4: "bold red", 3: "bold yellow", 2: "", 1: "dim"}


def category_path(ticket: Ticket) -> str:
    parts = [p for p in (ticket.category, ticket.sub_category, ticket.item_category) if p]
    return " > ".join(one_line(p, 60) for p in parts) if parts else "—"


def requester_line(ticket: Ticket, labels: Labels) -> tuple[str, str]:
    return requester_identity(ticket, labels)


TICKET_APPROVAL_NAMES = {
    0: "Requested",
    1: "Approved",
    2: "Rejected",
    3: "Cancelled",
    4: "Not requested",
}
"""A ticket's ``approval_status`` (reference line 3678; the view's example, line 976, names 4
"Not Requested")."""
APPROVAL_STYLES = {0: "bold yellow", 1: "green", 2: "bold red", 3: "dim"}
NOT_REQUESTED = 4


def approval_words(ticket: Ticket) -> tuple[str, str] | None:
    """The approval status and its style, or None when nothing was ever asked (an incident,
    or a service request never sent for approval: no noise on the header)."""
    code = ticket.approval_status
    name = ticket.approval_status_name
    if code is None and not name:
        return None
    if code == NOT_REQUESTED or (code is None and (name or "").casefold() == "not requested"):
        return None
    words = TICKET_APPROVAL_NAMES.get(code) if code is not None else None
    if words is None:
        words = one_line(name or f"status {code}", 30)
    return words, APPROVAL_STYLES.get(code if code is not None else -1, "")


def _when(value: datetime | str | None, now: datetime) -> str:
    if isinstance(value, datetime):
        return relative_time(value, now)
    return one_line(value, 30) if value else "—"


def _sla(text: Text, title: str, due: datetime | str | None, now: datetime) -> None:
    text.append(f"{title} ", style="dim")
    if isinstance(due, datetime):
        label, urgency = sla_countdown(due, now)
        text.append(label, style=URGENCY_STYLES.get(urgency, ""))
        text.append(f" ({due.astimezone(now.tzinfo):%d %b %H:%M})", style="dim")
    else:
        text.append("—" if not due else one_line(due, 30), style="dim")


PENDING_WORDS = {
    "status": ("Status", "status"),
    "priority": ("Priority", "priority"),
    "urgency": ("Urgency", "urgency"),
    "impact": ("Impact", "impact"),
    "responder_id": ("Agent", "agent"),
    "group_id": ("Group", "group"),
}


def pending_line(pending: Mapping[str, tuple[Any, Any]], labels: Labels) -> Text:
    """`Queued: Priority Low → Urgent` for changes still in the outbox (empty when none)."""
    line = Text()
    for name, (seen, queued) in pending.items():
        label, method = PENDING_WORDS.get(name, (name.replace("_", " ").capitalize(), ""))
        words = getattr(labels, method, None) if method else None

        def word(value: Any, words: Any = words) -> str:
            if callable(words) and (isinstance(value, int) or value is None):
                return str(words(value))
            return one_line(str(value if value is not None else "—"), 40)

        line.append("  " if line.plain else "Queued: ", style="bold yellow")
        line.append(f"{label} ")
        line.append_text(literal(word(seen), "dim"))
        line.append(" → ")
        line.append_text(literal(word(queued), "bold"))
    if line.plain:
        line.append("  (O shows the outbox)", style="dim")
    return line


def render_header(
    ticket: Ticket,
    labels: Labels,
    now: datetime,
    *,
    age: str = "",
    pending: Mapping[str, tuple[Any, Any]] | None = None,
) -> Text:
    """The header as one Text of short lines, each cut with an ellipsis rather than wrapped.

    `pending`: changes queued in the outbox and not delivered yet (offline, or held)."""
    lines: list[Text] = []

    title = Text()
    title.append(f"#{ticket.id} ", style="bold cyan")
    title.append_text(literal(one_line(ticket.subject or "(no subject)", 300), "bold"))
    if age:
        title.append(f"  {age}", style="dim italic")
    lines.append(title)

    name, email = requester_line(ticket, labels)
    who = Text()
    who.append("From ", style="dim")
    who.append_text(literal(one_line(name, 80), "bold"))
    if email:
        who.append(" <")
        who.append_text(literal(one_line(email, 80)))
        who.append(">")
    if ticket.type:
        who.append("  · ", style="dim")
        who.append_text(literal(one_line(ticket.type, 30)))
    if ticket.source is not None:
        who.append("  · via ", style="dim")
        who.append_text(literal(labels.source(ticket.source)))
    lines.append(who)

    state = Text()
    state.append("Status ", style="dim")
    state.append_text(literal(labels.status(ticket.status), "bold"))
    state.append("  Priority ", style="dim")
    state.append_text(
        literal(labels.priority(ticket.priority), PRIORITY_STYLES.get(ticket.priority or 0, ""))
    )
    state.append("  Urgency ", style="dim")
    state.append_text(literal(labels.urgency(ticket.urgency)))
    state.append("  Impact ", style="dim")
    state.append_text(literal(labels.impact(ticket.impact)))
    approval = approval_words(ticket)
    if approval is not None:  # on this short line: it stays in view at 80 columns
        words, style = approval
        state.append("  Approval ", style="dim")
        state.append_text(literal(words, style))
    lines.append(state)

    owner = Text()
    owner.append("Group ", style="dim")
    owner.append_text(literal(one_line(labels.group(ticket.group_id), 40)))
    owner.append("  Agent ", style="dim")
    agent = labels.agent(ticket.responder_id)
    owner.append_text(literal(one_line(agent, 40), "italic" if ticket.responder_id is None else ""))
    owner.append("  Category ", style="dim")
    owner.append_text(literal(category_path(ticket)))
    lines.append(owner)

    sla = Text()
    _sla(sla, "Resolve", ticket.due_by, now)
    sla.append("  ")
    if ticket.first_response_given:
        sla.append("1st resp ", style="dim")
        sla.append("answered", style="green")
    else:
        _sla(sla, "1st resp", ticket.fr_due_by, now)
    lines.append(sla)

    meta = Text()
    meta.append("Created ", style="dim")
    meta.append(_when(ticket.created_at, now))
    meta.append("  Updated ", style="dim")
    meta.append(_when(ticket.updated_at, now))
    meta.append("  Tags ", style="dim")
    tags = [one_line(t, 30) for t in (ticket.tags or []) if t]
    meta.append_text(literal(", ".join(tags) if tags else "—", "magenta" if tags else "dim"))
    lines.append(meta)

    if pending:
        lines.append(pending_line(pending, labels))

    joined = Text("\n").join(lines)
    joined.no_wrap = True
    joined.overflow = "ellipsis"
    return joined


class TicketHeader(Static):
    """Shows `render_header`; the screen calls `show` whenever the ticket or clock changes."""

    DEFAULT_CSS = """
    TicketHeader {
        height: auto; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def show(
        self,
        ticket: Ticket,
        labels: Labels,
        now: datetime,
        *,
        age: str = "",
        pending: Mapping[str, tuple[Any, Any]] | None = None,
    ) -> None:
        self.update(render_header(ticket, labels, now, age=age, pending=pending))
