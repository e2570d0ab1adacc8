"""A child ticket's subject and description, prefilled from the parent.

A minimal form of its own: the full new-ticket form (fstui/ui/screens/new_ticket.py) does not
take a parent or prefill yet. A child inherits everything else from its parent (requester,
priority, group, category), so the agent writes only what this piece of work is. The caller
builds the create body and sends it through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from fstui.text import inert_line, literal, safe_input_value, safe_textarea_value
from fstui.text.inert import TITLE_MAX

__all__ = ["ChildTicketForm", "ChildTicketInput"]


@dataclass(frozen=True)
class ChildTicketInput:
    subject: str
    description: str


class ChildTicketForm(ModalScreen[ChildTicketInput | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="child_form.cancel"),
        Binding("ctrl+s", "save", "Create", id="child_form.save", priority=True),
    ]
    DEFAULT_CSS = """
    ChildTicketForm { align: center middle; }
    ChildTicketForm > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 95%; border: round $accent;
        background: $panel; padding: 0 1;
    }
    ChildTicketForm TextArea { height: 8; }
    ChildTicketForm .form-error { color: $error; height: auto; }
    ChildTicketForm .form-hint { color: $text-muted; }
    """

    def __init__(self, title: str, *, subject: str, description: str, inherits: str) -> None:
        super().__init__()
        self._title = title
        self._subject = subject
        self._description = description
        self._inherits = inherits

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Label("Subject")
            yield Input(safe_input_value(self._subject), id="child-subject")
            yield Label("Description")
            yield TextArea(
                safe_textarea_value(self._description), id="child-description", soft_wrap=True
            )
            yield Static(literal(self._inherits), classes="form-hint")
            yield Static("", classes="form-error")
            yield Static("ctrl+s create · esc cancel", classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#child-subject", Input).focus()

    @on(Input.Submitted, "#child-subject")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#child-description", TextArea).focus()

    def action_save(self) -> None:
        error = self.query_one(".form-error", Static)
        subject = self.query_one("#child-subject", Input).value.strip()
        description = self.query_one("#child-description", TextArea).text.strip()
        if not subject:
            error.update("A child ticket needs a subject.")
            self.query_one("#child-subject", Input).focus()
            return
        if not description:
            error.update("Say what this child ticket is for (a description).")
            self.query_one("#child-description", TextArea).focus()
            return
        self.dismiss(ChildTicketInput(subject=subject, description=description))

    def action_cancel(self) -> None:
        self.dismiss(None)
