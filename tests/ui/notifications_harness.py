"""A bare app that shows the notification list, with fixed data and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.widgets import Static

from fstui.store.notifications import Kind, Notification
from fstui.ui.messages import OpenTicket
from fstui.ui.screens.notifications import NotificationsScreen

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
T = NOW.timestamp()


def sample() -> list[Notification]:
    return [
        Notification("a:1", Kind.ASSIGNED, 101, "#101 assigned to you", "VPN drops hourly", T - 60),
        Notification("f:2", Kind.FIRST_RESPONSE_DUE, 102, "#102: first response due in 9 min",
                     "[bold red]Printer[/] on floor 3 jams", T - 300),
        Notification("r:3", Kind.REPLY, 103, "#103: the requester replied", "Laptop won't boot",
                     T - 3600, quiet=True),
        Notification("g:4", Kind.GROUP, 104, "#104 new in your group", "New starter: accounts",
                     T - 7200),
        Notification("p:5", Kind.APPROVAL, None, "Approval waiting for you",
                     "requested by Ronald Weasley", T - 86400),
    ]  # fmt: skip


class NotificationsHost(App[None]):
    """Pushes the list on start and records what the list asked the app to open."""

    def __init__(self, items: list[Notification], *, seen_at: float | None = None) -> None:
        super().__init__()
        self.items = items
        self.seen_at = seen_at
        self.opened: list[int] = []
        self.result: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Static("queue underneath")

    def on_mount(self) -> None:
        screen = NotificationsScreen(self.items, seen_at=self.seen_at, now=NOW)
        self.push_screen(screen, self.result.append)

    def on_open_ticket(self, message: OpenTicket) -> None:
        self.opened.append(message.ticket_id)
