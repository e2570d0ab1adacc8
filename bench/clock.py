"""Simulated session time shared by the sandbox, the store and the rate limiter.

Driving all three from one clock lets "refresh every 60 s for 10 minutes" cost no wall time,
while every budget decision still sees the minutes pass exactly as it would in a real session.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

SESSION_START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


class VirtualClock:
    """Limiter `Clock` protocol plus the callables the store and sandbox want."""

    def __init__(self, start: datetime = SESSION_START) -> None:
        self._now = start.timestamp()
        self.slept = 0.0

    def now(self) -> float:
        return self._now

    def datetime(self) -> datetime:
        return datetime.fromtimestamp(self._now, UTC)

    def advance(self, seconds: float) -> None:
        self._now += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        """A wait for budget: time jumps, the loop gets one turn."""
        seconds = max(0.0, seconds)
        self.slept += seconds
        self._now += seconds
        await asyncio.sleep(0)
