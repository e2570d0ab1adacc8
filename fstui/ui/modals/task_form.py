"""Modal for adding or editing a task: title, due date, description."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from fstui.text import inert_line, literal, safe_input_value
from fstui.text.inert import TITLE_MAX
from fstui.ui.context import now_of


@dataclass(frozen=True)
class TaskInput:
    title: str
    due: datetime | None
    description: str


def parse_due(raw: str) -> datetime | None:
    """'' -> no due date; 'YYYY-MM-DD' -> that day at 17:00 UTC (end of a working day)."""
    text = raw.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2024-05-31") from None
    return datetime.combine(day, time(17, 0), tzinfo=UTC)


class TaskForm(ModalScreen[TaskInput | None]):
    """Title, due date, description; Enter moves on and saves from the last field."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="ticket.task_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="ticket.task_form.save"),
        # Priority: the app runs it as the key arrives, so the focus has moved before the keys
        # typed behind Enter are handed out (an Input's Submitted came too late for a fast
        # typist, whose next letters landed in the field just left; issue #18 item 10).
        Binding("enter", "next_or_save", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    TaskForm { align: center middle; }
    TaskForm > Vertical {
        width: 64; max-width: 95%; height: auto; border: round $accent;
        background: $panel; padding: 0 1;
    }
    TaskForm .form-error { color: $error; height: auto; }
    TaskForm .form-hint { color: $text-muted; }
    """

    def __init__(
        self, title: str, *, task_title: str = "", due: str = "", description: str = ""
    ) -> None:
        super().__init__()
        self._title = title
        self._task_title = task_title
        self._due = due
        self._description = description

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Label("Title")
            yield Input(
                safe_input_value(self._task_title), placeholder="what needs doing", id="task-title"
            )
            yield Label("Due (YYYY-MM-DD, optional)")
            yield Input(self._due, placeholder="2024-05-31", id="task-due")
            yield Label("Description (optional)")
            yield Input(safe_input_value(self._description), id="task-description")
            yield Static("", classes="form-error")
            yield Static("enter next/save · ctrl+s save · esc cancel", classes="form-hint")

    def on_mount(self) -> None:
        # The example date is a week from today: a past one read as a suggestion to backdate.
        example = (now_of(self.app) + timedelta(days=7)).date().isoformat()
        self.query_one("#task-due", Input).placeholder = example
        self.query_one("#task-title", Input).focus()

    def action_next_or_save(self) -> None:
        """Enter: on to the next field at once (`set_focus`, not the deferred `focus()`), and
        save from the last one."""
        order = ["task-title", "task-due", "task-description"]
        current = self.focused.id if self.focused is not None else None
        if current in order[:-1]:
            self.set_focus(self.query_one(f"#{order[order.index(current) + 1]}", Input))
        else:
            self.action_save()

    def action_save(self) -> None:
        error = self.query_one(".form-error", Static)
        title = self.query_one("#task-title", Input).value.strip()
        if not title:
            error.update("A task needs a title.")
            self.set_focus(self.query_one("#task-title", Input))
            return
        try:
            due = parse_due(self.query_one("#task-due", Input).value)
        except ValueError as exc:
            error.update(literal(str(exc)))
            self.set_focus(self.query_one("#task-due", Input))
            return
        description = self.query_one("#task-description", Input).value.strip()
        self.dismiss(TaskInput(title=title, due=due, description=description))

    def action_cancel(self) -> None:
        self.dismiss(None)
