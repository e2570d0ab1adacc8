"""Snapshots issue #18 asked for: dialogs and forms, the conflict view, bulk progress, the status
bar offline and waiting for budget, an empty queue, a terminal smaller than 80x24, and the
high-contrast theme beyond the queue.

Regenerate after a deliberate change with
`.venv/bin/pytest tests/ui/test_ux_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fstui.store.events import BudgetWaiting
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.modals.task_form import TaskForm
from fstui.ui.modals.time_entry_form import TimeEntryForm
from fstui.ui.screens.ticket.activity import ActivitiesPane
from fstui.ui.screens.ticket.related import RelatedPane
from fstui.ui.screens.ticket.tasks import TasksPane
from fstui.ui.screens.ticket.time import TimeEntriesPane
from tests.pilot_support import SnapCompare, until

from .harness import TicketHost, busy, loaded, make_app, other_client, type_text, wait_loaded

SMALL = (70, 20)
TAB_PANES: dict[str, type[Any]] = {
    "2": TimeEntriesPane,
    "3": TasksPane,
    "4": ActivitiesPane,
    "5": RelatedPane,
}
HIGH_CONTRAST = "fstui-high-contrast"


def on_tab(key: str, pane: type[Any]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        await pilot.press(key)
        widget = screen.query_one(pane)
        await until(pilot, lambda: bool(widget.loaded), "tab loaded")
        await until(pilot, lambda: not busy(screen), "idle")

    return run_before


# --- forms and dialogs on the ticket screen --------------------------------------------------


def test_time_entry_form_with_a_bad_duration(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await on_tab("2", TimeEntriesPane)(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(pilot.app.screen, TimeEntryForm), "form")
        await pilot.press(*"1:75", "enter")
        await pilot.pause()

    host = TicketHost(tmp_path, need="time")
    assert snap_compare(host, terminal_size=(80, 24), run_before=run_before)


def test_task_form(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await on_tab("3", TasksPane)(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(pilot.app.screen, TaskForm), "form")
        await type_text(pilot, "Call the requester")
        await pilot.pause()

    host = TicketHost(tmp_path, need="tasks")
    assert snap_compare(host, terminal_size=(80, 24), run_before=run_before)


def test_delete_time_entry_confirm(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await on_tab("2", TimeEntriesPane)(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "confirm")
        await pilot.pause()

    host = TicketHost(tmp_path, need="time")
    assert snap_compare(host, terminal_size=(80, 24), run_before=run_before)


def test_reply_send_confirm(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The confirm before a reply goes out names who receives it (To, and Cc/Bcc when set)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "Thanks, on it")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "confirm")
        await pilot.pause()

    assert snap_compare(TicketHost(tmp_path), terminal_size=(100, 34), run_before=run_before)


def test_conflict_view(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """A colleague changed the priority since the ticket was read: the change is shown first."""

    async def run_before(pilot: Pilot[Any]) -> None:
        host = pilot.app
        assert isinstance(host, TicketHost)
        screen = await wait_loaded(pilot)
        assert host.session is not None
        async with other_client(host.session) as client:
            await client.update_ticket(screen.ticket_id, {"priority": 4})
        await pilot.press("U")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), "picker")
        await type_text(pilot, "high")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), "conflict")
        await pilot.pause()

    assert snap_compare(TicketHost(tmp_path), terminal_size=(100, 34), run_before=run_before)


# --- the queue screen -----------------------------------------------------------------------


def test_bulk_progress_finished(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("right_square_bracket", "g", "space", "space", "t")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "confirm")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(pilot.app.screen, BulkProgressScreen), "progress")
        progress = pilot.app.screen
        await until(pilot, lambda: progress._finished, "finished")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_status_bar_offline(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.session.connectivity.mark_offline()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_status_bar_waiting_for_budget(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        events = pilot.app.session.store.events  # type: ignore[attr-defined]
        events.publish(BudgetWaiting("waiting 12s for API budget (ticket lists 120/min)"))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_empty_queue(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("colon", *"agent_id:999999", "enter")
        screen = pilot.app.screen
        await until(pilot, lambda: screen.queue_name.startswith("?"), "empty queue")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


# --- smaller than 80x24 ---------------------------------------------------------------------


def test_queue_at_70x20(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SMALL, run_before=run_before)


def test_ticket_at_70x20(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)

    assert snap_compare(TicketHost(tmp_path), terminal_size=SMALL, run_before=run_before)


# --- the high-contrast theme beyond the queue -----------------------------------------------


@pytest.mark.parametrize("tab", ["1", "2", "3", "4", "5"])
def test_ticket_in_high_contrast(snap_compare: SnapCompare, tmp_path: Path, tab: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        pilot.app.theme = HIGH_CONTRAST
        await pilot.press(tab)
        pane = TAB_PANES.get(tab)
        if pane is not None:
            widget = screen.query_one(pane)
            await until(pilot, lambda: bool(widget.loaded), "tab loaded")
        await until(pilot, lambda: not busy(screen), "idle")
        await pilot.pause(0.1)
        await pilot.pause()

    host = TicketHost(tmp_path, need="related" if tab == "5" else None)
    assert snap_compare(host, terminal_size=(80, 24), run_before=run_before)


def test_help_in_high_contrast(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.theme = HIGH_CONTRAST
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_picker_and_confirm_in_high_contrast(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.theme = HIGH_CONTRAST
        await pilot.press("space", "x")
        await until(pilot, lambda: isinstance(pilot.app.screen, PickerScreen), "picker")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)
