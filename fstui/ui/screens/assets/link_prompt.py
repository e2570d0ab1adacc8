"""Which ticket an asset is linked to: a dialog that keeps a wrong answer, with the reason.

Why not the plain one-line prompt: it closes on any answer, so a typo (`12a4`) or a ticket that
does not exist sent the agent back to the detail to start over. Here the answer is checked
before the dialog closes (a number; a ticket the account has) and a wrong one stays in the
line to be corrected, the reason under it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from fstui.text import one_line
from fstui.ui.modals.prompt import ticket_number

__all__ = ["LinkTicketPrompt"]

TicketCheck = Callable[[int], Awaitable[str | None]]
"""What is wrong with linking to this ticket (None: nothing; the dialog closes with it)."""


class LinkTicketPrompt(ModalScreen[int | None]):
    """Dismisses with the ticket number once it checks out, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="asset.link.cancel")]
    DEFAULT_CSS = """
    LinkTicketPrompt { align: center middle; }
    LinkTicketPrompt > Vertical {
        width: 56; max-width: 95%; height: auto;
        border: round $primary; background: $panel; padding: 0 1;
    }
    LinkTicketPrompt #link-error { height: auto; color: $error; }
    LinkTicketPrompt .prompt-keys { color: $text-muted; }
    """

    def __init__(self, display_id: int, check: TicketCheck) -> None:
        super().__init__()
        self.display_id = display_id
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("Link to ticket")
            yield Static(Text(f"Link asset #{self.display_id} to which ticket?"))
            yield Input(placeholder="ticket number, e.g. 1234", id="link-ticket")
            yield Static("", id="link-error")
            yield Static(Text("enter: link    esc: cancel"), classes="prompt-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def error_text(self) -> str:
        """The reason shown under the line ("" when there is none)."""
        return str(self.query_one("#link-error", Static).render())

    def _say(self, words: str, style: str = "") -> None:
        self.query_one("#link-error", Static).update(Text(words, style=style))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        ticket_id = ticket_number(text)
        if ticket_id is None:
            self._say(f"{one_line(text, 30)} is not a ticket number: type its number, e.g. 1234")
            return
        self._say("checking…", "dim")
        self._check_then_close(ticket_id)

    @work(exclusive=True, group="asset-link-check", exit_on_error=False)
    async def _check_then_close(self, ticket_id: int) -> None:
        problem = await self._check(ticket_id)
        if problem:
            self._say(problem)
            return
        self.dismiss(ticket_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
