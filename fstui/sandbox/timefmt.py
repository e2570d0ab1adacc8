"""Timestamps as Freshservice writes and reads them (UTC, second precision, trailing Z)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_INPUT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def iso(moment: datetime) -> str:
    """The API's timestamp format: ``2016-02-13T23:27:49Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime | None:
    """Parse any date format the reference accepts as input; None when it is not one.

    Missing time zones mean UTC, as the reference's Schema section says.
    """
    match = _INPUT.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    offset = timedelta(0)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    return (moment - offset).replace(tzinfo=UTC)


def floor_seconds(moment: datetime) -> datetime:
    """Drop sub-second precision so generated data round-trips through ``iso``."""
    return moment.astimezone(UTC).replace(microsecond=0)
