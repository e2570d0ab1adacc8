"""Identical concurrent requests share one call.

Why: a queue screen, its prefetcher and the status bar often ask for the same thing in the same
tick; with a shared request budget every duplicate GET is a credit another agent cannot spend.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Coroutine, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["SingleFlight"]


class SingleFlight:
    """Runs at most one call per key at a time; later callers await the same result.

    The call runs in its own task, so one caller giving up (cancelled worker) does not cancel the
    call the others are waiting for.
    """

    def __init__(self) -> None:
        self._inflight: dict[Hashable, asyncio.Task[Any]] = {}
        self.context: contextvars.Context | None = None
        """Where each call's task starts (a copy of it), when set; else in a copy of the first
        caller's context. The app sets its own: a copy of the caller's would carry the UI's
        worker, and through it the screen that asked, keeping a closed screen with all its
        widgets alive for as long as the call waits for budget (issue #22: RSS over 100
        ticket opens)."""
        self.joined = 0  # calls that were answered by an in-flight twin instead of a new call

    def in_flight(self, key: Hashable) -> bool:
        return key in self._inflight

    async def run(self, key: Hashable, call: Callable[[], Coroutine[Any, Any, T]]) -> T:
        task = self._inflight.get(key)
        if task is None:
            base = self.context
            context = None if base is None else base.copy()
            task = asyncio.get_running_loop().create_task(call(), context=context)
            self._inflight[key] = task
            # the callback's context too: by default a copy of the caller's, held till done
            task.add_done_callback(functools.partial(self._forget, key), context=context)
        else:
            self.joined += 1
        result: T = await asyncio.shield(task)
        return result

    def _forget(self, key: Hashable, done: asyncio.Task[Any]) -> None:
        if self._inflight.get(key) is done:
            del self._inflight[key]
        if not done.cancelled():
            done.exception()  # mark retrieved: a failure nobody awaited is not worth a warning
