"""What an agent sees in the asset browser and the asset detail, on demo data and a fixed clock.

Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_assets_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from fstui.ui.screens.assets import AssetDetailScreen, AssetScreen
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import SnapCompare, until

from .harness import AssetsTestApp

DETAIL_ID = 19
"""A demo phone in use by a requester, with one linked ticket."""


def _idle(app: Any) -> bool:
    """No worker left that could still change the screen, and the key bar is there."""
    if not app.screen.query("KeyBar"):
        return False
    return all(worker.is_finished for worker in app.workers if worker.group != "assets-load")


async def browser_settled(pilot: Pilot[None]) -> None:
    app: Any = pilot.app

    def done() -> bool:
        screen = app.screen
        return (
            isinstance(screen, AssetScreen)
            and not screen.fetching
            and screen.table.total_count > 0
            and "All assets" in str(screen.types_tree.root.label)
            and any(ch.isdigit() for ch in str(screen.types_tree.root.label))
            and _idle(app)
        )

    await until(pilot, done, settle=True)
    await footer_steady(pilot)


async def footer_steady(pilot: Pilot[None]) -> None:
    """The key bar repaints in place after late binding updates: let it draw once more."""
    app: Any = pilot.app
    await until(pilot, lambda: bool(app.screen.query("KeyBar")), settle=True)
    app.screen.refresh_bindings()
    await pilot.pause(0.2)


async def detail_settled(pilot: Pilot[None]) -> None:
    app: Any = pilot.app

    def done() -> bool:
        screen = app.screen
        return (
            isinstance(screen, AssetDetailScreen)
            and screen.asset is not None
            and screen.query_one("#asset-requests", FastTable).total_count > 0
            and "Open tickets of" in str(screen.query_one("#asset-user-title").render())
            and _idle(app)
        )

    await until(pilot, done, settle=True)
    await footer_steady(pilot)


def test_browser_at_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = AssetsTestApp(tmp_path, AssetScreen)
    assert snap_compare(app, run_before=browser_settled, terminal_size=(80, 24))


def test_browser_desktops_at_120x40(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def desktops(pilot: Pilot[None]) -> None:
        await browser_settled(pilot)
        # Hardware, Computer, Desktop
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        app: Any = pilot.app
        await until(
            pilot,
            lambda: len(app.screen.listing.type_ids) == 1 and not app.screen.fetching,
            settle=True,
        )
        await browser_settled(pilot)

    app = AssetsTestApp(tmp_path, AssetScreen)
    assert snap_compare(app, run_before=desktops, terminal_size=(120, 40))


def test_detail_at_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = AssetsTestApp(tmp_path, lambda session: AssetDetailScreen(session, DETAIL_ID))
    assert snap_compare(app, run_before=detail_settled, terminal_size=(80, 24))


def test_detail_at_120x40(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = AssetsTestApp(tmp_path, lambda session: AssetDetailScreen(session, DETAIL_ID))
    assert snap_compare(app, run_before=detail_settled, terminal_size=(120, 40))
