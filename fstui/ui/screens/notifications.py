"""The in-app notification list: everything fstui told, also what quiet hours kept silent.

A modal over whatever screen is up, so checking it never loses the agent's place. `enter` asks
the app to open the ticket (an `OpenTicket` message: this screen knows no other screen and not
the app). The list comes from the store's `Notifier.recent()`; unread ones (newer than
`seen_at`) are marked. Every piece of text is drawn literally: a subject can never style the
list, and it was sanitised when the notification was made.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fstui.store.notifications import Kind, Notification
from fstui.text import one_line, relative_time
from fstui.ui.messages import OpenTicket

__all__ = ["NotificationsScreen"]

_LABELS = {
    Kind.ASSIGNED: ("assigned", "bold"),
    Kind.GROUP: ("group", ""),
    Kind.REPLY: ("reply", "bold"),
    Kind.FIRST_RESPONSE_DUE: ("due", "bold red"),
    Kind.RESOLUTION_DUE: ("due", "bold red"),
    Kind.APPROVAL: ("approval", "bold"),
}


class NotificationsScreen(ModalScreen[int | None]):
    """Newest first; `enter` opens the ticket, `esc`/`q`/`n` close. Dismisses with the ticket id
    opened (or None), for a caller that prefers the result to the message."""

    BINDINGS = [
        Binding("escape,q,n", "close", "Close", id="notifications.close"),
        Binding("enter", "open", "Open ticket", id="notifications.open", priority=True),
        Binding("j", "cursor_down", "Down", show=False, id="movement.notify_down"),
        Binding("k", "cursor_up", "Up", show=False, id="movement.notify_up"),
    ]
    DEFAULT_CSS = """
    NotificationsScreen { align: center middle; }
    NotificationsScreen > Vertical {
        width: 90; max-width: 96%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    NotificationsScreen OptionList, NotificationsScreen OptionList:focus {
        height: auto; max-height: 30; border: none; padding: 0;
    }
    NotificationsScreen #notifications-empty { padding: 1 0; }
    NotificationsScreen #notifications-hint { color: $text-muted; }
    """

    def __init__(
        self,
        notifications: Sequence[Notification],
        *,
        seen_at: float | None = None,
        now: datetime | None = None,
    ) -> None:
        super().__init__()
        self._items = list(notifications)
        self._seen_at = seen_at
        self._now = now

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            unread = sum(1 for n in self._items if self._is_unread(n))
            box.border_title = f"Notifications ({unread} new)" if unread else "Notifications"
            if not self._items:
                yield Static(
                    Text(
                        "Nothing yet. fstui tells you here (and with the bell) when a ticket is "
                        "assigned to you or your groups, a requester replies, a deadline is "
                        "near, or an approval waits for you."
                    ),
                    id="notifications-empty",
                )
            else:
                yield OptionList(*[self._option(i, n) for i, n in enumerate(self._items)])
            yield Static(Text("enter open  esc close"), id="notifications-hint")

    def _is_unread(self, notification: Notification) -> bool:
        return self._seen_at is None or notification.at > self._seen_at

    def _option(self, index: int, notification: Notification) -> Option:
        now = self._now or datetime.now(UTC)
        label, style = _LABELS.get(notification.kind, (notification.kind.value, ""))
        when = relative_time(datetime.fromtimestamp(notification.at, UTC), now)
        # Two lines, each cut with an ellipsis rather than wrapped, so rows keep their shape.
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("● " if self._is_unread(notification) else "  ", style="bold")
        line.append(f"{label:<9}", style=style)
        line.append(f"{when:>8}  ", style="dim")
        line.append(one_line(notification.title, 80))
        if notification.quiet:
            line.append("  (quiet hours)", style="dim italic")
        line.append("\n" + " " * 21)
        line.append(one_line(notification.body, 200) or " ", style="dim")
        return Option(line, id=f"n{index}")

    def _selected(self) -> Notification | None:
        lists = self.query(OptionList)
        if not lists:
            return None
        index = lists.first().highlighted
        return self._items[index] if index is not None else None

    def action_open(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.ticket_id is None:
            self.app.bell()
            return
        self.app.post_message(OpenTicket(chosen.ticket_id))
        self.dismiss(chosen.ticket_id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        for option_list in self.query(OptionList):
            option_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        for option_list in self.query(OptionList):
            option_list.action_cursor_up()
