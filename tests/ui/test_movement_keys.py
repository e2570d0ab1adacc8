"""`j`/`k` move every list and scrollable pane as the arrows do (issue #18 item 3)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from fstui.ui.screens.ticket.thread import ThreadView
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, loaded, make_app, settle, wait_loaded


async def test_j_and_k_move_the_queue_sidebar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        sidebar = app.screen.query_one("#queue-list", OptionList)
        await pilot.press("tab")
        await until(pilot, lambda: app.screen.focused is sidebar, "sidebar focused")
        start = sidebar.highlighted or 0
        await pilot.press("j")
        assert sidebar.highlighted == start + 1
        await pilot.press("j", "k")
        assert sidebar.highlighted == start + 1
        await pilot.press("k")
        assert sidebar.highlighted == start


async def test_j_and_k_scroll_the_conversation(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need=None)
    async with host.run_test(size=(TICKET_SIZE[0], 14)) as pilot:  # short: the thread scrolls
        screen = await wait_loaded(pilot)
        thread = screen.query_one(ThreadView)
        thread.focus()
        thread.scroll_home(animate=False)
        await settle(pilot, screen)
        assert thread.max_scroll_y > 2, "the thread must be taller than the pane"
        await pilot.press("j", "j")
        await until(pilot, lambda: thread.scroll_y == 2, "scrolled down two lines")
        await pilot.press("k")
        await until(pilot, lambda: thread.scroll_y == 1, "scrolled back one line")
