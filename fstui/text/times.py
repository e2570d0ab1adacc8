"""Short human time phrases for timestamps and SLA due dates.

Tables have room for "3m ago" or "overdue 2h 5m", not for ISO timestamps. `now` is always passed
in so the UI (and tests) decide what the clock says.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

Urgency = Literal["overdue", "soon", "today", "later", "none"]

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
SOON = 2 * HOUR


def _comparable(a: datetime, b: datetime) -> tuple[datetime, datetime]:
    """Naive datetimes are taken as UTC (the API's zone) so mixed inputs never raise."""
    if (a.tzinfo is None) != (b.tzinfo is None):
        if a.tzinfo is None:
            a = a.replace(tzinfo=UTC)
        else:
            b = b.replace(tzinfo=UTC)
    return a, b


def _coarse(seconds: float) -> str:
    """One unit, rounded down: '45s' never appears, '59m' does."""
    if seconds < HOUR:
        return f"{int(seconds // MINUTE)}m"
    if seconds < DAY:
        return f"{int(seconds // HOUR)}h"
    days = int(seconds // DAY)
    if days < 60:
        return f"{days}d"
    if days < 365:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def relative_time(when: datetime, now: datetime) -> str:
    """'just now', '3m ago', '2h ago', '5d ago', '4mo ago', '2y ago', or 'in 2h' for the future."""
    when, now = _comparable(when, now)
    delta = (now - when).total_seconds()
    if abs(delta) < MINUTE:
        return "just now"
    span = _coarse(abs(delta))
    return f"{span} ago" if delta > 0 else f"in {span}"


def _precise(seconds: float) -> str:
    """Two units, rounded down, zero parts left out: '45m', '1h 30m', '2h', '3d 4h'."""
    total = int(seconds // MINUTE)
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def sla_countdown(due: datetime | None, now: datetime) -> tuple[str, Urgency]:
    """('in 1h 30m', 'soon'), ('overdue 3d', 'overdue'), ('due now', ...), ('', 'none').

    'soon' is under two hours left, 'today' is later on now's calendar day (in now's zone),
    'later' is beyond that. Within a minute either side it reads 'due now'; once the due time
    has passed the urgency is 'overdue', matching Freshservice which breaches after due_by.
    """
    if due is None:
        return "", "none"
    due, now = _comparable(due, now)
    left = (due - now).total_seconds()
    if left < 0:
        if left > -MINUTE:
            return "due now", "overdue"
        return f"overdue {_precise(-left)}", "overdue"
    if left < MINUTE:
        return "due now", "soon"
    label = f"in {_precise(left)}"
    if left < SOON:
        return label, "soon"
    local_due = due.astimezone(now.tzinfo) if now.tzinfo is not None else due
    if local_due.date() == now.date():
        return label, "today"
    return label, "later"
