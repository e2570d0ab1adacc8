"""Asks for a ticket number (for linking an asset); digits only, enter to accept."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TicketNumberScreen(ModalScreen[int | None]):
    """Dismisses with the ticket number, or None on escape / an empty answer."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ticket_prompt.cancel")]
    DEFAULT_CSS = """
    TicketNumberScreen { align: center middle; }
    TicketNumberScreen > Vertical {
        width: 50; max-width: 95%; height: auto;
        border: round $primary; background: $panel; padding: 0 1;
    }
    TicketNumberScreen .prompt-keys { color: $text-muted; }
    """

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self._title = title
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Static(Text(self._question))
            yield Input(placeholder="ticket number, e.g. 1234", type="integer", id="ticket-number")
            yield Static(Text("enter: link    esc: cancel"), classes="prompt-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().lstrip("#")
        self.dismiss(int(text) if text.isdigit() and int(text) > 0 else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
