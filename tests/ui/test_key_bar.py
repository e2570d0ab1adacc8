"""The key bar shows the active screen's keys, follows screen and focus changes in place,
and never cuts a key mid-word."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from fstui.ui.widgets.key_bar import KeyBar, KeyEntry, fit_entries


class First(Screen[None]):
    BINDINGS = [
        Binding("o", "open", "Open"),
        Binding("a", "assign", "Assign"),
        Binding("h", "hidden", "Hidden", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static("first")
        yield Input(id="box")
        yield KeyBar()


class Second(Screen[None]):
    BINDINGS = [Binding("r", "reply", "Reply"), Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("second")
        yield KeyBar()


class Host(App[None]):
    AUTO_FOCUS = None  # the input gets focus only when a test says so
    BINDINGS = [Binding("ctrl+p", "command_palette", "Palette", show=False)]

    def __init__(self, first: type[Screen[None]] = First) -> None:
        super().__init__()
        self._first = first

    def on_mount(self) -> None:
        self.push_screen(self._first())


def bar_text(app: App[None]) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_the_bar_shows_the_screen_keys_and_follows_screen_changes() -> None:
    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert "o Open" in text and "a Assign" in text
        assert "Hidden" not in text
        assert text.rstrip().endswith("^p Palette")

        app.push_screen(Second())
        await pilot.pause()
        text = bar_text(app)
        assert "r Reply" in text and "esc Back" in text
        assert "Open" not in text

        await pilot.press("escape")
        await pilot.pause()
        assert "o Open" in bar_text(app)


async def test_a_focus_change_updates_the_same_bar() -> None:
    """Typing in an input takes the letter keys: the bar stops offering them, in place."""
    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert "o Open" in bar_text(app)
        app.screen.query_one(Input).focus()
        await pilot.pause()
        assert app.screen.query_one(KeyBar) is bar
        assert "o Open" not in bar_text(app)
        assert "^p Palette" in bar_text(app)


async def test_a_click_on_a_key_presses_it() -> None:
    pressed: list[str] = []

    class Clicky(First):
        def action_assign(self) -> None:
            pressed.append("assign")

    app = Host(Clicky)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        column = bar_text(app).index("a Assign")
        await pilot.click(KeyBar, offset=(column + 1, 0))
        await pilot.pause()
        assert pressed == ["assign"]


def test_keys_that_do_not_fit_are_left_out_whole() -> None:
    entries = [KeyEntry(k, k, d) for k, d in (("o", "Open"), ("a", "Assign"), ("x", "Status"))]
    palette = KeyEntry("ctrl+p", "^p", "Palette")
    # room for "o Open  a Assign" and the palette, not for "x Status"
    shown, kept = fit_entries(entries, palette, 2 + len("o Open  a Assign") + 2 + 10 + 3)
    assert [e.description for e in shown] == ["Open", "Assign"]
    assert kept == palette
    # too narrow for the palette: the first key alone, whole
    shown, kept = fit_entries(entries, palette, 8)
    assert [e.description for e in shown] == ["Open"] and kept is None
