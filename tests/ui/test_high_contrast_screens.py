"""The high-contrast theme on every screen (issue #18 done-when: "the high-contrast theme on
every screen"): the queue, help, dialogs and the ticket tabs have their own snapshots
(test_shell_snapshots, test_ux_snapshots); these are the rest an agent reaches from the queue.

Regenerate after a deliberate change with
`.venv/bin/pytest tests/ui/test_high_contrast_screens.py --snapshot-update`, then look at them:
every label readable, focus and selection visible without colour alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.pilot_support import SnapCompare, until

from .harness import loaded, make_app

HIGH_CONTRAST = "fstui-high-contrast"

# key pressed on the queue -> the screen it opens (by class name: the app imports screens lazily)
SCREENS = {
    "A": "AssetScreen",
    "O": "OutboxScreen",
    "exclamation_mark": "NotificationsScreen",
    "V": "MyApprovalsScreen",
    "N": "NewTicketScreen",
}


def _idle(screen: Screen[Any]) -> bool:
    # The asset browser's page loader waits for the next page on purpose ("assets-load").
    return not any(w.is_running for w in screen.workers if w.group != "assets-load")


async def _settled(pilot: Pilot[Any], screen: Screen[Any]) -> None:
    await until(pilot, lambda: _idle(screen), "screen idle")
    await pilot.pause(0.1)
    await pilot.pause()


@pytest.mark.parametrize("key", list(SCREENS), ids=list(SCREENS.values()))
def test_screen_in_high_contrast(snap_compare: SnapCompare, tmp_path: Path, key: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.theme = HIGH_CONTRAST
        await pilot.press(key)
        name = SCREENS[key]
        await until(pilot, lambda: type(pilot.app.screen).__name__ == name, name)
        await _settled(pilot, pilot.app.screen)

    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), run_before=run_before)


def test_asset_detail_in_high_contrast(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.theme = HIGH_CONTRAST
        await pilot.press("A")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "AssetScreen", "assets")
        await _settled(pilot, pilot.app.screen)
        await pilot.press("enter")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "AssetDetailScreen", "detail")
        await _settled(pilot, pilot.app.screen)

    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), run_before=run_before)
