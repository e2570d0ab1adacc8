"""A tiny app that opens the asset screens on the in-process demo sandbox, with a fixed clock.

The session is opened inside the app's own event loop (snap_compare runs the app in its own), and
`until` waits for what a user would wait for, since the list loader idles between pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from fstui.session import Session, open_demo_session
from fstui.ui.app import ScreenRouter
from fstui.ui.styles import BASE_SHEET
from fstui.ui.themes import DEFAULT_THEME, EXTRA_THEMES
from tests import pilot_support

FIXED_NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
DEMO_TICKETS = 200


class AssetsTestApp(ScreenRouter):
    """Routes like the app (OpenTicket from a detail opens the ticket), without its bindings."""

    CSS_PATH = str(BASE_SHEET)

    def __init__(self, cache_dir: Path, make_screen: Callable[[Session], Screen[Any]]) -> None:
        super().__init__()
        self._cache_dir = cache_dir
        self._make_screen = make_screen
        self.clock = lambda: FIXED_NOW
        self.session: Session | None = None

    async def on_mount(self) -> None:
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.session = await open_demo_session(
            tickets=DEMO_TICKETS, now=FIXED_NOW, cache_dir=self._cache_dir
        )
        await self.push_screen(self._make_screen(self.session))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], limit: float = 10.0) -> None:
    """The one `until`, settling once more so what changed is drawn before a snapshot."""
    await pilot.pause()
    await pilot_support.until(pilot, condition, seconds=limit, settle=True)
