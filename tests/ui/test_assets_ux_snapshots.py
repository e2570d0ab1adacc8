"""What issue #18's asset fixes look like at 80x24 on the demo (and `R`'s listing at 120x40):
the requester's assets named in the heading, a type name too long for the pane, and the link
dialog keeping a ticket number the account does not have, with the reason.

Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_assets_ux_snapshots.py --snapshot-update`, then read the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fstui.session import Session
from fstui.ui.screens.assets import AssetDetailScreen, AssetScreen
from tests.pilot_support import SnapCompare, sandbox_db, until

from .harness import AssetsTestApp
from .test_assets_snapshots import DETAIL_ID, browser_settled, detail_settled


def requester_assets(session: Session) -> AssetScreen:
    """What `R` on a ticket opens: the browser on `user_id:N` (the lowest id using an asset)."""
    db = sandbox_db(session)
    user_id = min(a["user_id"] for a in db.assets.values() if a["user_id"] and not a["deleted"])
    return AssetScreen(session, query=f"user_id:{user_id}")


def long_type_name(session: Session) -> AssetScreen:
    for asset_type in sandbox_db(session).asset_types:
        if asset_type["name"] == "Mobile Device":
            asset_type["name"] = "Mobile Device Management Fleet"
    return AssetScreen(session)


async def named_settled(pilot: Pilot[None]) -> None:
    app: Any = pilot.app
    await until(pilot, lambda: "used by" in str(app.screen.query_one("#assets-title").render()))
    await browser_settled(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_requester_assets(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = AssetsTestApp(tmp_path, requester_assets)
    assert snap_compare(app, run_before=named_settled, terminal_size=size)


def test_long_type_name_at_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = AssetsTestApp(tmp_path, long_type_name)
    assert snap_compare(app, run_before=browser_settled, terminal_size=(80, 24))


def test_link_dialog_keeps_an_unknown_ticket_at_80x24(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    async def unknown_ticket(pilot: Pilot[None]) -> None:
        await detail_settled(pilot)
        await pilot.press("l", *"99999", "enter")
        app: Any = pilot.app
        await until(
            pilot,
            lambda: "no ticket #99999" in str(app.screen.query_one("#prompt-problem").render()),
            settle=True,
        )

    app = AssetsTestApp(tmp_path, lambda session: AssetDetailScreen(session, DETAIL_ID))
    assert snap_compare(app, run_before=unknown_ticket, terminal_size=(80, 24))
