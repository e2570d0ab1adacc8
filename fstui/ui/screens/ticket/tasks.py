"""Tasks tab: the checklist hanging off a ticket (status, due, assignee), and its writes.

A room like the time tab: its loader, its keys, its writes (add, edit, complete, delete) and
where its errors show.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import Task
from fstui.store.labels import TASK_STATUSES, Labels
from fstui.text import literal, one_line, sla_countdown
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.task_form import TaskForm
from fstui.ui.screens.ticket.context import (
    StatusNote,
    TicketContext,
    is_current,
    report_held,
    settled,
)

TASK_COMPLETED = 3
TASK_OPEN = 1
URGENCY_STYLES = {"overdue": "bold red", "soon": "yellow", "today": "yellow"}


def task_status_text(task: Task) -> Text:
    label = TASK_STATUSES.get(task.status or 0, f"#{task.status}")
    if task.status == TASK_COMPLETED:
        return Text(f"✔ {label}", style="green")
    return Text(f"○ {label}")


def task_due(task: Task) -> datetime | None:
    """The due date the agent set, if any. Freshservice gives a task saved without one its
    creation time as `due_date` (reference: the examples' due_date equals created_at), which
    read as `overdue 10m` on a task nobody dated (issue #18 item 11)."""
    due = task.due_date
    if not isinstance(due, datetime):
        return None
    created = task.created_at
    if isinstance(created, datetime) and abs((due - created).total_seconds()) < 60:
        return None
    return due


def task_due_text(task: Task, now: datetime) -> Text:
    due = task_due(task)
    if due is None:
        return Text("—", style="dim")
    if task.status == TASK_COMPLETED:
        return Text(f"{due.astimezone(now.tzinfo):%d %b}", style="dim")
    label, urgency = sla_countdown(due, now)
    return Text(label, style=URGENCY_STYLES.get(urgency, ""))


class TasksPane(WorkerErrors, Vertical):
    BINDINGS = [
        Binding("a", "add_task", "Add task", id="ticket.tasks.add"),
        Binding("e", "edit_task", "Edit task", id="ticket.tasks.edit"),
        Binding("x,space", "toggle_task", "Complete/reopen", id="ticket.tasks.toggle"),
        Binding("d", "delete_task", "Delete task", id="ticket.tasks.delete"),
    ]
    DEFAULT_CSS = """
    TasksPane { height: 1fr; }
    TasksPane DataTable { height: 1fr; }
    TasksPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.tasks: list[Task] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Loading tasks…", classes="pane-status")
        table: DataTable[Text | str] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Status", key="status", width=13)
        table.add_column("Due", key="due", width=16)
        table.add_column("Assignee", key="assignee", width=18)
        table.add_column("Title", key="title")

    def show_error(self, message: str) -> None:
        self.query_one(".pane-status", Static).update(literal(message, "red"))

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        if worker.group == "ticket-tasks":
            self.show_error(message)
        else:
            self.post_message(StatusNote(error=message))

    def show(self, tasks: Sequence[Task], labels: Labels, now: datetime) -> None:
        self.tasks = list(tasks)
        self.loaded = True
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for task in self.tasks:
            assignee = (
                labels.agent(task.agent_id)
                if task.agent_id is not None
                else (labels.group(task.group_id) if task.group_id is not None else "—")
            )
            title = literal(one_line(task.title or "(untitled)", 300))
            if task.status == TASK_COMPLETED:
                title.stylize("dim strike")
            table.add_row(
                task_status_text(task),
                task_due_text(task, now),
                literal(one_line(assignee, 40)),
                title,
                key=str(task.id),
            )
        if self.tasks:
            table.move_cursor(row=min(keep, len(self.tasks) - 1))
        done = sum(1 for t in self.tasks if t.status == TASK_COMPLETED)
        self.query_one(".pane-status", Static).update(
            Text(
                (f"{done}/{len(self.tasks)} done. " if self.tasks else "No tasks. ")
                + "a add · e edit · x complete/reopen · d delete"
            )
        )

    @property
    def selected(self) -> Task | None:
        table = self.query_one(DataTable)
        if not self.tasks or table.cursor_row < 0 or table.cursor_row >= len(self.tasks):
            return None
        return self.tasks[table.cursor_row]

    # --- loading --------------------------------------------------------------------------

    @work(exclusive=True, group="ticket-tasks", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        tasks = (await context.store.tasks(ticket_id, force=force)).value
        if is_current(context, ticket_id):
            self.show(tasks, context.labels, now_of(self.app))

    def clear(self) -> None:
        """Empty, to be loaded again (no key may act on a task of the ticket just left)."""
        self.show([], self.context.labels, now_of(self.app))
        self.loaded = False

    # --- writes ---------------------------------------------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_add_task(self) -> None:
        context = self.context
        ticket_id = context.ticket_id
        got = await self.app.push_screen_wait(TaskForm(f"New task on #{ticket_id}"))
        if got is None:
            return
        fields: dict[str, Any] = {"title": got.title, "description": got.description or got.title}
        if got.due is not None:
            fields["due_date"] = got.due.strftime("%Y-%m-%dT%H:%M:%SZ")
        result = await context.writes.add_task(ticket_id, fields)
        if result.delivered:
            self.notify("Task added.", timeout=3)
        else:
            report_held(self, context.writes, result, "Task")
        self.load(True)

    @work(group="ticket-write", exit_on_error=False)
    async def action_edit_task(self) -> None:
        task = self.selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        due_date = task_due(task)
        due = due_date.strftime("%Y-%m-%d") if due_date is not None else ""
        form = TaskForm(
            "Edit task", task_title=task.title or "", due=due, description=task.description or ""
        )
        got = await self.app.push_screen_wait(form)
        if got is None:
            return
        fields: dict[str, Any] = {"title": got.title, "description": got.description}
        # The form holds the day only: a day left as it was is not sent, or the time of day
        # the task had would become 17:00 (re-saving unchanged read `in 14h 40m`).
        if got.due is not None and got.due.strftime("%Y-%m-%d") != due:
            fields["due_date"] = got.due.strftime("%Y-%m-%dT%H:%M:%SZ")
        result = await self.context.writes.update_task(self.context.ticket_id, task.id, fields)
        if settled(self, self.context, result, "Task"):
            self.notify("Task updated.", timeout=3)
        self.load(True)

    @work(group="ticket-write", exit_on_error=False)
    async def action_toggle_task(self) -> None:
        task = self.selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        done = task.status == TASK_COMPLETED
        result = await self.context.writes.update_task(
            self.context.ticket_id, task.id, {"status": TASK_OPEN if done else TASK_COMPLETED}
        )
        if settled(self, self.context, result, "Task"):
            self.notify("Task reopened." if done else "Task completed.", timeout=3)
        self.load(True)

    @work(group="ticket-write", exit_on_error=False)
    async def action_delete_task(self) -> None:
        task = self.selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        body = literal(one_line(task.title or "(untitled)", 200))
        if not await self.app.push_screen_wait(ConfirmScreen("Delete task?", body)):
            return
        result = await self.context.writes.delete_task(self.context.ticket_id, task.id)
        if settled(self, self.context, result, "Task"):
            self.notify("Task deleted.", timeout=3)
        self.load(True)
