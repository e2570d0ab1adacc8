"""The app shell: welcome, help, palette, themes, startup errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from fstui.ui.app import FstuiApp
from fstui.ui.screens.help import HelpScreen
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.welcome import WelcomeScreen
from tests.pilot_support import until

from .harness import loaded


async def test_welcome_offers_the_demo_and_d_starts_it(tmp_path: Path) -> None:
    from fstui.session import open_demo_session

    async def demo() -> object:
        return await open_demo_session(tickets=100, cache_dir=tmp_path)

    app = FstuiApp(
        launcher=None,
        demo_launcher=demo,  # type: ignore[arg-type]
        config_path=tmp_path / "config.toml",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "queue screen")


async def test_bad_key_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
    from fstui.session import open_account_session

    sandbox = create_app(SandboxConfig(tickets=50, plan="unlimited"))

    async def bad_key() -> object:
        return await open_account_session(
            domain="http://127.0.0.1:8765",
            api_key="not-the-key",
            me_email="someone@example.com",
            profile_name="t",
            plan=None,
            cache_dir=tmp_path / "cache",
            transport=sandbox_transport(sandbox),
        )

    app = FstuiApp(launcher=bad_key, config_path=tmp_path / "config.toml")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WelcomeScreen) and bool(app.screen.query("#welcome-problem"))
            ),
            "welcome with the problem composed",
        )
        text = str(app.screen.query_one("#welcome-problem").render())
        assert "API key" in text and "rejected" in text
        assert "not-the-key" not in text and "Traceback" not in text


async def test_help_lists_every_queue_binding_and_closes(demo_app: FstuiApp) -> None:
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        queue = app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(f"{keys} {what}" for keys, what in app.screen._rows)
        for binding in queue.BINDINGS:
            if isinstance(binding, Binding) and (binding.id or "").startswith("movement."):
                continue  # j/k everywhere: listed once, as the table's own "Next row"
            assert binding.description in shown  # type: ignore[union-attr]
        await pilot.press("escape")
        assert app.screen is queue
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_keymap_override_rebinds_an_action(tmp_path: Path) -> None:
    from fstui.screenshots import demo_app

    app = demo_app(tmp_path, tickets=100)
    assert isinstance(app, FstuiApp)
    app._user_keymap = {"queue.mark_all": "ctrl+a"}
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await pilot.press("ctrl+a")
        assert len(table.marked_keys) == table.visible_count > 0


async def test_theme_switch_from_config_and_at_runtime(demo_app: FstuiApp) -> None:
    app = demo_app
    app._wanted_theme = "fstui-high-contrast"
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.theme == "fstui-high-contrast"
        app.theme = "textual-light"
        await pilot.pause()
        assert app.current_theme.name == "textual-light"


async def test_palette_jumps_to_a_ticket_by_number(demo_app: FstuiApp) -> None:
    from fstui.ui.screens.ticket import TicketScreen

    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        wanted = table.cursor_key
        await pilot.press("ctrl+p")
        await pilot.press(*f"#{wanted}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket screen")
        ticket = app.screen
        assert isinstance(ticket, TicketScreen) and ticket.ticket_id == wanted
        # the app routed it like a row opened from the queue: next/previous walk that queue
        assert ticket.queue_ids == queue.visible_ids() and wanted in ticket.queue_ids
        assert ticket.queue_name == queue.queue_name


async def test_palette_finds_an_asset_by_name(demo_app: FstuiApp) -> None:
    from fstui.ui.screens.assets import AssetScreen
    from fstui.ui.widgets.fast_table import FastTable

    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"asset dell", "enter")
        await until(pilot, lambda: isinstance(app.screen, AssetScreen), "asset screen")
        screen = app.screen
        table = screen.query_one(FastTable)
        await until(pilot, lambda: table.total_count > 0, "search results")
        for key in table.visible_keys():
            assert "dell" in str(table.row_for_key(key)).lower()


async def test_palette_switches_queue(demo_app: FstuiApp) -> None:
    from fstui.store.queues import PENDING

    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"queue pending")
        await pilot.pause(0.5)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await until(pilot, lambda: screen.queue_name == PENDING, "pending queue")


async def test_markup_in_palette_input_and_notifications_is_literal(demo_app: FstuiApp) -> None:
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.notify("Assigned to [/x] [@click=app.quit]Bob[/]")  # a name can hold anything
        await pilot.press("ctrl+p", *"asset [/b", "enter")
        await pilot.pause(0.3)
        assert app.is_running
        assert any("[/x]" in str(n.message) for n in app._notifications)


def test_no_animation_frames_unless_the_user_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every animation frame is bytes over SSH: the tab underline's glide would keep a tab
    switch writing for 300 ms after the tab shows. TEXTUAL_ANIMATIONS still decides when set."""
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    assert FstuiApp(launcher=None, config_path=tmp_path / "c.toml").animation_level == "none"
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "full")
    assert FstuiApp(launcher=None, config_path=tmp_path / "c.toml").animation_level == "full"
