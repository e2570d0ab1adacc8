"""Faults injected into the sandbox while the agent drives the real app with the keyboard.

429 storms are driven in test_429_storm.py, on an account with a two-second rate window
(the client honours Retry-After in real seconds).

"Unreachable for a minute" is simulated with `offline=True` for a few refreshes, not a minute of
wall time: what matters is that the app says so, keeps the cached rows and recovers by itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.sandbox import FaultConfig
from fstui.screenshots import wait_for_queue
from fstui.session import Session
from fstui.ui.app import FstuiApp
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import sandbox_db, sandbox_of, status_text, until
from tests.ui.harness import demo_app_with

from .harness import FIXED_NOW, TICKETS, give_me_open_tickets

SIZE = (120, 30)
pytestmark = pytest.mark.slow


def _mine(session: Session) -> None:
    give_me_open_tickets(sandbox_db(session), 4)


def queue_idle(app: FstuiApp) -> bool:
    return not any(w.group == "queue-load" and w.is_running for w in app.workers)


async def refresh(pilot: object, app: FstuiApp) -> None:
    await pilot.press("r")  # type: ignore[attr-defined]
    await until(pilot, lambda: queue_idle(app), "refresh finished", seconds=30)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "faults",
    [
        FaultConfig(error_rate=1.0),
        FaultConfig(malformed_json_rate=1.0),
        FaultConfig(drop_rate=1.0),
        FaultConfig(offline=True),
        FaultConfig(error_rate=0.2, malformed_json_rate=0.1, drop_rate=0.1, seed=7),
    ],
    ids=["5xx", "malformed-json", "dropped", "offline", "mixed"],
)
async def test_queue_keeps_rows_says_what_failed_and_recovers(
    tmp_path: Path, faults: FaultConfig
) -> None:
    app = demo_app_with(tmp_path, _mine, tickets=TICKETS, now=FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        rows = screen.table.total_count
        assert rows > 0
        assert app.session is not None
        sandbox = sandbox_of(app.session)
        sandbox.faults = faults
        for _ in range(2):
            await pilot.press("r")
            await pilot.pause(0.05)
            await pilot.press("slash")  # the UI answers keys while the refresh struggles
            await pilot.press("x", "backspace", "escape")
            assert screen.table.filter_text == ""
            await until(pilot, lambda: queue_idle(app), "refresh finished", seconds=60)
            assert app.is_running and app.screen is screen
            assert screen.table.total_count == rows, "cached rows were lost"
        note = status_text(app)
        if faults.error_rate == 1 or faults.offline or faults.drop_rate == 1:
            assert note.startswith("demo") and len(note.split()) > 4, f"no failure shown: {note!r}"
            assert "Traceback" not in note and "Error(" not in note

        sandbox.faults = FaultConfig()  # the account is back
        await refresh(pilot, app)
        await until(pilot, lambda: "online" in status_text(app), "back online", seconds=30)
        assert screen.table.total_count == rows
        assert app.is_running
        assert sandbox.config.api_key not in app.export_screenshot()


async def test_two_second_latency_does_not_freeze_typing(tmp_path: Path) -> None:
    app = demo_app_with(tmp_path, _mine, tickets=TICKETS, now=FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_queue(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert app.session is not None
        sandbox_of(app.session).faults = FaultConfig(latency_s=2.0)
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("slash", "z", "z", "z")
        await pilot.pause(0.05)
        # The keys took effect while the refresh still waits on the 2 s account: typing does
        # not wait for the network (how fast it is belongs to bench, not to a test).
        assert screen.table.filter_text == "zzz"
        assert not queue_idle(app), "the refresh should still be waiting on the slow account"
        await until(pilot, lambda: queue_idle(app), "slow refresh finished", seconds=30)
        assert "online" in status_text(app)
