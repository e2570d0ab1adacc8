"""Modal for logging or editing time: hh:mm, a note, billable."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from fstui.text import hhmm, inert_line, literal, parse_hhmm, safe_input_value
from fstui.text.inert import TITLE_MAX


@dataclass(frozen=True)
class TimeEntryInput:
    minutes: int
    note: str
    billable: bool

    @property
    def time_spent(self) -> str:
        return hhmm(self.minutes)


class TimeEntryForm(ModalScreen[TimeEntryInput | None]):
    """Enter moves on and saves from the note (or ctrl+s anywhere); a bad duration is
    explained as the agent leaves the field, not only when saving (issue #18 item 10)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="ticket.time_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="ticket.time_form.save"),
        # Priority: run as the key arrives, so the keys typed behind Enter reach the next field
        # (an Input's Submitted moved the focus after them; issue #18 item 10).
        Binding("enter", "next_or_save", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    TimeEntryForm { align: center middle; }
    TimeEntryForm > Vertical {
        width: 60; max-width: 95%; height: auto; border: round $accent;
        background: $panel; padding: 0 1;
    }
    TimeEntryForm .form-error { color: $error; height: auto; }
    TimeEntryForm .form-hint { color: $text-muted; }
    """

    def __init__(
        self, title: str, *, time_spent: str = "", note: str = "", billable: bool = True
    ) -> None:
        super().__init__()
        self._title = title
        self._time = time_spent
        self._note = note
        self._billable = billable
        self._enter_left_time = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Label("Time spent (hh:mm)")
            yield Input(self._time, placeholder="00:30", id="time-spent")
            yield Label("Note")
            yield Input(safe_input_value(self._note), placeholder="what was done", id="time-note")
            yield Checkbox("Billable", self._billable, id="time-billable")
            yield Static("", classes="form-error")
            yield Static("enter next/save · ctrl+s save · esc cancel", classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#time-spent", Input).focus()

    def _minutes(self) -> int | None:
        """The duration typed, or None with the reason shown under the form."""
        error = self.query_one(".form-error", Static)
        try:
            minutes = parse_hhmm(self.query_one("#time-spent", Input).value)
        except ValueError as exc:
            error.update(literal(str(exc)))
            return None
        error.update("")
        return minutes

    @on(Input.Blurred, "#time-spent")
    def _left_time(self) -> None:
        """The duration is checked once the field has taken every key typed into it; left by
        Enter with a bad one, the focus comes back to it to be fixed."""
        back, self._enter_left_time = self._enter_left_time, False
        if self._minutes() is None and back:
            field = self.query_one("#time-spent", Input)
            self.set_focus(field)
            field.call_later(field.action_end)  # after its focus selected all: keep the text

    def action_next_or_save(self) -> None:
        """Enter: from the duration on to the note at once (the keys typed behind Enter may
        still be on their way to the duration, so `_left_time` checks it); on the note, save;
        on the billable box, toggle it as Enter on a checkbox does."""
        focused = self.focused
        if isinstance(focused, Checkbox):
            focused.toggle()
        elif focused is None or focused.id != "time-spent":
            self.action_save()
        else:
            self._enter_left_time = True
            self.set_focus(self.query_one("#time-note", Input))

    def action_save(self) -> None:
        minutes = self._minutes()
        if minutes is None:
            self.set_focus(self.query_one("#time-spent", Input))
            return
        self.dismiss(
            TimeEntryInput(
                minutes=minutes,
                note=self.query_one("#time-note", Input).value.strip(),
                billable=self.query_one("#time-billable", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
