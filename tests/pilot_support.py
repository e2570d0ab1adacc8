"""What every Pilot test (the UI and reliability tiers) waits with and reads the app through:
the one `until`, the sizes fstui is laid out for, and the demo sandbox and status bar readers.

Waits are bounded only to turn a hang into a readable failure (no test asserts a duration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from fstui.session import Session
from fstui.ui.widgets.status_bar import StatusBar

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

    `settle` lets the app process what is queued before the first look and once more after
    the condition holds (a snapshot wants it drawn; the asset lists idle between pages).
    """
    if settle:
        await pilot.pause()
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
SnapCompare = Callable[..., bool]
"""pytest-textual-snapshot's `snap_compare` fixture, as the snapshot tests annotate it."""


def sandbox_of(session: Session) -> Any:
    """The in-process sandbox behind a demo session (its config, faults and data)."""
    return session.extras["sandbox_app"].state.sandbox


def sandbox_db(session: Session) -> Any:
    """The in-process sandbox's data, to arrange a case the generated demo lacks."""
    return sandbox_of(session).db


def status_text(app: App[Any]) -> str:
    """What the status bar of the screen on top says."""
    return str(app.screen.query_one(StatusBar).render())


def toasts(app: App[Any]) -> list[str]:
    """The notifications (toasts) the app is showing."""
    return [str(n.message) for n in app._notifications]
