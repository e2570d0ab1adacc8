"""Task due dates as the agent sees them (issue #18 item 11), against the in-process sandbox.

Freshservice gives a task saved without a due date its creation time as `due_date`, so such a
task read `overdue 10m`; re-saving it unchanged then set 17:00 of that day (`in 14h 40m`). Now
a due date equal to the creation time is shown as none, the form shows none for it, and a due
date the agent left as it was is not sent again (the time of day the task had stays).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from fstui.api import FreshserviceClient, Task
from fstui.ui.modals.task_form import TaskForm
from fstui.ui.screens.ticket.tasks import TasksPane
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, busy, other_client, wait_loaded


async def task_on(client: FreshserviceClient, ticket_id: int, task_id: int) -> Task:
    """The task as the account holds it, read by another agent's client."""
    return next(t for t in [t async for t in client.list_tasks(ticket_id)] if t.id == task_id)


def due_cell(pane: TasksPane, title: str) -> str:
    table = pane.query_one(DataTable)
    row = next(i for i, t in enumerate(pane.tasks) if t.title == title)
    return str(table.get_row_at(row)[1])


async def test_a_task_without_a_due_date_shows_none_and_an_unchanged_save_keeps_it(
    tmp_path: Path,
) -> None:
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(TasksPane)
        await pilot.press("3")
        await until(pilot, lambda: pane.loaded, what="tasks tab")
        count = len(pane.tasks)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(host.screen, TaskForm), what="task form")
        for char in "Swap the dock":
            await pilot.press("space" if char == " " else char)
        await pilot.press("enter", "enter", "enter")  # no due date, no description: saved
        await until(pilot, lambda: len(pane.tasks) == count + 1, what="task added")
        await until(pilot, lambda: not busy(screen), what="idle")
        assert due_cell(pane, "Swap the dock") == "—"

        task = next(t for t in pane.tasks if t.title == "Swap the dock")
        assert host.session is not None and task.id is not None
        async with other_client(host.session) as client:
            before = await task_on(client, screen.ticket_id, task.id)
        pane.query_one(DataTable).move_cursor(row=pane.tasks.index(task))
        await pilot.press("e")
        await until(pilot, lambda: isinstance(host.screen, TaskForm), what="edit form")
        assert host.screen.query_one("#task-due", Input).value == ""
        await pilot.press("enter", "enter", "enter")  # saved as it was
        await until(pilot, lambda: not isinstance(host.screen, TaskForm), what="saved")
        await until(pilot, lambda: not busy(screen), what="idle")
        async with other_client(host.session) as client:
            after = await task_on(client, screen.ticket_id, task.id)
        assert after.due_date == before.due_date
        assert due_cell(pane, "Swap the dock") == "—"


async def test_re_saving_a_dated_task_unchanged_keeps_its_time_of_day(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need="tasks")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(TasksPane)
        await pilot.press("3")
        await until(pilot, lambda: pane.loaded and bool(pane.tasks), what="tasks tab")
        task = next(t for t in pane.tasks if t.due_date is not None and t.status != 3)
        assert host.session is not None and task.id is not None
        pane.query_one(DataTable).move_cursor(row=pane.tasks.index(task))
        shown = due_cell(pane, task.title or "")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(host.screen, TaskForm), what="edit form")
        await pilot.press("enter", "enter", "enter")
        await until(pilot, lambda: not isinstance(host.screen, TaskForm), what="saved")
        await until(pilot, lambda: not busy(screen), what="idle")
        async with other_client(host.session) as client:
            after = await task_on(client, screen.ticket_id, task.id)
        assert after.due_date == task.due_date
        assert due_cell(pane, task.title or "") == shown
