"""Tasks tab: the checklist hanging off a ticket (status, due, assignee).

Like the time entries pane it only shows; its keys run actions on the ticket screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fstui.api.models import Task
from fstui.text import literal, one_line, sla_countdown
from fstui.ui.screens.ticket.labels import TASK_STATUSES, Labels

TASK_COMPLETED = 3
TASK_OPEN = 1
URGENCY_STYLES = {"overdue": "bold red", "soon": "yellow", "today": "yellow"}


def task_status_text(task: Task) -> Text:
    label = TASK_STATUSES.get(task.status or 0, f"#{task.status}")
    if task.status == TASK_COMPLETED:
        return Text(f"✔ {label}", style="green")
    return Text(f"○ {label}")


def task_due_text(task: Task, now: datetime) -> Text:
    if not isinstance(task.due_date, datetime):
        return Text("—", style="dim")
    if task.status == TASK_COMPLETED:
        return Text(f"{task.due_date.astimezone(now.tzinfo):%d %b}", style="dim")
    label, urgency = sla_countdown(task.due_date, now)
    return Text(label, style=URGENCY_STYLES.get(urgency, ""))


class TasksPane(Vertical):
    BINDINGS = [
        Binding("a", "screen.add_task", "Add task", id="ticket.tasks.add"),
        Binding("e", "screen.edit_task", "Edit task", id="ticket.tasks.edit"),
        Binding("x,space", "screen.toggle_task", "Complete/reopen", id="ticket.tasks.toggle"),
        Binding("d", "screen.delete_task", "Delete task", id="ticket.tasks.delete"),
    ]
    DEFAULT_CSS = """
    TasksPane { height: 1fr; }
    TasksPane DataTable { height: 1fr; }
    TasksPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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
