"""The ticket screen's status line: what the agent should know about the ticket on show.

One line under the tabs: where the ticket sits in its queue, drafts kept, a running timer, a wait
for API budget, that the shown copy is the cached one because the link is down, and how old it
is; an error replaces all of it in red until the next redraw.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from fstui.store.drafts import DraftKey
from fstui.text import literal
from fstui.ui.screens.ticket.context import TicketContext

__all__ = ["TicketStatus"]


class TicketStatus(Static):
    """Drawn from the context on every redraw; holds nothing of its own but the words."""

    def show(self, context: TicketContext, *, age: str = "", offline: bool = False) -> None:
        ticket_id = context.ticket_id
        text = Text(no_wrap=True, overflow="ellipsis")
        if context.queue_ids and ticket_id in context.queue_ids:
            index = context.queue_ids.index(ticket_id)
            text.append(f"{index + 1}/{len(context.queue_ids)} in queue  ", style="bold")
        for kind in ("reply", "note"):
            if context.drafts.load(DraftKey(ticket_id, kind)) is not None:
                key = "r" if kind == "reply" else "m"
                text.append(f"draft {kind} kept ({key} to continue)  ", style="yellow")
        timer = context.writes.running_timer()
        if timer is not None:
            where = "here" if timer.ticket_id == ticket_id else f"on #{timer.ticket_id}"
            text.append(f"timer running {where}  ", style="green")
        waiting = context.store.events.waiting
        if waiting:
            text.append(waiting + "  ", style="bold yellow")
        if offline:
            text.append("Offline: read again once the connection is back  ", style="bold yellow")
        if age:
            text.append(age + "  ", style="dim")
        self.update(text)

    def error(self, message: str) -> None:
        self.update(literal(message, "bold red"))
