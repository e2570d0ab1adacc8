"""The asset detail against the in-process sandbox: fields, requests, jumps and links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from fstui.ui.screens.assets import AssetDetailScreen
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import sandbox_db, until

from .harness import AssetsTestApp


def demo_db(tmp_path: Path) -> Any:
    """The same deterministic data set the app will open, to choose assets by what they hold."""
    from fstui.sandbox import SandboxConfig, create_app

    from .harness import ASSETS_NOW, ASSETS_TICKETS

    app = create_app(SandboxConfig(tickets=ASSETS_TICKETS, seed=1, now=ASSETS_NOW))
    return app.state.sandbox.db


def linked_asset(db: Any) -> tuple[int, int]:
    """An in-use asset with exactly one linked ticket: (display id, ticket id)."""
    for display_id, asset in sorted(db.assets.items()):
        tickets = db.asset_tickets(display_id)
        if asset["user_id"] is not None and len(tickets) == 1 and not asset["deleted"]:
            return display_id, tickets[0]
    raise AssertionError("the demo data has no linked asset")


def detail_app(tmp_path: Path, display_id: int) -> AssetsTestApp:
    return AssetsTestApp(tmp_path, lambda session: AssetDetailScreen(session, display_id))


def fields_text(screen: AssetDetailScreen) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(screen.query_one("#asset-fields-body", Static).content)
    return console.export_text()


async def ready(pilot: Any) -> AssetDetailScreen:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, AssetDetailScreen)
            and app.screen.asset is not None
            and app.screen.query_one("#asset-requests", FastTable).total_count > 0
        ),
        settle=True,
    )
    screen = app.screen
    assert isinstance(screen, AssetDetailScreen)
    return screen


async def test_fields_are_labelled_by_the_type_and_grouped(tmp_path: Path) -> None:
    display_id, _ = linked_asset(demo_db(tmp_path))
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await until(pilot, lambda: "Serial Number" in fields_text(screen), settle=True)
        text = fields_text(screen)
        assert "General" in text and "Asset tag" in text and f"ASSET-{display_id}" in text
        assert "Asset State" in text  # the type's label, not the raw key asset_state_21...
        assert "asset_state_" not in text
        title = str(screen.query_one("#asset-user-title", Static).render())
        assert title.startswith("Open tickets of ")
        assert "requester " not in title, "the user's name, not their id"


async def test_enter_on_a_linked_ticket_opens_it_and_escape_returns(tmp_path: Path) -> None:
    display_id, ticket_id = linked_asset(demo_db(tmp_path))
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        requests = screen.query_one("#asset-requests", FastTable)
        assert requests.has_focus
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "TicketScreen", settle=True)
        assert getattr(app.screen, "ticket_id", ticket_id) == ticket_id
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, settle=True)


async def test_link_then_unlink_a_ticket(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    display_id, linked = linked_asset(db)
    other = next(t for t in sorted(db.tickets) if t != linked and not db.ticket_assets.get(t))
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        live = sandbox_db(app.session)  # type: ignore[arg-type]
        requests = screen.query_one("#asset-requests", FastTable)
        await pilot.press("l")
        await until(pilot, lambda: bool(app.screen.query(Input)), settle=True)
        await pilot.press(*str(other), "enter")
        await until(pilot, lambda: requests.total_count == 2, settle=True)
        assert display_id in live.ticket_assets[other]
        assert "Linked to ticket" in str(screen.query_one("#asset-status", Static).render())

        # unlink the new one: cursor onto its row, u, confirm
        key = next(k for k in requests.visible_keys() if str(other) in str(requests.row_for_key(k)))
        assert requests.move_cursor_to_key(key)
        await pilot.press("u")
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", settle=True)
        await pilot.press("y")
        await until(pilot, lambda: requests.total_count == 1, settle=True)
        assert display_id not in live.ticket_assets[other]
        assert live.ticket_assets[linked] == [display_id], "the other link is untouched"


async def test_linking_an_already_linked_ticket_changes_nothing(tmp_path: Path) -> None:
    display_id, linked = linked_asset(demo_db(tmp_path))
    app = detail_app(tmp_path, display_id)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("l")
        await until(pilot, lambda: bool(app.screen.query(Input)), settle=True)
        await pilot.press(*str(linked), "enter")
        status = screen.query_one("#asset-status", Static)
        await until(pilot, lambda: "already linked" in str(status.render()), settle=True)
        assert screen.query_one("#asset-requests", FastTable).total_count == 1
