"""A single-ticket take closes its progress dialog by itself once it went through (#18 polish);
a failure, or several tickets, still wait for a key so the result can be read."""

from __future__ import annotations

from pathlib import Path

from fstui.store.queues import UNASSIGNED
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import until

from .harness import loaded, make_app


async def test_one_ticket_taken_closes_the_progress_by_itself(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        screen.select_queue(UNASSIGNED)
        await pilot.pause()
        wanted = table.cursor_key
        await pilot.press("space", "t")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirm")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "back without a key")
        me = screen.store.reference_snapshot().me
        assert me is not None
        assert screen.store.mirror.get(wanted)["responder_id"] == me.id  # type: ignore[arg-type,index]
