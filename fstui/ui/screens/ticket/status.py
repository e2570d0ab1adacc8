"""The ticket screen's status line: what the agent should know about the ticket on show.

One line under the tabs: where the ticket sits in its queue, drafts kept, a running timer, a wait
for API budget, how old the shown copy is (or that it is the offline copy), then the last note;
an error replaces all of it in red until the next redraw.
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

    def show(
        self, context: TicketContext, *, age: str = "", offline: str = "", note: str = ""
    ) -> None:
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
            text.append(offline + "  ", style="bold yellow")
        if age:
            text.append(age + "  ", style="dim")
        if note:
            text.append_text(literal(note))
        self.update(text)

    def error(self, message: str) -> None:
        self.update(literal(message, "bold red"))
