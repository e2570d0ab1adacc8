"""The Textual application: owns the session, themes, keymap, help and palette, and routes.

The app is the only router: screens, widgets and palette providers post the messages of
`fstui.ui.messages` and `ScreenRouter` opens the screen each asks for. So this is the only module
that imports screens, and no screen or widget imports it (the import contracts prove both).

Each screen is imported in the handler that opens it, not at the top: the first paint needs only
the queue, and importing every screen (the ticket and asset screens, the palette's providers)
before it cost most of a second of blank terminal at start (issue #22).
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.strip import Strip

from fstui.ui.context import Clock, session_of, utc_now
from fstui.ui.first_frame import FirstFrameScreen, keep_frame, read_frame
from fstui.ui.messages import (
    BrowseAssets,
    NewTicket,
    OpenArticle,
    OpenAsset,
    OpenItsmRecord,
    OpenTicket,
    SearchKnowledge,
    ShowMyApprovals,
    ShowNotifications,
    ShowOutbox,
    ShowQueue,
)
from fstui.ui.styles import BASE_SHEET
from fstui.ui.themes import DEFAULT_THEME, EXTRA_THEMES

if TYPE_CHECKING:
    from fstui.notify import NotificationCenter
    from fstui.session import Session

__all__ = ["Clock", "FstuiApp", "Launcher", "ScreenRouter", "utc_now"]

Launcher = Callable[[], Awaitable["Session"]]
Relaunch = Callable[[str], tuple[Launcher | None, str | None]]
"""A profile's name -> how to open it (or why it cannot be): after `i` wrote it."""


_log = logging.getLogger(__name__)


def _kept_frame(path: Path) -> list[Strip] | None:
    """The kept first frame for this terminal's size, when there is a terminal to paint on."""
    size = _terminal_size()
    return None if size is None else read_frame(path, size)


def _terminal_size() -> Size | None:
    """The size the driver will start with (Textual reads the same call)."""
    stdout = sys.__stdout__
    if stdout is None:
        return None
    try:
        columns, lines = os.get_terminal_size(stdout.fileno())
    except (OSError, ValueError):
        return None
    return Size(columns, lines)


REPLAY_WAIT_S = 0.1
"""Longest wait between two keys typed on the first frame and handed to the live queue."""

WARM_AFTER_S = 2.0
"""Seconds after the queue is in place before the first ticket open is prepared behind it."""


def _prepare_ticket_open(session: Session) -> None:
    """While the agent reads the queue, what the first `enter` of the day would otherwise pay:
    the ticket screen's modules (~70 ms) and the ticket model's validator (~20 ms, ~4 MiB;
    bench/RESULTS.md section 8, first open and RSS over ticket opens)."""
    import fstui.ui.screens.ticket  # noqa: F401

    session.store.prepare_ticket_reads()


def _release_closed_widgets(screen: Screen[Any]) -> None:
    """Let the widgets of closed screens go, with everything they drew.

    Textual memoises `StylesCache.get_inner_outer` with a process-wide `lru_cache(1024)` on the
    method, so its key holds each widget's StylesCache, and that holds the widget's rendered
    lines: up to 1,024 widgets of screens long closed stayed in memory (bench/memory_probe.py:
    ~900 StylesCaches alive after 40 ticket opens, most of the RSS growth). The memo only saves
    adding two colours; emptying it when the screen changes costs nothing visible.
    """
    from textual._styles_cache import StylesCache

    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if callable(clear):
        clear()


def _commands() -> Any:
    """The palette providers' module, imported when the palette first opens."""
    from fstui.ui import commands

    return commands


class ScreenRouter(App[None]):
    """Opens the screen each navigation message asks for, on the app's session.

    A base of its own so a test host that shows one screen (without the app's bindings, which
    would change its footer) navigates exactly as the real app does.
    """

    def on_open_ticket(self, message: OpenTicket) -> None:
        """The ticket screen; triage next/previous follows the queue the ticket came from."""
        session = session_of(self)
        if session is None:
            return
        from fstui.ui.screens.queue import QueueScreen
        from fstui.ui.screens.ticket import ticket_screen_for

        ids, name = message.queue_ids, message.queue_name
        if message.from_queue:
            queue = next((s for s in self.screen_stack if isinstance(s, QueueScreen)), None)
            ids = queue.visible_ids() if queue is not None else None
            name = (queue.queue_name or None) if queue is not None else None
        self.push_screen(ticket_screen_for(session, message.ticket_id, ids, queue_name=name))

    def on_open_asset(self, message: OpenAsset) -> None:
        session = session_of(self)
        if session is not None:
            from fstui.ui.screens.assets import AssetDetailScreen

            self.push_screen(AssetDetailScreen(session, message.display_id))

    def on_browse_assets(self, message: BrowseAssets) -> None:
        session = session_of(self)
        if session is not None:
            from fstui.ui.screens.assets import AssetScreen

            search = message.search or None
            self.push_screen(AssetScreen(session, search=search, query=message.query))

    def on_show_outbox(self, message: ShowOutbox) -> None:
        from fstui.ui.screens.outbox import OutboxScreen

        session = session_of(self)
        if session is not None and not isinstance(self.screen, OutboxScreen):
            from fstui.ui.screens.ticket.compose import text_to_html

            labels = session.store.names

            def describe(field: str, value: object) -> str:
                words = {
                    "status": labels.status,
                    "priority": labels.priority,
                    "urgency": labels.urgency,
                    "impact": labels.impact,
                    "responder_id": labels.agent,
                    "group_id": labels.group,
                }.get(field)
                return words(value) if words is not None and isinstance(value, int) else str(value)

            self.push_screen(OutboxScreen(session.writes, to_html=text_to_html, describe=describe))

    def on_open_itsm_record(self, message: OpenItsmRecord) -> None:
        session = session_of(self)
        if session is not None and message.kind in ("problem", "change"):
            from fstui.ui.screens.itsm_record import ItsmRecordScreen

            self.push_screen(ItsmRecordScreen(session, message.kind, message.display_id))

    def on_show_my_approvals(self, message: ShowMyApprovals) -> None:
        from fstui.ui.screens.approvals import MyApprovalsScreen

        session = session_of(self)
        if session is not None and not isinstance(self.screen, MyApprovalsScreen):
            self.push_screen(MyApprovalsScreen(session))

    def on_open_article(self, message: OpenArticle) -> None:
        session = session_of(self)
        if session is not None:
            from fstui.ui.screens.knowledge import ArticleScreen

            self.push_screen(ArticleScreen(session, message.article_id))

    def on_search_knowledge(self, message: SearchKnowledge) -> None:
        """The search modal in read mode; the article picked opens read-only."""
        from fstui.ui.modals.knowledge_search import KnowledgePick, knowledge_search_for

        search = knowledge_search_for(self, mode="read", initial=message.term)
        if search is None:
            return

        def picked(pick: KnowledgePick | None) -> None:
            if pick is not None:
                self.post_message(OpenArticle(pick.article_id))

        self.push_screen(search, picked)

    def on_new_ticket(self, message: NewTicket) -> None:
        from fstui.ui.screens.new_ticket import NewTicketScreen

        session = session_of(self)
        if session is not None and not isinstance(self.screen, NewTicketScreen):
            self.push_screen(NewTicketScreen(session, parent=message.parent))

    def on_show_queue(self, message: ShowQueue) -> None:
        from fstui.ui.screens.queue import QueueScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, QueueScreen):
            self.pop_screen()
        if isinstance(self.screen, QueueScreen):
            self.screen.select_queue(message.name)


class FstuiApp(ScreenRouter):
    """One session (an account or the demo sandbox) per app run."""

    CSS_PATH = str(BASE_SHEET)
    TITLE = "fstui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {
        lambda: _commands().TicketCommands,
        lambda: _commands().QueueCommands,
        lambda: _commands().ScreenActionCommands,
        lambda: _commands().AssetCommands,
        lambda: _commands().ItsmCommands,
    }
    """Named lazily (Textual calls each when the palette opens): the palette's providers and
    textual.command are not imported before the first paint."""
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
        Binding("O", "outbox", "Outbox", id="app.outbox", show=False),
        Binding("N", "new_ticket", "New ticket", id="app.new_ticket", show=False),
        Binding("exclamation_mark", "notifications", "Notifications", id="app.notify", show=False),
        Binding("V", "my_approvals", "My approvals", id="app.approvals", show=False),
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
        relaunch: Relaunch | None = None,
        first_frame: Path | None = None,
        read_first_frame: bool = True,
    ) -> None:
        """`first_frame`: where the queue's last frame is kept at quit, and (unless
        `read_first_frame` is False, as after --fresh) painted first on the next start."""
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Over SSH every animation frame is bytes on the wire: the tab underline's 0.3 s
            # glide alone is ~18 redraws after the tab has already switched, so a switch
            # "settles" 300 ms late. No animation unless the user asks (TEXTUAL_ANIMATIONS=full).
            self.animation_level = "none"
        self._relaunch = relaunch
        self._launcher = launcher
        self._demo_launcher = demo_launcher
        self._config_path = config_path
        self._problem = problem
        self._user_keymap = keymap or {}
        self._wanted_theme = theme
        self.clock = clock
        self.session: Session | None = None
        self.notifications: NotificationCenter | None = None
        self._first_frame = first_frame
        self._replay_queue: list[tuple[str, str | None]] | None = None
        self._replaying: events.Key | None = None
        self._first_strips = (
            _kept_frame(first_frame) if first_frame and read_first_frame and launcher else None
        )
        if self._first_strips is None:
            self._preload_first_screen()

    def _preload_first_screen(self) -> None:
        """Import the first screen's module now, before `run` starts the driver: once the
        terminal is in application mode every moment shows, so the import (most of the start)
        happens while the shell prompt is still on screen, not on a blank terminal."""
        if self._launcher is None:
            import fstui.ui.screens.welcome
        else:
            import fstui.ui.screens.queue  # noqa: F401

    def run_opened(self) -> None:
        """Run, with the session opened before the terminal switches to the app.

        For a launcher that is local and quick (the demo): its work (cache, mirror, store)
        then happens while the shell prompt is still on screen, and the app's first frame is
        the queue instead of a blank screen that waits for it. An account's launcher checks
        the key over the network, which may take seconds: that one runs inside the app (`run`),
        where the terminal at least shows the app has started. With a kept first frame
        (first_frame.py) neither waits: the frame is the first paint and the session opens
        behind it.
        """
        import asyncio

        if self._first_strips is not None:
            self.run()  # the kept frame first; the session opens behind it (on_mount)
            return
        asyncio.run(self._open_then_run())

    async def _open_then_run(self) -> None:
        launcher = self._launcher
        if launcher is not None:
            try:
                session = await launcher()
            except Exception as exc:  # shown on the welcome screen, as inside the app
                failure = exc

                async def failed() -> Session:
                    raise failure

                self._launcher = failed
            else:

                async def opened() -> Session:
                    return session

                self._launcher = opened
        await self.run_async()

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, _release_closed_widgets)
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        self.theme = (
            self._wanted_theme if self._wanted_theme in self.available_themes else DEFAULT_THEME
        )
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        if self._launcher is None:
            from fstui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self._config_path, self._problem))
        elif self._first_strips is not None:
            self.push_screen(FirstFrameScreen(self._first_strips))
            self._first_strips = None
            self.call_after_refresh(self._open_session, self._launcher)
        else:
            self._open_session(self._launcher)

    @work(exclusive=True, group="session")
    async def _open_session(self, launcher: Launcher) -> None:
        try:
            session = await launcher()
        except Exception as exc:  # every failure becomes words on the welcome screen
            from fstui.ui.errors import describe_startup_error
            from fstui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self._config_path, describe_startup_error(exc)))
            return
        self.session = session
        session.store.run_shared_calls_in(contextvars.copy_context())
        self._start_notifications(session)
        from fstui.ui.screens.queue import QueueScreen

        await self.switch_to_main(QueueScreen(session))
        self.set_timer(WARM_AFTER_S, lambda: _prepare_ticket_open(session))

    def _start_notifications(self, session: Session) -> None:
        """Rules over what each sync brought (no API call), told on this terminal and kept
        for the in-app list; my own delivered writes are never news."""
        import os

        from fstui.config import NotificationPrefs
        from fstui.notify import NotificationCenter

        prefs = session.extras.get("notifications")
        if not isinstance(prefs, NotificationPrefs):
            prefs = NotificationPrefs()
        center = NotificationCenter.for_profile(
            session.store.cache, prefs, env=os.environ, write=self._write_to_terminal
        )
        self.notifications = center

        def after_sync(before: Mapping[int, Any], after: Mapping[int, Any]) -> None:
            me = session.store.reference_snapshot().me
            groups = session.store.reference_snapshot().my_group_ids
            told = center.after_sync(before, after, me.id if me else None, groups)
            for item in told[:3]:
                self.notify(f"{item.title}: {item.body}", title="fstui")

        def own_write(event: Any) -> None:
            if getattr(event, "what", "") in ("queued", "delivered"):
                center.note_own_change(event.ticket_id)

        session.store.syncer.sync_listeners.append(after_sync)
        session.writes.add_listener(own_write)

    def _write_to_terminal(self, sequence: str) -> None:
        """Escape sequences the notifier built from fixed strings and sanitised text."""
        driver = self._driver
        if driver is not None:
            driver.write(sequence)
            driver.flush()

    def on_show_notifications(self, message: ShowNotifications) -> None:
        from fstui.ui.screens.notifications import NotificationsScreen

        center = self.notifications
        if center is None or isinstance(self.screen, NotificationsScreen):
            return
        seen = center.notifier.seen_at()
        self.push_screen(NotificationsScreen(center.notifier.recent(), seen_at=seen))
        center.notifier.mark_read()

    def action_new_ticket(self) -> None:
        self.post_message(NewTicket())

    def action_outbox(self) -> None:
        self.post_message(ShowOutbox())

    def action_notifications(self) -> None:
        self.post_message(ShowNotifications())

    def action_my_approvals(self) -> None:
        self.post_message(ShowMyApprovals())

    async def action_quit(self) -> None:
        """Quitting with writes still on their way asks first: they stay on disk and go out on
        the next start, but an agent should know they have not gone yet."""
        session = self.session
        counts = session.writes.counts() if session is not None else None
        if counts is None or not (counts.queued or counts.attention):
            self._keep_first_frame()
            self.exit()
            return
        from fstui.ui.modals.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return
        parts = []
        if counts.queued:
            parts.append(f"{counts.queued} write{'s' if counts.queued != 1 else ''} queued")
        if counts.attention:
            parts.append(f"{counts.attention} waiting for you (O shows them)")
        body = (
            f"{' and '.join(parts)}. They are kept on disk and sent when fstui runs again "
            "and the account is reachable. Quit now?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit with writes not sent?", body), answered)

    def _keep_first_frame(self) -> None:
        """At quit, the queue as shown, for the next start's first frame (first_frame.py).
        Only a queue with nothing over it (no toast, no dialog): what the next start shows
        before it has loaded must be what the queue itself draws."""
        path, screen = self._first_frame, self.screen
        if path is None or self.session is None or self._notifications:
            return
        if not getattr(screen, "keeps_first_frame", False):
            return
        try:
            keep_frame(path, self.size, screen._compositor.render_strips())
        except OSError:
            _log.warning("first frame not kept", exc_info=True)

    @work(group="replay-keys", exit_on_error=False)
    async def _replay_keys(self) -> None:
        """The keys typed on the first frame, one at a time, each once the app has settled
        after the one before (as Textual's Pilot presses keys): `/` moves focus to the filter
        only once its key has gone through the widgets' queues, and the `vpn` typed behind it
        must land there, not on the table. Keys arriving meanwhile join the end of the line
        (`on_event`), so nothing overtakes what was typed first. At most REPLAY_WAIT_S per key
        while the rest of the start keeps the process busy."""
        from textual._wait import wait_for_idle

        queue = self._replay_queue
        try:
            while queue:
                key, character = queue.pop(0)
                self._replaying = events.Key(key, character)
                self.post_message(self._replaying)
                await wait_for_idle(0, REPLAY_WAIT_S)
        finally:
            self._replay_queue = self._replaying = None

    async def on_event(self, event: events.Event) -> None:
        queue = self._replay_queue
        if (
            queue is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and event is not self._replaying
        ):
            queue.append((event.key, event.character))  # after the keys typed before it
            return
        await super().on_event(event)

    async def switch_to_main(self, screen: Screen[None]) -> None:
        frame = self.screen
        if isinstance(frame, FirstFrameScreen):
            # In its place, with no blank frame between; then the keys pressed on it.
            await self.switch_screen(screen)
            self._replay_queue = list(frame.keys)
            self._replay_keys()
            return
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
        """Notifications quote names, subjects and server messages: never read them as markup,
        and pass them through the text funnel (every toast of every screen ends here)."""
        from fstui.text import safe_notification

        super().notify(
            str(safe_notification(message)),
            title=str(safe_notification(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_init_profile(self) -> None:
        """The guided set-up (fstui init) inside the app; the profile it wrote opens next."""
        from fstui.ui.screens.init_flow import InitFlowScreen

        def done(result: Any) -> None:
            if result is None or self._relaunch is None:
                return
            launcher, problem = self._relaunch(result.profile)
            if launcher is not None:
                self._open_session(launcher)
            else:
                from fstui.ui.screens.welcome import WelcomeScreen

                self.push_screen(WelcomeScreen(self._config_path, problem))

        self.push_screen(InitFlowScreen(self._config_path), done)

    def action_start_demo(self) -> None:
        if self._demo_launcher is not None:
            self._open_session(self._demo_launcher)

    def action_help(self) -> None:
        from fstui.ui.screens.help import HelpScreen, binding_groups

        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen") or "fstui"
        self.push_screen(HelpScreen(title, binding_groups(self.screen)))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()
