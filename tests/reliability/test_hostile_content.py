"""Hostile content in every field, through the real app: shown literal and inert, layout intact.

The sandbox's data is poisoned before the first screen loads (subjects, descriptions, every
conversation body, people's names, tags, custom fields, task titles, asset names and fields), then
the agent walks queue -> ticket -> assets with the keyboard. After each step we read the composed
screen (what the terminal would receive) and check that nothing an attacker wrote acted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.screenshots import wait_for_queue
from fstui.session import Session
from fstui.ui.app import FstuiApp
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.widgets.status_bar import StatusBar
from tests.pilot_support import sandbox_db, until
from tests.ui.harness import busy, demo_app_with

from .harness import (
    FIXED_NOW,
    FORBIDDEN,
    LITERAL_MARKUP,
    MARKERS,
    TICKETS,
    control_characters,
    give_me_open_tickets,
    plant,
    screen_lines,
    screen_segments,
)

SIZE = (140, 40)

pytestmark = pytest.mark.slow


def _poison(session: Session) -> None:
    db = sandbox_db(session)
    mine = set(give_me_open_tickets(db, 3))
    plant(db, big_for=lambda ticket_id: ticket_id in mine)


def assert_inert(
    app: FstuiApp, where: str, *, markers: tuple[str, ...] = MARKERS, need_markup: bool = True
) -> str:
    """The screen holds no control characters, no payload, no link or action from content."""
    lines = screen_lines(app)
    text = "\n".join(lines)
    assert len(lines) == SIZE[1], f"{where}: screen is {len(lines)} lines"
    bad = [c for line in lines for c in control_characters(line)]
    assert not bad, f"{where}: control characters reached the terminal: {bad[:10]}"
    for payload in FORBIDDEN:
        assert payload not in text, f"{where}: escape payload {payload!r} is visible"
    for marker in markers:
        assert marker in text, f"{where}: content {marker!r} vanished:\n{text}"
    if need_markup:
        assert any(m in text for m in LITERAL_MARKUP), f"{where}: markup not literal:\n{text}"
    for line in screen_segments(app):
        for segment in line:
            style = segment.style
            if style is None or not any(m in segment.text for m in ("CLICKME", "LINKME", "B1")):
                continue
            assert not style.link, f"{where}: content became a link: {segment!r}"
            assert "@click" not in (style.meta or {}), f"{where}: content became an action"
            if style.bold and "B1" in segment.text:  # bold from the app, not from the markup
                assert "[bold]B1" in segment.text, f"{where}: markup applied: {segment!r}"
    assert app.is_running, f"{where}: the app stopped"
    assert app.title == "fstui", f"{where}: title changed to {app.title!r}"
    assert not app.clipboard, f"{where}: clipboard written: {app.clipboard!r}"
    return text


async def test_queue_ticket_and_assets_show_hostile_content_literally(tmp_path: Path) -> None:
    app = demo_app_with(tmp_path, _poison, tickets=TICKETS, now=FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        await pilot.pause(0.2)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        # the brackets on screen prove the markup stayed text (the cell cuts what follows)
        text = assert_inert(app, "queue", markers=("RED", "[bold]B1"), need_markup=False)
        assert "SUBJ" in text
        status = app.screen.query_one(StatusBar)
        assert status.region.y == SIZE[1] - 2, "status bar pushed out of place"  # footer below

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket screen")
        screen = app.screen
        assert isinstance(screen, TicketScreen)
        await until(
            pilot,
            lambda: screen.ticket is not None and len(screen.query("ThreadEntry")) > 0,
            "ticket loaded",
            seconds=30,
        )
        await until(pilot, lambda: not busy(screen), "ticket idle", seconds=30)
        await pilot.pause(0.3)
        assert_inert(app, "ticket")
        header = screen.query_one("#ticket-header")
        assert header.region.height <= 8, f"header grew to {header.region.height} lines"
        assert header.region.y <= 1
        for key in ("end", "home", "pagedown", "2", "3", "4", "1"):
            await pilot.press(key)  # scroll the 1 MB body, visit every tab
            await pilot.pause(0.1)
            assert app.is_running and not app.clipboard and app.title == "fstui"
        await until(pilot, lambda: not busy(screen), "tabs idle", seconds=30)
        assert not [c for line in screen_lines(app) for c in control_characters(line)]

        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "back to the queue")
        await pilot.press("A")
        await until(
            pilot, lambda: "ASSET" in "\n".join(screen_lines(app)), "asset rows", seconds=30
        )
        await pilot.pause(0.3)
        assert_inert(app, "assets", markers=("RED", "TAG[bold]B"), need_markup=False)
        await pilot.press("enter")  # the asset's detail with its poisoned fields
        await until(
            pilot, lambda: type(app.screen).__name__ != "AssetScreen", "asset detail", seconds=30
        )
        await until(pilot, lambda: "TAG[bold]" in "\n".join(screen_lines(app)), "detail shown")
        await pilot.pause(0.3)
        assert_inert(app, "asset detail")
    assert app.return_code in (None, 0)
