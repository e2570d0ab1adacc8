"""Time source for the limiter, injectable so tests move time without sleeping.

Wall-clock seconds (``time.time``), not monotonic: the budget is shared between processes
through a file, and only wall time means the same thing in all of them.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """Virtual time: ``sleep`` yields to the loop once and jumps time forward."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self._now = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        target = self._now + max(0.0, seconds)
        self.slept.append(seconds)
        await asyncio.sleep(0)
        self._now = max(self._now, target)
