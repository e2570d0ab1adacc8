"""The queues an agent works from, as filter queries evaluated on the local mirror.

Why local: the mirror already holds every open ticket, so a queue is a filter over memory and
switching queues costs nothing. A saved queue that needs data the mirror lacks (closed tickets,
requester emails, tags) is sent to /tickets/filter instead; `is_local` decides which.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from fstui.query import TICKET_FIELDS, And, Comparison, Node, Q, QueryError, evaluate, parse
from fstui.store.freshness import parse_timestamp

__all__ = [
    "BUILTIN_QUEUE_NAMES",
    "QueueContext",
    "QueueDef",
    "SavedQueueSpec",
    "builtin_queues",
    "is_local",
    "mirror_can_judge",
    "saved_queue",
    "unknown_field_error",
]

MY_OPEN = "My open"
UNASSIGNED = "Unassigned open"
MY_GROUPS = "My groups"
URGENT_HIGH = "Urgent & High"
OVERDUE = "Overdue / due today"
PENDING = "Pending"
RECENT = "Recently updated"
ALL_OPEN = "All open"
SERVICE_REQUESTS = "Service requests"
BUILTIN_QUEUE_NAMES = (
    MY_OPEN,
    UNASSIGNED,
    MY_GROUPS,
    URGENT_HIGH,
    OVERDUE,
    PENDING,
    RECENT,
    SERVICE_REQUESTS,
    ALL_OPEN,
)

OPEN = 2
PENDING_STATUS = 3
HIGH = 3

# Filter fields whose values list responses carry; email and tag need includes the mirror omits.
LOCAL_FIELDS = frozenset(TICKET_FIELDS) - {"email", "tag"}

Ticket = Mapping[str, Any]


class SavedQueueSpec(Protocol):
    """Anything with a name and a filter query (fstui.config's SavedQueue fits)."""

    @property
    def name(self) -> str: ...

    @property
    def query(self) -> str: ...


@dataclass(frozen=True)
class QueueContext:
    """What built-in queue definitions depend on: who I am and what "open" means here."""

    me_id: int | None
    my_group_ids: frozenset[int]
    open_statuses: frozenset[int]
    now: datetime
    local_today: date


def _updated_desc(ticket: Ticket) -> tuple[int, str]:
    stamp = ticket.get("updated_at")
    return (0, stamp) if isinstance(stamp, str) else (1, "")


def _due_asc(ticket: Ticket) -> tuple[int, str]:
    stamp = ticket.get("due_by")
    return (0, stamp) if isinstance(stamp, str) else (1, "")


@dataclass(frozen=True)
class QueueDef:
    """A named queue. `node` is the server-equivalent query (None: matches nothing);
    `predicate` refines it locally where the query language cannot say it (time of day)."""

    name: str
    node: Node | None
    predicate: Callable[[Ticket], bool] | None = None
    local: bool = True
    sort_key: Callable[[Ticket], Any] = _updated_desc
    descending: bool = True
    builtin: bool = True

    def matches(self, ticket: Ticket) -> bool:
        if self.node is None:
            return False
        if not evaluate(self.node, ticket, TICKET_FIELDS):
            return False
        return self.predicate(ticket) if self.predicate is not None else True

    def select(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        chosen = [t for t in tickets if self.matches(t)]
        chosen.sort(key=self.sort_key, reverse=self.descending)
        return chosen


def _any_eq(field_name: str, values: Iterable[int]) -> Node | None:
    """`field:a OR field:b ...`, or None (matches nothing) when there are no values."""
    chosen = sorted(values)
    return Q.one_of(field_name, chosen) if chosen else None


def _and(*parts: Node | None) -> Node | None:
    if any(part is None for part in parts):
        return None
    nodes = [p for p in parts if p is not None]
    return nodes[0] if len(nodes) == 1 else And(nodes)


def is_service_request(ticket: Ticket) -> bool:
    """A fulfilment agent's work: tickets of type Service Request (issue #20)."""
    return ticket.get("type") == "Service Request"


def builtin_queues(ctx: QueueContext) -> list[QueueDef]:
    open_any = _any_eq("status", ctx.open_statuses)
    me = Q.eq("agent_id", ctx.me_id) if ctx.me_id is not None else None
    recent_cutoff = ctx.now - timedelta(hours=24)
    end_of_today = datetime.combine(ctx.local_today + timedelta(days=1), datetime.min.time())
    end_of_today = end_of_today.astimezone(UTC)

    def due_before_tomorrow(ticket: Ticket) -> bool:
        due = parse_timestamp(ticket.get("due_by"))
        return due is not None and due.tzinfo is not None and due < end_of_today

    def updated_recently(ticket: Ticket) -> bool:
        stamp = parse_timestamp(ticket.get("updated_at"))
        return stamp is not None and stamp.tzinfo is not None and stamp >= recent_cutoff

    return [
        QueueDef(MY_OPEN, _and(Q.eq("status", OPEN), me)),
        QueueDef(UNASSIGNED, _and(open_any, Q.null("agent_id"))),
        QueueDef(MY_GROUPS, _and(open_any, _any_eq("group_id", ctx.my_group_ids))),
        QueueDef(URGENT_HIGH, _and(open_any, Q.ge("priority", HIGH))),
        QueueDef(
            OVERDUE,
            _and(open_any, Q.le("due_by", ctx.local_today + timedelta(days=1))),
            predicate=due_before_tomorrow,
            sort_key=_due_asc,
            descending=False,
        ),
        QueueDef(PENDING, Q.eq("status", PENDING_STATUS)),
        QueueDef(RECENT, open_any, predicate=updated_recently),
        # The filter API has no `type` field: the server-equivalent query is my groups' open
        # tickets, and the mirror's list rows (which carry `type`) narrow it to requests.
        QueueDef(
            SERVICE_REQUESTS,
            _and(open_any, _any_eq("group_id", ctx.my_group_ids)),
            predicate=is_service_request,
        ),
        QueueDef(ALL_OPEN, open_any),
    ]


def _fields(node: Node) -> set[str]:
    if isinstance(node, Comparison):
        return {node.field}
    out: set[str] = set()
    for item in node.items:
        out |= _fields(item)
    return out


def _only_open(node: Node, open_statuses: frozenset[int]) -> bool:
    """True when every ticket matching `node` must have an open status (so is in the mirror)."""
    if isinstance(node, Comparison):
        if node.field != "status" or isinstance(node.value, bool):
            return False
        if node.op == "eq":
            return isinstance(node.value, int) and node.value in open_statuses
        return False
    if isinstance(node, And):
        return any(_only_open(item, open_statuses) for item in node.items)
    return all(_only_open(item, open_statuses) for item in node.items)


def mirror_can_judge(node: Node) -> bool:
    """Can a mirrored (open) ticket be tested against this query? Every field is present in
    list bodies; custom fields are, so they count as known."""
    return all(name in LOCAL_FIELDS or name not in TICKET_FIELDS for name in _fields(node))


def is_local(node: Node, open_statuses: frozenset[int]) -> bool:
    """Can the mirror answer this query exactly? `mirror_can_judge`, and the query confined to
    open statuses."""
    return mirror_can_judge(node) and _only_open(node, open_statuses)


def saved_queue(spec: SavedQueueSpec, open_statuses: frozenset[int]) -> QueueDef:
    """A configured queue; raises fstui.query.QueryError when its query does not parse."""
    node = parse(spec.query, TICKET_FIELDS)
    return QueueDef(spec.name, node, local=is_local(node, open_statuses), builtin=False)


def queue_names(saved: Sequence[SavedQueueSpec]) -> list[str]:
    return [*BUILTIN_QUEUE_NAMES, *(s.name for s in saved if s.name not in BUILTIN_QUEUE_NAMES)]


# Words an agent types that are not filter fields, with what to use instead.
_NOT_FILTER_FIELDS = {
    "subject": "the subject is not a filter field: press / to filter the queue by its text",
    "description": "the description is not a filter field: press / to filter by text",
    "requester": "use requester_id:<id> or email:'name@example.com'",
    "responder_id": "use agent_id",
    "tags": "use tag",
}


def _field_position(text: str, name: str) -> int:
    """Where `name:` first appears in the query text (0 when it cannot be found)."""
    match = re.search(rf"(?<![\w.]){re.escape(name)}\s*:", text, flags=re.IGNORECASE)
    return match.start() if match else 0


def unknown_field_error(text: str, node: Node, custom_names: Collection[str]) -> QueryError | None:
    """A field the account does not have, named with the nearest real field.

    The parser types a name it does not know as a custom field (accounts have their own), so
    `prio:4` used to parse and quietly match nothing. Once the account's custom field names are
    known, a name that is neither a ticket filter field nor one of them is an error the agent
    sees at the prompt, with a suggestion (`prio` → `priority`).
    """
    known = {name.lower(): name for name in (*TICKET_FIELDS, *custom_names)}
    for name in sorted(_fields(node), key=lambda n: _field_position(text, n)):
        if name.lower() in known:
            continue
        hint = _NOT_FILTER_FIELDS.get(name.lower())
        if hint is None:
            close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.5)
            prefixed = [k for k in known if k.startswith(name.lower())]
            nearest = close[0] if close else (prefixed[0] if prefixed else None)
            hint = (
                f"did you mean {known[nearest]}?"
                if nearest is not None
                else "fields: " + ", ".join(sorted(TICKET_FIELDS))
            )
        return QueryError(
            f"unknown field '{name}': {hint}", _field_position(text, name), "invalid_field"
        )
    return None
