"""What the status bar shows about the store: budget left, calls made and saved, sync age."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StoreStats"]


@dataclass(frozen=True)
class StoreStats:
    remaining: int | None  # account credits left in the current window (shared by all processes)
    limit: int | None
    calls_made: int  # by this process
    credits_spent: int
    calls_saved_by_cache: int  # answers served fresh from the cache instead of a request
    hit_rate: float  # saved / (saved + made), 0.0 before anything happened
    last_sync: float | None  # epoch seconds of the last successful mirror sync
    online: bool
    paused_until: float | None = None
