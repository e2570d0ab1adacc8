"""What an agent sees on the ticket screen, with demo data and a fixed clock.

Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_ticket_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare, until

from .harness import TicketHost, busy, wait_loaded

TABS = {
    "conversation": None,
    "time": "TimeEntriesPane",
    "tasks": "TasksPane",
    "activities": "ActivitiesPane",
}
NEEDS = {"time": "time", "tasks": "tasks"}
KEYS = {"conversation": "1", "time": "2", "tasks": "3", "activities": "4"}


def shows(tab: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        await pilot.press(KEYS[tab])
        pane = TABS[tab]
        if pane is not None:
            widget = screen.query_one(pane)
            await until(pilot, lambda: bool(getattr(widget, "loaded", False)), what=tab)
        await until(pilot, lambda: not busy(screen), what="idle")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
@pytest.mark.parametrize("tab", list(TABS))
def test_ticket_screen(
    snap_compare: SnapCompare, tmp_path: Path, tab: str, size: tuple[int, int]
) -> None:
    assert snap_compare(
        TicketHost(tmp_path, need=NEEDS.get(tab)), terminal_size=size, run_before=shows(tab)
    )


def test_ticket_reply_composer(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        for char in "Thanks, on it":
            await pilot.press("space" if char == " " else char)
        await pilot.pause()

    assert snap_compare(TicketHost(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_ticket_status_picker(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(TicketHost(tmp_path), terminal_size=(80, 24), run_before=run_before)
