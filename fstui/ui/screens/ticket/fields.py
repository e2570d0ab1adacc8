"""Property edits: status, priority, urgency, impact, agent, group, category, "take it".

Each edit goes through the outbox with a conflict check: when someone else changed the ticket
since it was read, the agent sees what changed and chooses. The keys stay on the shell (they work
from every tab); the shell runs these coroutines in its write workers, so a failure reaches the
UI's one worker-error handler. After a delivered edit the shell's triage may move on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from fstui.api import Ticket
from fstui.store.labels import OPEN_STATUS
from fstui.store.outbox import Outcome, SubmitResult
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.ticket.categories import category_choices, path_of
from fstui.ui.screens.ticket.choices import PROPERTIES, field_value, property_choices
from fstui.ui.screens.ticket.conflict import conflict_text
from fstui.ui.screens.ticket.context import TicketContext

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["PropertyEdits", "Shell"]


class Shell(Protocol):
    """What the edits need of the ticket shell (kept small so this room stands alone)."""

    context: TicketContext

    @property
    def app(self) -> App[Any]: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> None:
        """A toast."""

    def status_error(self, message: str) -> None:
        """The message in the status line, in red, and as a toast."""

    def load(self, force: bool) -> object:
        """Read the ticket again and redraw it."""

    def redraw(self) -> object:
        """Redraw header and thread from `context.ticket` (replacing any load under way)."""

    def left_queue(self, ticket_id: int) -> bool:
        """Does the queue the ticket came from no longer hold it?"""

    async def move_on(self, ticket_id: int) -> None:
        """Triage: show the queue's next ticket in place of one that left it."""


class PropertyEdits:
    """The property pickers and the save that every one of them ends in."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell

    @property
    def context(self) -> TicketContext:
        return self.shell.context

    async def pick(self, name: str) -> None:
        context = self.context
        ticket = context.ticket
        if ticket is None:
            self.shell.notify("The ticket is still loading.", timeout=2)
            return
        if name in ("agent", "group") and not context.labels.agents:
            await context.fresh_labels()
        spec = PROPERTIES[name]
        choices = property_choices(name, ticket, context.labels)
        picked = await self.shell.app.push_screen_wait(
            PickerScreen(f"{spec.title} of #{ticket.id}", choices)
        )
        if picked is None:
            return
        value = field_value(picked)
        if getattr(ticket, spec.field, None) == value:
            return
        summary = f"{spec.title} → {context.labels.value(spec.field, value)}"
        await self.save({spec.field: value}, summary)

    async def category(self) -> None:
        ticket = self.context.ticket
        if ticket is None:
            self.shell.notify("The ticket is still loading.", timeout=2)
            return
        reference = await self.context.store.reference()
        if not reference.categories:
            self.shell.notify("This account defines no categories.", timeout=3)
            return
        choices = category_choices(reference.categories, ticket)
        picker = PickerScreen(f"Category of #{ticket.id}", choices)
        picked = await self.shell.app.push_screen_wait(picker)
        if picked is None or picked == path_of(ticket):
            return
        await self.save(picked.fields(), f"Category → {picked.label}")

    async def take(self) -> None:
        """Assign to me and set Open (one write)."""
        context = self.context
        ticket = context.ticket
        if ticket is None:
            return
        if context.labels.me_agent_id is None:
            await context.fresh_labels()
        me = context.labels.me_agent_id
        if me is None:
            self.shell.status_error("Could not find your agent record; cannot assign to you.")
            return
        fields: dict[str, Any] = {"responder_id": me}
        if ticket.status != OPEN_STATUS:
            fields["status"] = OPEN_STATUS
        if ticket.responder_id == me and "status" not in fields:
            self.shell.notify("Already yours and open.", timeout=2)
            return
        await self.save(fields, "assign to me and set Open")

    async def save(self, fields: dict[str, Any], summary: str) -> None:
        context = self.context
        ticket = context.ticket
        if ticket is None:
            return
        writes = context.writes
        result = await writes.update_ticket(ticket, fields)
        if result.outcome is Outcome.CONFLICT:
            ask = ConfirmScreen(
                "Ticket changed meanwhile",
                conflict_text(result.changed_fields, context.labels, summary=summary),
            )
            if await self.shell.app.push_screen_wait(ask):
                result = await writes.override(result.write.idempotency_token)
            else:
                writes.drop(result.write.idempotency_token)
                self.shell.notify("Not saved; showing the ticket as it is now.", timeout=4)
                context.store.invalidate_ticket(ticket.id or context.ticket_id)
                self.shell.load(True)
                return
        ticket_id = ticket.id or context.ticket_id
        if result.delivered and self.shell.left_queue(ticket_id):
            self.shell.notify(f"Saved: {summary}", timeout=3)
            await self.shell.move_on(ticket_id)
            return
        self._after_update(result, summary)

    def _after_update(self, result: SubmitResult, summary: str) -> None:
        context = self.context
        if result.outcome is Outcome.REJECTED:
            context.writes.drop(result.write.idempotency_token)
            self.shell.status_error(f"Not saved: {result.error or result.message}")
            self.shell.load(True)
            return
        if not result.delivered:
            self.shell.notify(f"{summary}: {result.message}", severity="warning", timeout=6)
            return
        self.shell.notify(f"Saved: {summary}", timeout=3)
        response = result.response
        if isinstance(response, Ticket) and context.ticket is not None:
            merged = response.model_copy(update={"conversations": context.ticket.conversations})
            if merged.requester is None:
                merged = merged.model_copy(update={"requester": context.ticket.requester})
            context.ticket = merged
            self.shell.redraw()
        else:
            self.shell.load(True)
