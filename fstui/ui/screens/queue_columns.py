"""What each queue column shows and how it sorts.

Rows are the store's Ticket models. Every cell is built from the row plus
cached reference data (names, labels): no API call per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from rich.text import Text

from fstui.api import Ticket
from fstui.store.names import Names
from fstui.text import one_line, relative_time, sla_countdown
from fstui.ui.widgets.fast_table import Column

Row = Ticket


def instant(value: object) -> datetime | None:
    """Tolerant timestamps may be placeholder strings; those have no instant."""
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


STATUS_WIDTH = 11
_WAITING = ("awaiting ", "waiting for ", "waiting on ", "waiting ")


def short_status(label: str, width: int = STATUS_WIDTH) -> str:
    """A status that fits its column: accounts add statuses such as "Awaiting vendor", which
    the column cut to "Awaiting…", the word that tells nothing. Such a label says "Wait" and
    keeps what is waited for ("Wait vendor"); anything still too long ends in "…"."""
    if len(label) <= width:
        return label
    lowered = label.lower()
    for prefix in _WAITING:
        if lowered.startswith(prefix) and len(label) > len(prefix):
            label = "Wait " + label[len(prefix) :]
            break
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


COLUMNS: tuple[Column, ...] = (
    Column("id", "#", width=6, align="right"),
    Column("subject", "Subject", min_width=16),
    Column("requester", "Requester", width=14, drop_order=3),
    Column("status", "Status", width=STATUS_WIDTH, drop_order=4),
    Column("priority", "Priority", width=8),
    Column("group", "Group", width=12, drop_order=6),
    Column("agent", "Agent", width=12, drop_order=5),
    Column("due", "Due", width=14, drop_order=1),  # "FR overdue 18d" whole
    Column("updated", "Updated", width=8, drop_order=2),
)

PRIORITY_STYLES = {1: "dim", 2: "", 3: "bold yellow", 4: "bold red"}
URGENCY_STYLES = {
    "overdue": "bold red",
    "soon": "yellow",
    "today": "cyan",
    "later": "",
    "none": "dim",
}


def due_instant(row: Row) -> tuple[datetime | None, bool]:
    """The SLA clock that matters now: first response while known to be unanswered, else
    resolution (a ticket whose answer state is unknown shows resolution, never a guess)."""
    fr_due = instant(row.fr_due_by)
    if row.first_response_given is False and fr_due is not None:
        return fr_due, True
    return instant(row.due_by), False


def make_cells(names: Names, now: Callable[[], datetime]) -> Callable[[Row], Sequence[str | Text]]:
    def cells(row: Row) -> Sequence[str | Text]:
        at = now()
        due, first_response = due_instant(row)
        label, urgency = sla_countdown(due, at) if due is not None else ("", "none")
        label = " ".join(label.split()[:2])  # the column wants the coarse unit: "overdue 3d"
        if first_response and label:
            label = f"FR {label}"
        priority = row.priority
        updated = instant(row.updated_at)
        return (
            str(row.id or ""),
            one_line(row.subject),
            one_line(names.requester(row.requester_id)),
            short_status(one_line(names.status(row.status))),
            Text(
                one_line(names.priority(priority)),
                style=PRIORITY_STYLES.get(priority, "") if isinstance(priority, int) else "",
            ),
            one_line(names.group(row.group_id)),
            one_line(names.agent(row.responder_id)),
            Text(label, style=URGENCY_STYLES.get(urgency, "")),
            relative_time(updated, at) if updated is not None else "",
        )

    return cells


def make_sort_key(names: Names) -> Callable[[Row, str], Any]:
    """Sort by meaning, not by text: ids as numbers, due and updated as instants."""

    def key(row: Row, column: str) -> Any:
        if column == "id":
            return row.id or 0
        if column == "subject":
            return (row.subject or "").lower()
        if column == "requester":
            return names.requester(row.requester_id).lower()
        if column == "status":
            return names.status(row.status).lower()
        if column == "priority":
            return row.priority or 0
        if column == "group":
            return names.group(row.group_id).lower()
        if column == "agent":
            return names.agent(row.responder_id).lower()
        if column == "due":
            due, _ = due_instant(row)
            return due.timestamp() if due else float("inf")
        if column == "updated":
            updated = instant(row.updated_at)
            return updated.timestamp() if updated else 0.0
        return 0

    return key


def make_search_text(names: Names) -> Callable[[Row], str]:
    """What `/` matches: id, subject and requester."""

    def text(row: Row) -> str:
        return f"{row.id} {row.subject or ''} {names.requester(row.requester_id)}"

    return text
