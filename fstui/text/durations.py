"""Time-spent values: Freshservice sends and accepts "hh:mm" strings, the UI computes in minutes."""

from __future__ import annotations

import re

MAX_HOURS = 9999

_CLOCK = re.compile(r"(\d{1,4}):(\d{1,2})", re.ASCII)
_UNITS = re.compile(
    r"(?:(\d{1,4})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,6})\s*m(?:in(?:ute)?s?)?)?", re.I | re.ASCII
)


def hhmm(minutes: int) -> str:
    """90 -> '01:30'; hours grow past two digits ('120:00') rather than wrapping."""
    if minutes < 0:
        raise ValueError(f"a duration cannot be negative ({minutes} minutes)")
    hours, rest = divmod(int(minutes), 60)
    return f"{hours:02d}:{rest:02d}"


def parse_hhmm(s: str) -> int:
    """'01:30', '1:30', '1h30m', '1h 30m', '90m', '2h' -> minutes.

    A bare number is refused: agents mean hours or minutes about equally often, and a silent
    sixty-fold error in billed time is worse than a message asking for the unit.
    """
    text = (s or "").strip()
    if not text:
        raise ValueError("enter a duration as hh:mm, e.g. 01:30")
    shown = text if len(text) <= 20 else text[:19] + "\u2026"
    clock = _CLOCK.fullmatch(text)
    if clock is not None:
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        if len(clock.group(2)) != 2:
            raise ValueError(f"minutes need two digits in {shown!r}, e.g. 01:05")
        if minutes > 59:
            raise ValueError(f"minutes must be 00-59 in {shown!r}")
        return hours * 60 + minutes
    units = _UNITS.fullmatch(text)
    if units is not None and (units.group(1) or units.group(2)):
        total = int(units.group(1) or 0) * 60 + int(units.group(2) or 0)
        if total > MAX_HOURS * 60 + 59:
            raise ValueError(f"{shown!r} is longer than {MAX_HOURS} hours")
        return total
    if text.isdigit():
        raise ValueError(f"{shown!r} has no unit: write {text}m, {text}h or hh:mm")
    raise ValueError(f"{shown!r} is not a duration: use hh:mm, e.g. 01:30 (or 1h30m, 90m)")
