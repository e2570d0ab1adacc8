"""The ticket detail screen (header, thread, reply/note, properties, time, tasks, activity)."""

from fstui.ui.screens.ticket.screen import TicketScreen

__all__ = ["TicketScreen"]
