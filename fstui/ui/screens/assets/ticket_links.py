"""The asset detail's links to tickets: `l` links one more, `u` unlinks the one under the cursor.

A room of its own so the detail shell only lays out and loads. The ticket is asked for in the
shared prompt with a check before it closes: a ticket the mirror or cache knows costs
nothing; any other is read once, and a number the account has no ticket for stays in the dialog
with the reason. The writes go through the store (and its outbox); the shell runs them in its
write worker, so a refusal reaches the UI's one worker-error handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text

from fstui.api import AssetRequest, NotFound
from fstui.store.assets import ticket_number
from fstui.text import one_line
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.modals.prompt import ticket_number as typed_number

if TYPE_CHECKING:
    from textual.app import App

    from fstui.store.store import Store

__all__ = ["Shell", "TicketLinks"]


class Shell(Protocol):
    """What the links need of the asset detail (kept small so this room stands alone)."""

    display_id: int

    @property
    def app(self) -> App[Any]: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> None:
        """A toast."""

    def status(self, message: str, *, error: bool = False) -> None:
        """A line in the detail's status bar."""

    def current_request(self) -> AssetRequest | None:
        """The linked request under the cursor."""

    def run_link(self, ticket_id: int, *, link: bool) -> object:
        """Start the shell's write worker on `TicketLinks.link` or `TicketLinks.unlink`."""

    async def reload_requests(self) -> None:
        """Read the linked requests again (the write changed them)."""


class TicketLinks:
    """The questions before a link write, the write, and what the agent is told after."""

    def __init__(self, shell: Shell, store: Store) -> None:
        self.shell = shell
        self.store = store

    # linking ------------------------------------------------------------------------------
    def ask_link(self) -> None:
        """The shared prompt with a check: a typo (`12a4`) or a ticket the account does not
        have stays in the line with the reason, instead of closing to start over."""

        def chosen(answer: str | None) -> None:
            ticket_id = typed_number(answer)
            if ticket_id is not None:
                self.shell.run_link(ticket_id, link=True)

        prompt = PromptScreen(
            "Link to ticket",
            f"Link asset #{self.shell.display_id} to which ticket?",
            placeholder="ticket number, e.g. 1234",
            verb="link",
            check=self.answer_problem,
        )
        self.shell.app.push_screen(prompt, chosen)

    async def answer_problem(self, answer: str) -> str | None:
        ticket_id = typed_number(answer)
        if ticket_id is None:
            return f"{one_line(answer, 30)} is not a ticket number: type its number, e.g. 1234"
        return await self.ticket_problem(ticket_id)

    async def ticket_problem(self, ticket_id: int) -> str | None:
        """Why this ticket cannot be linked, or None. Only "no such ticket" keeps the dialog
        open: any other failure (offline, say) is left to the write, which the outbox queues."""
        if self.store.peek_ticket(ticket_id) is not None:
            return None
        try:
            await self.store.assets.linked_ids(ticket_id)
        except NotFound:
            return f"There is no ticket #{ticket_id}: check the number."
        except Exception:
            return None
        return None

    async def link(self, ticket_id: int) -> None:
        shell = self.shell
        shell.status(f"linking to ticket #{ticket_id}…")
        if await self.store.assets.link(ticket_id, shell.display_id):
            shell.status(f"Linked to ticket #{ticket_id}.")
        else:
            shell.status(f"Ticket #{ticket_id} was already linked.")
        await shell.reload_requests()

    # unlinking ----------------------------------------------------------------------------
    def ask_unlink(self) -> None:
        shell = self.shell
        request = shell.current_request()
        number = ticket_number(request) if request is not None else None
        if number is None:
            shell.notify("Put the cursor on a linked ticket to unlink it.", severity="warning")
            return
        body = Text()
        body.append(f"Unlink asset #{shell.display_id} from ticket #{number}?\n", style="bold")
        body.append(one_line(request.request_details if request else ""))

        def confirmed(yes: bool | None) -> None:
            if yes:
                shell.run_link(number, link=False)

        shell.app.push_screen(ConfirmScreen("Unlink asset", body), confirmed)

    async def unlink(self, ticket_id: int) -> None:
        shell = self.shell
        shell.status(f"unlinking from ticket #{ticket_id}…")
        if await self.store.assets.unlink(ticket_id, shell.display_id):
            shell.status(f"Unlinked from ticket #{ticket_id}.")
        else:
            shell.status(f"Ticket #{ticket_id} was not linked.")
        await shell.reload_requests()
