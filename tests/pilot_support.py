"""What every Pilot test waits with: one `until` for the UI and reliability tiers.

Waits are bounded only to turn a hang into a readable failure (no test asserts a duration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

WAIT_SECONDS = 15.0


async def until(
    pilot: Pilot[Any],
    condition: Callable[[], bool],
    what: str = "the screen",
    *,
    seconds: float = WAIT_SECONDS,
    settle: bool = False,
) -> None:
    """Pause until `condition()` holds; one that raises (a screen not mounted yet) is "not yet".

    `settle` lets the app process what the change queued (a snapshot wants it drawn).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        try:
            if condition():
                if settle:
                    await pilot.pause()
                return
        except Exception:  # the widget the condition reads may not be mounted yet
            pass
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


# The two sizes fstui is laid out for (snapshot ids "80x24", "120x40"), and the ticket tests' one.
SNAPSHOT_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
TICKET_SIZE = (100, 34)
