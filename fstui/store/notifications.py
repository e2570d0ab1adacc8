"""What is worth telling the agent after a sync: rules over the mirror, each event told once.

Why rules over mirror rows: the mirror already holds every open ticket and each sync replaces
rows with what the server says, so "newly assigned to me", "the requester answered" and "due in
ten minutes" are differences between the rows before and after a sync, or facts of the rows
after it. Watching costs no API call at all. The rules (``evaluate``) are pure; ``Notifier``
adds what must survive a restart: which events were already told (so they are never told twice,
also across runs), the recent list the in-app screen shows, and the quiet hours and per-kind
switches of the profile.

Never for my own changes: a write the agent made is applied to the mirror when it is delivered,
so it is already in ``before`` and makes no difference; in addition the caller passes (or
``note_own_change`` collects) the tickets the agent changed since the last sync, and assignment
and reply rules skip those. Deadline and approval rules are about time and other people, not
changes, and apply to every ticket that is the agent's to answer.

Signals used, and their limits (the ticket body carries no "who changed it last"):
- assigned: ``responder_id`` became me; my group: ``group_id`` became one of mine while nobody
  is on the ticket;
- requester reply: a ticket of mine went from Pending (3) to Open (2) (Freshservice's default
  automation on a requester's reply), or ``stats.requester_responded_at`` moved where the row
  carries it;
- due: ``fr_due_by`` (while the row's stats say no first response yet) or ``due_by`` (not while
  Pending, which pauses the SLA) within ``due_minutes`` from now;
- approval: approval records the caller has (reference "Approvals": ``approver_id``,
  ``approval_status.id`` 0 = Requested); the rule takes what it is given, also nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from fstui.config.model import NotificationPrefs
from fstui.store.cache import JsonCache
from fstui.store.freshness import parse_timestamp
from fstui.store.mirror import is_open_ticket
from fstui.text import one_line

__all__ = [
    "Kind",
    "Notification",
    "NotificationEvent",
    "Notifier",
    "evaluate",
    "in_quiet_hours",
]

FIRED_KEY = "notify:fired"
RECENT_KEY = "notify:recent"
SEEN_KEY = "notify:seen"
KEEP_FIRED_SECONDS = 30 * 24 * 3600.0
"""How long an event's key is remembered: longer than any ticket stays unchanged and due."""
MAX_RECENT = 200
PENDING = 3
OPEN = 2


class Kind(StrEnum):
    ASSIGNED = "assigned"
    GROUP = "group"
    REPLY = "reply"
    FIRST_RESPONSE_DUE = "first_response_due"
    RESOLUTION_DUE = "resolution_due"
    APPROVAL = "approval"

    @property
    def switch(self) -> str:
        """The per-kind switch in ``[profiles.NAME.notifications]`` that turns this kind off."""
        return _SWITCH[self]


_SWITCH = {
    Kind.ASSIGNED: "assigned",
    Kind.GROUP: "group",
    Kind.REPLY: "reply",
    Kind.FIRST_RESPONSE_DUE: "due",
    Kind.RESOLUTION_DUE: "due",
    Kind.APPROVAL: "approval",
}


@dataclass(frozen=True)
class NotificationEvent:
    """One thing that happened, as a rule saw it; ``key`` names it so it is told once."""

    key: str
    kind: Kind
    ticket_id: int | None
    title: str
    body: str


@dataclass(frozen=True)
class Notification:
    """An event as told: when, and whether it fell in quiet hours (listed, not sounded)."""

    key: str
    kind: Kind
    ticket_id: int | None
    title: str
    body: str
    at: float
    quiet: bool = False

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_json(cls, value: Any) -> Notification | None:
        if not isinstance(value, dict):
            return None
        try:
            kind = Kind(value["kind"])
            ticket = value.get("ticket_id")
            return cls(
                key=str(value["key"]),
                kind=kind,
                ticket_id=ticket if isinstance(ticket, int) else None,
                title=one_line(str(value.get("title", "")), 200),
                body=one_line(str(value.get("body", "")), 300),
                at=float(value["at"]),
                quiet=bool(value.get("quiet", False)),
            )
        except (KeyError, ValueError, TypeError):
            return None


def evaluate(
    before: Mapping[int, Mapping[str, Any]],
    after: Mapping[int, Mapping[str, Any]],
    *,
    me_id: int | None,
    my_group_ids: Collection[int],
    now: datetime,
    due_minutes: int = 15,
    own_changes: Collection[int] = (),
    approvals: Iterable[Mapping[str, Any]] = (),
) -> list[NotificationEvent]:
    """Every event the rows show, ticket by ticket; the same input always gives the same list.

    A ticket missing from a non-empty ``before`` is new to the mirror and counts as a change;
    when ``before`` is empty (the first fill of the mirror) nothing is "new": the agent is not
    told about every ticket that existed before fstui started.
    """
    events: list[NotificationEvent] = []
    groups = set(my_group_ids)
    first_fill = not before
    for ticket_id, row in after.items():
        if not is_open_ticket(row):
            continue
        previous = before.get(ticket_id)
        mine = me_id is not None and row.get("responder_id") == me_id
        if not first_fill and ticket_id not in own_changes:
            events.extend(_changes(ticket_id, previous, row, me_id, groups))
        if mine or (row.get("responder_id") is None and row.get("group_id") in groups):
            events.extend(_deadlines(ticket_id, row, now, due_minutes))
    events.extend(_approvals(approvals, me_id))
    return events


def _changes(
    ticket_id: int,
    previous: Mapping[str, Any] | None,
    row: Mapping[str, Any],
    me_id: int | None,
    groups: set[int],
) -> list[NotificationEvent]:
    subject = _subject(row)
    stamp = str(row.get("updated_at") or "")
    responder = row.get("responder_id")
    was = previous or {}
    if me_id is not None and responder == me_id and was.get("responder_id") != me_id:
        return [
            NotificationEvent(
                f"assigned:{ticket_id}:{stamp}",
                Kind.ASSIGNED,
                ticket_id,
                f"#{ticket_id} assigned to you",
                subject,
            )
        ]
    group = row.get("group_id")
    if responder is None and group in groups and was.get("group_id") != group:
        return [
            NotificationEvent(
                f"group:{ticket_id}:{group}:{stamp}",
                Kind.GROUP,
                ticket_id,
                f"#{ticket_id} new in your group",
                subject,
            )
        ]
    if (
        previous is not None
        and me_id is not None
        and responder == me_id
        and _requester_answered(previous, row)
    ):
        return [
            NotificationEvent(
                f"reply:{ticket_id}:{stamp}",
                Kind.REPLY,
                ticket_id,
                f"#{ticket_id}: the requester replied",
                subject,
            )
        ]
    return []


def _requester_answered(previous: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    if previous.get("updated_at") == row.get("updated_at"):
        return False
    before_stats, after_stats = previous.get("stats"), row.get("stats")
    if isinstance(before_stats, Mapping) and isinstance(after_stats, Mapping):
        was, now = (
            before_stats.get("requester_responded_at"),
            after_stats.get("requester_responded_at"),
        )
        if now is not None and now != was:
            return True
    return previous.get("status") == PENDING and row.get("status") == OPEN


def _deadlines(
    ticket_id: int, row: Mapping[str, Any], now: datetime, minutes: int
) -> list[NotificationEvent]:
    events = []
    subject = _subject(row)
    stats = row.get("stats")
    unanswered = isinstance(stats, Mapping) and stats.get("first_responded_at") is None
    fr_due = _due_within(row.get("fr_due_by"), now, minutes)
    if unanswered and fr_due is not None:
        events.append(
            NotificationEvent(
                f"fr_due:{ticket_id}:{row.get('fr_due_by')}",
                Kind.FIRST_RESPONSE_DUE,
                ticket_id,
                f"#{ticket_id}: first response due in {fr_due} min",
                subject,
            )
        )
    due = _due_within(row.get("due_by"), now, minutes)
    if due is not None and row.get("status") != PENDING:
        events.append(
            NotificationEvent(
                f"due:{ticket_id}:{row.get('due_by')}",
                Kind.RESOLUTION_DUE,
                ticket_id,
                f"#{ticket_id}: resolution due in {due} min",
                subject,
            )
        )
    return events


def _due_within(value: Any, now: datetime, minutes: int) -> int | None:
    """Whole minutes left (at least 1) when the deadline is ahead and within ``minutes``."""
    if not isinstance(value, str):
        return None
    due = parse_timestamp(value)
    if due is None:
        return None
    left = due - now
    if timedelta(0) < left <= timedelta(minutes=minutes):
        return max(1, int(left.total_seconds() // 60))
    return None


def _approvals(
    approvals: Iterable[Mapping[str, Any]], me_id: int | None
) -> list[NotificationEvent]:
    events = []
    for approval in approvals:
        if me_id is None or not isinstance(approval, Mapping):
            continue
        delegatee = approval.get("delegatee")
        to_me = approval.get("approver_id") == me_id or (
            isinstance(delegatee, Mapping) and delegatee.get("id") == me_id
        )
        status = approval.get("approval_status")
        code = status.get("id") if isinstance(status, Mapping) else status
        if not to_me or code != 0 or not isinstance(approval.get("id"), int):
            continue
        ticket = approval.get("ticket_id")
        ticket_id = ticket if isinstance(ticket, int) else None
        who = one_line(str(approval.get("user_name") or "someone"), 60)
        where = f" on #{ticket_id}" if ticket_id is not None else ""
        events.append(
            NotificationEvent(
                f"approval:{approval['id']}",
                Kind.APPROVAL,
                ticket_id,
                f"Approval waiting for you{where}",
                f"requested by {who}",
            )
        )
    return events


def _subject(row: Mapping[str, Any]) -> str:
    return one_line(str(row.get("subject") or ""), 120)


def in_quiet_hours(spec: str | None, moment: datetime, zone: tzinfo | None = None) -> bool:
    """Whether ``moment`` (local time in ``zone``, the system's when None) is inside
    ``"HH:MM-HH:MM"``; a range that passes midnight wraps."""
    if not spec:
        return False
    start_text, _, end_text = spec.partition("-")
    try:
        start = _minutes(start_text)
        end = _minutes(end_text)
    except ValueError:
        return False
    local = moment.astimezone(zone)
    current = local.hour * 60 + local.minute
    if start == end:
        return False
    if start < end:
        return start <= current < end
    return current >= start or current < end


def _minutes(text: str) -> int:
    hours, _, minutes = text.strip().partition(":")
    return int(hours) * 60 + int(minutes)


@dataclass
class Notifier:
    """The rules with memory: each event told once, also across restarts, per the profile.

    The lead calls ``after_sync`` after every mirror sync with the rows before and after it;
    the returned notifications are new ones, for delivery (skip those with ``quiet``) and for
    the in-app list (``recent``).
    """

    cache: JsonCache
    prefs: NotificationPrefs = field(default_factory=NotificationPrefs)
    clock: Callable[[], float] = time.time
    zone: tzinfo | None = None  # quiet hours are local time; None = the system's zone
    _own: set[int] = field(default_factory=set, init=False, repr=False)

    def note_own_change(self, ticket_id: int) -> None:
        """The agent changed this ticket (a delivered write): the next sync tells nothing of it."""
        self._own.add(ticket_id)

    def after_sync(
        self,
        before: Mapping[int, Mapping[str, Any]],
        after: Mapping[int, Mapping[str, Any]],
        me_id: int | None,
        my_group_ids: Collection[int],
        now: datetime | None = None,
        *,
        own_changes: Collection[int] = (),
        approvals: Iterable[Mapping[str, Any]] = (),
    ) -> list[Notification]:
        """New notifications for this sync (already recorded: a second call returns none)."""
        moment = now if now is not None else datetime.now(UTC)
        events = evaluate(
            before,
            after,
            me_id=me_id,
            my_group_ids=my_group_ids,
            now=moment,
            due_minutes=self.prefs.due_minutes,
            own_changes={*own_changes, *self._own},
            approvals=approvals,
        )
        self._own.clear()
        fired = self._fired()
        stamp = self.clock()
        quiet = in_quiet_hours(self.prefs.quiet_hours, moment, self.zone)
        told: list[Notification] = []
        for event in events:
            if event.key in fired or not getattr(self.prefs, event.kind.switch, True):
                continue
            fired[event.key] = stamp
            told.append(
                Notification(
                    event.key, event.kind, event.ticket_id, event.title, event.body, stamp, quiet
                )
            )
        if told:
            horizon = stamp - KEEP_FIRED_SECONDS
            self.cache.set(FIRED_KEY, {k: v for k, v in fired.items() if v >= horizon})
            recent = [n.to_json() for n in reversed(told)] + [n.to_json() for n in self.recent()]
            self.cache.set(RECENT_KEY, recent[:MAX_RECENT])
        return told

    def recent(self) -> list[Notification]:
        """What was told, newest first (kept across restarts, at most 200)."""
        entry = self.cache.get(RECENT_KEY)
        rows = entry.value if entry is not None and isinstance(entry.value, list) else []
        return [n for n in (Notification.from_json(r) for r in rows) if n is not None]

    def seen_at(self) -> float:
        """When the agent last opened the list (0 before the first time)."""
        entry = self.cache.get(SEEN_KEY)
        return (
            float(entry.value) if entry is not None and isinstance(entry.value, int | float) else 0
        )

    def unread(self) -> int:
        seen = self.seen_at()
        return sum(1 for n in self.recent() if n.at > seen)

    def mark_read(self) -> None:
        self.cache.set(SEEN_KEY, self.clock())

    def _fired(self) -> dict[str, float]:
        entry = self.cache.get(FIRED_KEY)
        value = entry.value if entry is not None else None
        if not isinstance(value, dict):
            return {}
        return {str(k): float(v) for k, v in value.items() if isinstance(v, int | float)}
