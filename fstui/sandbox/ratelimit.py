"""Fixed-window credit buckets, one per account and one per sub-limited operation.

Windows are aligned on the clock (``floor(t / window)``), so every bucket refills at the
same instant and Retry-After is the whole seconds left until that instant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fstui.sandbox.plans import ACCOUNT


@dataclass(frozen=True)
class Decision:
    """What the limiter says about one request, and the numbers for its headers."""

    allowed: bool
    total: int
    remaining: int
    used: int
    retry_after: int = 0


@dataclass
class FixedWindowLimiter:
    """Credits spent per bucket in the current window; empty buckets refuse the request."""

    limits: dict[str, int]
    window_seconds: float
    _window: int = -1
    _spent: dict[str, int] = field(default_factory=dict)

    def _roll(self, now: float) -> None:
        window = math.floor(now / self.window_seconds)
        if window != self._window:
            self._window = window
            self._spent.clear()

    def retry_after(self, now: float) -> int:
        """Whole seconds until the current window ends (at least 1)."""
        end = (math.floor(now / self.window_seconds) + 1) * self.window_seconds
        return max(1, math.ceil(end - now))

    def take(self, operation: str | None, credits: int, now: float) -> Decision:
        """Spend ``credits`` from the account bucket and the operation's bucket, or refuse."""
        self._roll(now)
        buckets = [ACCOUNT]
        if operation is not None and operation in self.limits:
            buckets.append(operation)
        shown = buckets[-1]
        total = self.limits[shown]
        for bucket in buckets:
            if self._spent.get(bucket, 0) + credits > self.limits[bucket]:
                remaining = max(0, total - self._spent.get(shown, 0))
                return Decision(False, total, remaining, 0, self.retry_after(now))
        for bucket in buckets:
            self._spent[bucket] = self._spent.get(bucket, 0) + credits
        return Decision(True, total, total - self._spent[shown], credits)

    def exhausted(self, operation: str | None, now: float) -> Decision:
        """A refusal with current numbers (used by the rate_limit_burst fault)."""
        self._roll(now)
        shown = operation if operation in self.limits else ACCOUNT
        total = self.limits[shown]
        remaining = max(0, total - self._spent.get(shown, 0))
        return Decision(False, total, remaining, 0, self.retry_after(now))
