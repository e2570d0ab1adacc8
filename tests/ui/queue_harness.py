"""Shared set-up for the queue and shell tests: the real app on a frozen demo sandbox."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from fstui.screenshots import demo_app, wait_for_queue
from fstui.ui.app import FstuiApp
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import until

__all__ = ["FIXED_NOW", "TICKETS", "loaded", "make_app", "until"]

FIXED_NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
TICKETS = 300


def make_app(tmp_path: Path, tickets: int = TICKETS) -> FstuiApp:
    app = demo_app(tmp_path, tickets=tickets, now=FIXED_NOW)
    assert isinstance(app, FstuiApp)
    return app


async def loaded(pilot: Pilot[Any]) -> FastTable[Any]:
    await wait_for_queue(pilot)
    return pilot.app.screen.query_one(FastTable)
