"""Toasts never cover the status line, which says what the last action did and whether the
console is online (issue #18: they sat on `n/N in queue` and on the status bar's words)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets._toast import Toast

from fstui.ui.screens.ticket.status import TicketStatus
from fstui.ui.widgets.status_bar import StatusBar
from tests.pilot_support import until

from .harness import TicketHost, loaded, make_app, wait_loaded

SIZES = [(80, 24), (120, 40)]
MESSAGE = "Reply sent to the requester: it is in the conversation now."


async def _toast_region(pilot: Any) -> Region:
    pilot.app.notify(MESSAGE, title="Sent")
    await until(pilot, lambda: bool(pilot.app.screen.query(Toast)), what="toast shown")
    await pilot.pause()
    return pilot.app.screen.query_one(Toast).region


def _below(widget: Widget) -> Region:
    """The rows from the widget down to the screen's bottom (status line and key bar)."""
    region = widget.region
    screen = widget.screen.region
    return Region(0, region.y, screen.width, screen.bottom - region.y)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_toast_on_the_queue_sits_above_the_status_bar(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        await loaded(pilot)
        toast = await _toast_region(pilot)
        status = app.screen.query_one(StatusBar)
        assert not toast.overlaps(_below(status)), (toast, status.region)
        assert toast.bottom == status.region.y  # right above it, not floating higher
        assert toast.height <= 3  # title and two lines: no blank padding rows


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_toast_on_a_ticket_leaves_the_n_of_n_line_readable(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await wait_loaded(pilot)
        toast = await _toast_region(pilot)
        status = screen.query_one(TicketStatus)
        assert not toast.overlaps(_below(status)), (toast, status.region)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_with_a_composer_open_a_toast_covers_none_of_it(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer open")
        composer = screen.visible_composers()[0]
        toast = await _toast_region(pilot)
        assert not toast.overlaps(composer.region), (toast, composer.region)
        assert not toast.overlaps(_below(screen.query_one(TicketStatus)))
        await pilot.press("escape")  # closed: the toasts go back above the status line
        await until(pilot, lambda: not screen.visible_composers(), what="composer closed")
        app.clear_notifications()
        toast = await _toast_region(pilot)
        assert toast.bottom == screen.query_one(TicketStatus).region.y
