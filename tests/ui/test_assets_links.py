"""The asset detail's link dialog keeps a wrong answer, with the reason (issue #18 item 14's
asset side): against the in-process sandbox, a ticket number the account does not have and an
answer that is no number leave the dialog open with the text to correct, and nothing is linked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import ModalScreen
from textual.widgets import Input, Static

from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import sandbox_db, until

from .test_assets_detail import demo_db, detail_app, linked_asset, ready


def dialog_text(app: Any) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query(Static))


async def test_an_unknown_ticket_keeps_the_dialog_open_with_the_reason(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    display_id, linked = linked_asset(db)
    other = next(t for t in sorted(db.tickets) if t != linked and not db.ticket_assets.get(t))
    missing = max(db.tickets) + 1000
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        live = sandbox_db(app.session)
        await pilot.press("l")
        await until(pilot, lambda: bool(app.screen.query(Input)), settle=True)
        await pilot.press(*str(missing), "enter")
        await until(pilot, lambda: f"no ticket #{missing}" in dialog_text(app), settle=True)
        assert isinstance(app.screen, ModalScreen), "the dialog stays to correct the number"
        box = app.screen.query_one(Input)
        assert box.value == str(missing), "what was typed is kept, not started over"
        assert display_id not in live.ticket_assets.get(missing, [])
        # correct it in place: the dialog closes and the link is made
        box.value = ""
        await pilot.press(*str(other), "enter")
        requests = screen.query_one("#asset-requests", FastTable)
        await until(pilot, lambda: requests.total_count == 2, settle=True)
        assert app.screen is screen
        assert display_id in live.ticket_assets[other]


async def test_an_answer_that_is_no_number_is_explained_in_the_dialog(tmp_path: Path) -> None:
    display_id, _ = linked_asset(demo_db(tmp_path))
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("l")
        await until(pilot, lambda: bool(app.screen.query(Input)), settle=True)
        await pilot.press(*"12a4", "enter")
        await until(pilot, lambda: "is not a ticket number" in dialog_text(app), settle=True)
        assert isinstance(app.screen, ModalScreen)
        assert app.screen.query_one(Input).value == "12a4"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, settle=True)
        assert screen.query_one("#asset-requests", FastTable).total_count == 1
