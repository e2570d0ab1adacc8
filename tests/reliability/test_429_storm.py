"""A 429 storm while the agent refreshes the queue with the keyboard.

The client waits out Retry-After in real seconds, so the account here has a two-second rate
window (its Retry-After is at most 2 s): the storm lasts seconds, not minutes, and the same
code paths run as on a real account (limiter hold, retry, give up after a few in a row).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.screenshots import wait_for_queue
from fstui.session import Session, open_account_session
from fstui.ui.app import FstuiApp
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import status_text, until

from .harness import FIXED_NOW, give_me_open_tickets

SIZE = (120, 30)
BURST = 3
pytestmark = pytest.mark.slow


def short_window_app(cache_dir: Path) -> tuple[FstuiApp, Any]:
    """The real app on an account whose rate window is two seconds long."""
    sandbox_app = create_app(SandboxConfig(tickets=60, now=FIXED_NOW, window_seconds=2.0))
    db = sandbox_app.state.sandbox.db
    give_me_open_tickets(db, 4)  # rows in "my" queues

    async def launch() -> Session:
        return await open_account_session(
            domain="http://127.0.0.1",
            api_key=sandbox_app.state.sandbox.config.api_key,
            me_email=DEMO_AGENT_EMAIL,
            profile_name="storm",
            plan=None,
            cache_dir=cache_dir,
            transport=sandbox_transport(sandbox_app),
        )

    app = FstuiApp(launcher=launch, config_path=cache_dir / "config.toml", clock=lambda: FIXED_NOW)
    return app, sandbox_app.state.sandbox


def refreshing(app: FstuiApp) -> bool:
    return any(w.group == "queue-load" and w.is_running for w in app.workers)


async def test_queue_refresh_rides_out_a_429_storm(tmp_path: Path) -> None:
    app, sandbox = short_window_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        rows = screen.table.total_count
        assert rows > 0

        seen: list[str] = []
        sandbox.faults.rate_limit_burst = BURST
        started = time.monotonic()
        await pilot.press("r")

        def settled() -> bool:
            seen.append(status_text(app))
            return not refreshing(app)

        await pilot.pause(0.05)
        await until(pilot, settled, "refresh after the storm", seconds=30)
        assert sandbox.faults.rate_limit_burst == 0, "the storm never reached the account"
        storm = time.monotonic() - started
        assert 1.0 <= storm < 12, f"Retry-After (1-2 s) not honoured: the storm took {storm:.1f}s"

        await pilot.press("r")  # the account answers again: a normal refresh succeeds
        await pilot.pause(0.05)
        await until(pilot, settled, "refresh after the storm", seconds=15)
        await until(pilot, lambda: "online" in status_text(app), "status back to normal")
        assert app.is_running and app.screen is screen
        assert screen.table.total_count == rows, "rows were lost to the storm"
        for text in [*seen, status_text(app)]:
            assert "Traceback" not in text and "Error(" not in text, text
            assert sandbox.config.api_key not in text
