"""Help lists fstui's keys, grouped, and scrolls with End (issue #18 polish: it listed
Textual's generic bindings, `shift+tab Focus Previous`, `^c Copy selected text`, in one list)."""

from __future__ import annotations

from textual.containers import VerticalScroll

from fstui.ui.app import FstuiApp
from fstui.ui.screens.help import HelpScreen
from tests.pilot_support import until

from .harness import loaded


async def test_help_groups_the_apps_own_keys_and_leaves_textuals_out(demo_app: FstuiApp) -> None:
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        headings = [heading for heading, _ in help_screen._groups]
        assert headings == ["This screen", "Moving in lists", "Everywhere"]
        groups = dict(help_screen._groups)
        words = {what for _, what in help_screen._rows}
        assert "Focus Previous" not in words and "Copy selected text" not in words
        assert ("/", "Filter") in groups["This screen"]
        assert any(what == "Next row" for _, what in groups["Moving in lists"])
        assert any(what == "Outbox" for _, what in groups["Everywhere"])
        scroll = help_screen.query_one(VerticalScroll)
        assert scroll.max_scroll_y > 0, "at 80x24 the list is longer than the dialog"
        await pilot.press("end")
        await until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y, "scrolled to the end")
        await pilot.press("home")
        await until(pilot, lambda: scroll.scroll_y == 0, "back to the top")
