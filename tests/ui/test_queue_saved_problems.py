"""A malformed saved queue is named on the queue screen, not dropped in silence (#18 item 5)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.widgets import Static

from fstui.config import SavedQueue
from fstui.session import Session
from fstui.ui.app import FstuiApp

from .harness import demo_app_with, loaded


def app_with_saved(tmp_path: Path, *queues: SavedQueue) -> FstuiApp:
    def save(session: Session) -> None:
        plumbing = session.store.plumbing
        plumbing.settings = dataclasses.replace(plumbing.settings, saved_queues=queues)

    return demo_app_with(tmp_path, save)


async def test_a_malformed_saved_queue_is_named_with_its_position(tmp_path: Path) -> None:
    app = app_with_saved(
        tmp_path,
        SavedQueue(name="VIP urgent", query="priority:4 AND"),
        SavedQueue(name="Fine", query="priority:3"),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        box = app.screen.query_one("#queue-error", Static)
        assert box.display
        shown = str(box.render())
        assert 'saved queue "VIP urgent"' in shown and "position 14" in shown
        assert "priority:4 AND\n" in shown and "^" in shown
        names = app.screen.store.queue_names()  # type: ignore[attr-defined]
        assert "Fine" in names and "VIP urgent" not in names


async def test_no_error_box_when_every_saved_queue_parses(tmp_path: Path) -> None:
    app = app_with_saved(tmp_path, SavedQueue(name="Fine", query="priority:3"))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert not app.screen.query_one("#queue-error", Static).display
