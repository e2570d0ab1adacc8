"""The ticket detail screen (header, thread, reply/note, properties, time, tasks, activity)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fstui.ui.screens.ticket.screen import TicketScreen

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["TicketScreen", "ticket_screen_for"]


def ticket_screen_for(
    session: Session,
    ticket_id: int,
    queue_ids: list[int] | None,
    *,
    queue_name: str | None = None,
) -> TicketScreen:
    """The screen that shows `ticket_id`: the one seam the app opens tickets through, so how a
    ticket screen is made (new, or kept and switched) is the ticket package's business."""
    return TicketScreen(session, ticket_id, queue_ids, queue_name=queue_name)
