"""How old cached data may be before the store fetches it again, by kind of data.

Why different clocks: reference data (agents, groups, form fields) changes a few times a day, queues
change by the minute, and a ticket detail is exactly as fresh as the mirror says: as long as the
mirror's updated_at for it has not moved, refetching would spend credits to learn nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

__all__ = [
    "Cached",
    "FreshnessPolicy",
    "Kind",
    "Source",
    "format_timestamp",
    "parse_timestamp",
    "ticket_detail_is_fresh",
]

Source = Literal["cache", "network"]


class Kind(StrEnum):
    REFERENCE = "reference"
    QUEUE = "queue"
    TICKET = "ticket"
    ASSET = "asset"


@dataclass(frozen=True, slots=True)
class Cached(Generic[T]):
    """A value the UI can show at once, with how old it is and whether a refresh is due."""

    value: T
    age_seconds: float
    stale: bool
    source: Source
    stored_at: float = 0.0

    def map(self, value: T) -> Cached[T]:
        return Cached(value, self.age_seconds, self.stale, self.source, self.stored_at)


@dataclass(frozen=True, slots=True)
class FreshnessPolicy:
    reference_ttl: float = 6 * 3600.0
    queue_ttl: float = 60.0
    asset_ttl: float | None = None  # None: same as queue_ttl
    ticket_fallback_ttl: float | None = None  # ticket not in the mirror; None: queue_ttl

    def ttl(self, kind: Kind) -> float:
        if kind is Kind.REFERENCE:
            return self.reference_ttl
        if kind is Kind.ASSET:
            return self.queue_ttl if self.asset_ttl is None else self.asset_ttl
        if kind is Kind.TICKET:
            return self.queue_ttl if self.ticket_fallback_ttl is None else self.ticket_fallback_ttl
        return self.queue_ttl

    def is_fresh(self, kind: Kind, stored_at: float, now: float) -> bool:
        age = now - stored_at
        return 0 <= age < self.ttl(kind)

    def wrap(self, kind: Kind, value: T, stored_at: float, now: float, source: Source) -> Cached[T]:
        return Cached(
            value=value,
            age_seconds=max(0.0, now - stored_at),
            stale=not self.is_fresh(kind, stored_at, now),
            source=source,
            stored_at=stored_at,
        )


def parse_timestamp(value: object) -> datetime | None:
    """A Freshservice timestamp, or None for null and placeholder strings ("--", "N/A")."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_timestamp(instant: datetime) -> str:
    """The API's own format, "2024-05-01T10:00:00Z" (naive instants are taken as UTC)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ticket_detail_is_fresh(detail_updated_at: object, mirror_updated_at: object) -> bool:
    """A cached detail is fresh while the mirror has seen no later change of the ticket."""
    if mirror_updated_at is None or detail_updated_at is None:
        return False
    detail = parse_timestamp(detail_updated_at)
    mirror = parse_timestamp(mirror_updated_at)
    if detail is None or mirror is None:
        return detail_updated_at == mirror_updated_at
    if (detail.tzinfo is None) != (mirror.tzinfo is None):
        return detail_updated_at == mirror_updated_at
    return detail >= mirror
