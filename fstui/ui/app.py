"""The Textual application: owns the session, themes, keymap, help and palette."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from fstui.ui.commands import AssetCommands, QueueCommands, ScreenActionCommands, TicketCommands
from fstui.ui.screens.help import HelpScreen, binding_rows
from fstui.ui.screens.welcome import WelcomeScreen
from fstui.ui.themes import DEFAULT_THEME, EXTRA_THEMES

if TYPE_CHECKING:
    from fstui.session import Session

Launcher = Callable[[], Awaitable["Session"]]
Clock = Callable[[], datetime]


def styles_dir() -> Path:
    """TCSS lives in fstui/styles inside the wheel, in ./styles in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "styles"
    return inside if inside.is_dir() else package.parent / "styles"


def utc_now() -> datetime:
    return datetime.now(UTC)


class FstuiApp(App[None]):
    """One session (an account or the demo sandbox) per app run."""

    CSS_PATH = [str(styles_dir() / "app.tcss")]
    TITLE = "fstui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {TicketCommands, QueueCommands, ScreenActionCommands, AssetCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        launcher: Launcher | None,
        config_path: Path,
        demo_launcher: Launcher | None = None,
        problem: str | None = None,
        clock: Clock = utc_now,
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self._launcher = launcher
        self._demo_launcher = demo_launcher
        self._config_path = config_path
        self._problem = problem
        self._user_keymap = keymap or {}
        self._wanted_theme = theme
        self.clock = clock
        self.session: Session | None = None

    def on_mount(self) -> None:
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        self.theme = (
            self._wanted_theme if self._wanted_theme in self.available_themes else DEFAULT_THEME
        )
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        if self._launcher is None:
            self.push_screen(WelcomeScreen(self._config_path, self._problem))
        else:
            self._open_session(self._launcher)

    @work(exclusive=True, group="session")
    async def _open_session(self, launcher: Launcher) -> None:
        from fstui.ui.errors import describe_startup_error

        try:
            session = await launcher()
        except Exception as exc:  # every failure becomes words on the welcome screen
            self.push_screen(WelcomeScreen(self._config_path, describe_startup_error(exc)))
            return
        self.session = session
        from fstui.ui.screens.queue import QueueScreen

        await self.switch_to_main(QueueScreen(session))

    async def switch_to_main(self, screen: object) -> None:
        from textual.screen import Screen

        assert isinstance(screen, Screen)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        await self.push_screen(screen)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications quote names, subjects and server messages: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def open_ticket(self, ticket_id: int) -> None:
        """Push the ticket screen; triage next/previous follows the current queue if any."""
        from fstui.ui.screens.queue import QueueScreen
        from fstui.ui.screens.ticket import TicketScreen

        if self.session is None:
            return
        queue = next((s for s in self.screen_stack if isinstance(s, QueueScreen)), None)
        ids = queue.visible_ids() if queue is not None else None
        name = (queue.queue_name or None) if queue is not None else None
        self.push_screen(TicketScreen(self.session, ticket_id, ids, queue_name=name))

    def show_queue(self, name: str) -> None:
        from fstui.ui.screens.queue import QueueScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, QueueScreen):
            self.pop_screen()
        if isinstance(self.screen, QueueScreen):
            self.screen.select_queue(name)

    def find_asset(self, term: str) -> None:
        from fstui.ui.screens.assets import AssetScreen

        if self.session is not None:
            self.push_screen(AssetScreen(self.session, search=term))

    def action_start_demo(self) -> None:
        if self._demo_launcher is not None:
            self._open_session(self._demo_launcher)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen") or "fstui"
        self.push_screen(HelpScreen(title, binding_rows(self.screen)))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()
