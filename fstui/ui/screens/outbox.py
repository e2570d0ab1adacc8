"""The outbox: every write not delivered yet, why it waits, and what the agent can do about it.

Why a screen: "nothing lost" is only believable when the agent can see what is held. A write
queued offline goes by itself; one held for a conflict, an uncertain timer start or a refusal
waits for the agent. Here each one can be retried (`r`; a conflict is re-based on the ticket
as it is now), edited before it goes (`e`: a reply's or note's text, a change's values), dropped
(`d`, after a confirmation; a dropped reply's text becomes the draft again) or its ticket opened
(`enter`, an `OpenTicket` message: this screen knows no other screen and not the app).

Built only on the writes service (`fstui.store.writes.Writes`, or anything with the same
methods: `WritesView`); it redraws on the service's events, so a write the retry loop delivers
while the list is open leaves it at once. Values and messages are drawn literally.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from fstui.store.outbox import SubmitResult
from fstui.store.writes import WriteCounts, WriteEntry, WriteEvent
from fstui.text import inert_line, one_line, relative_time, safe_input_value, safe_textarea_value
from fstui.ui.messages import OpenTicket
from fstui.ui.modals.confirm import ConfirmScreen

__all__ = ["EditBodyScreen", "EditFieldsScreen", "OutboxScreen", "WritesView"]


class WritesView(Protocol):
    """What the outbox screen needs from the writes service."""

    def entries(self) -> list[WriteEntry]: ...

    def counts(self) -> WriteCounts: ...

    def add_listener(self, callback: Callable[[WriteEvent], None]) -> Callable[[], None]: ...

    async def retry(self, token: str) -> SubmitResult: ...

    def drop(self, token: str) -> bool: ...

    async def edit_body(self, token: str, body_html: str, *, text: str | None = None) -> bool: ...

    async def edit_value(self, token: str, name: str, value: Any) -> bool: ...


_STATE_LABEL = {
    "queued": ("queued", "bold"),
    "conflict": ("conflict", "bold yellow"),
    "uncertain": ("check", "bold yellow"),
    "rejected": ("refused", "bold red"),
}
ValueWords = Callable[[str, Any], str]


def _plain_value(_name: str, value: Any) -> str:
    return "none" if value is None else str(value)


def title_for(counts: WriteCounts) -> str:
    """`Outbox (2 queued, 1 needs you)`; the status bar can say the same."""
    if counts.total == 0:
        return "Outbox"
    parts = []
    if counts.queued:
        parts.append(f"{counts.queued} queued")
    if counts.attention:
        parts.append(f"{counts.attention} need{'s' if counts.attention == 1 else ''} you")
    return f"Outbox ({', '.join(parts)})"


class OutboxScreen(ModalScreen[None]):
    """Oldest first. `enter` opens the ticket, `r` retries, `e` edits, `d` drops, `esc` closes.

    `to_html` turns what the agent typed into the HTML a reply carries (the composer's own
    conversion); `describe` words a field's value (`priority`, 4 -> "Urgent") when given.
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="outbox.close"),
        Binding("enter,o", "open", "Open ticket", id="outbox.open", priority=True),
        Binding("r", "retry", "Retry now", id="outbox.retry"),
        Binding("e", "edit", "Edit", id="outbox.edit"),
        Binding("d,delete", "drop", "Drop", id="outbox.drop"),
        Binding("j", "cursor_down", "Down", show=False, id="movement.outbox_down"),
        Binding("k", "cursor_up", "Up", show=False, id="movement.outbox_up"),
    ]
    DEFAULT_CSS = """
    OutboxScreen { align: center middle; }
    OutboxScreen > Vertical {
        width: 110; max-width: 96%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    OutboxScreen OptionList, OutboxScreen OptionList:focus {
        height: auto; max-height: 30; border: none; padding: 0;
    }
    OutboxScreen #outbox-empty { padding: 1 0; }
    OutboxScreen #outbox-hint { color: $text-muted; }
    OutboxScreen #outbox-status { height: auto; }
    """

    def __init__(
        self,
        writes: WritesView,
        *,
        to_html: Callable[[str], str],
        describe: ValueWords | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self._writes = writes
        self._to_html = to_html
        self._describe = describe or _plain_value
        self._now = now or (lambda: datetime.now(UTC))
        self._entries: list[WriteEntry] = []
        self._unsubscribe: Callable[[], None] | None = None

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="outbox-box"):
            yield Static(id="outbox-empty")
            yield OptionList(id="outbox-list")
            yield Static(id="outbox-status")
            yield Static(
                Text("enter open  r retry now  e edit  d drop  esc close"), id="outbox-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#outbox-status", Static).display = False
        self._unsubscribe = self._writes.add_listener(self._on_event)
        self.reload()

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, _event: WriteEvent) -> None:
        # Called synchronously by the service; redraw once the current handler is done.
        self.call_later(self.reload)

    def reload(self) -> None:
        """Read the service again, keeping the cursor on the same write when it is still here."""
        options = self.query_one("#outbox-list", OptionList)
        keep = self.selected
        self._entries = self._writes.entries()
        box = self.query_one("#outbox-box", Vertical)
        box.border_title = title_for(self._writes.counts())
        empty = self.query_one("#outbox-empty", Static)
        empty.display = not self._entries
        options.display = bool(self._entries)
        empty.update(
            Text(
                "Nothing waiting: every write has been delivered. Writes made offline, or held "
                "for a conflict or a refusal, are listed here until they go."
            )
        )
        options.clear_options()
        options.add_options([self._option(e) for e in self._entries])
        if self._entries:
            tokens = [e.token for e in self._entries]
            index = tokens.index(keep.token) if keep is not None and keep.token in tokens else 0
            options.highlighted = index
            options.focus()

    def _summary(self, entry: WriteEntry) -> str:
        if entry.kind == "update_ticket":
            changes = ", ".join(
                f"{name} → {self._describe(name, value)}" for name, value in entry.payload.items()
            )
            return f"Change: {changes}"
        if entry.kind in ("reply", "note"):
            text = str(entry.payload.get("text") or entry.payload.get("body") or "")
            return f"{entry.summary}: {one_line(text, 60)}"
        return entry.summary

    def _option(self, entry: WriteEntry) -> Option:
        label, style = _STATE_LABEL[entry.state]
        when = relative_time(datetime.fromtimestamp(entry.created_at, UTC), self._now())
        # Each line cut to the room there is (an option list wraps what is longer), so every
        # write keeps its two-line shape at 80 columns.
        room = max(20, min(self.app.size.width - 8, 110) - 4)
        head = f"{label:<9}#{entry.ticket_id:<7} {when:>8}  "
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{label:<9}", style=style)
        line.append(f"#{entry.ticket_id:<7} ", style="bold")
        line.append(f"{when:>8}  ", style="dim")
        line.append(one_line(self._summary(entry), max(8, room - len(head))))
        line.append("\n" + " " * 9)
        detail = entry.message
        if entry.attempts and entry.state == "queued":  # how long a queued one has tried
            detail += f" · {entry.attempts} attempt{'s' if entry.attempts != 1 else ''}"
        line.append(one_line(detail, max(8, room - 9)), style="dim")
        return Option(line, id=f"w-{entry.token}")

    # -- reading the cursor -----------------------------------------------------------------

    @property
    def selected(self) -> WriteEntry | None:
        options = self.query(OptionList)
        if not options or not self._entries:
            return None
        index = options.first().highlighted
        if index is None or index >= len(self._entries):
            return None
        return self._entries[index]

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#outbox-status", Static)
        status.update(Text(one_line(message, 200), style="bold red" if error else ""))
        status.display = True

    # -- actions ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one("#outbox-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#outbox-list", OptionList).action_cursor_up()

    def action_open(self) -> None:
        entry = self.selected
        if entry is None:
            self.app.bell()
            return
        self.app.post_message(OpenTicket(entry.ticket_id))
        self.dismiss(None)

    def action_retry(self) -> None:
        entry = self.selected
        if entry is None:
            self.app.bell()
            return
        self._retry(entry)

    @work(group="outbox-write", exclusive=False)
    async def _retry(self, entry: WriteEntry) -> None:
        self._status(f"sending #{entry.ticket_id}: {one_line(entry.summary, 60)}…")
        try:
            result = await self._writes.retry(entry.token)
        except KeyError:
            self._status("That write is gone already (delivered or dropped).")
        except Exception as exc:  # the list stays usable whatever the retry ran into
            self._status(f"Retry failed: {one_line(str(exc), 120)}", error=True)
        else:
            if result.delivered:
                self._status(f"Delivered: #{entry.ticket_id} {one_line(entry.summary, 60)}")
            else:
                self._status(f"Still here: {result.message}", error=True)
        self.reload()

    def action_drop(self) -> None:
        entry = self.selected
        if entry is None:
            self.app.bell()
            return
        self._drop(entry)

    @work(group="outbox-write")
    async def _drop(self, entry: WriteEntry) -> None:
        body = Text()
        body.append(f"Drop this write to #{entry.ticket_id}? It will never be sent.\n\n")
        body.append(one_line(self._summary(entry), 200))
        if entry.kind in ("reply", "note"):
            body.append("\n\nIts text goes back to the ticket's draft.", style="dim")
        if not await self.app.push_screen_wait(ConfirmScreen("Drop write?", body)):
            return
        self._writes.drop(entry.token)
        self._status(f"Dropped: #{entry.ticket_id} {one_line(entry.summary, 60)}")
        self.reload()

    def action_edit(self) -> None:
        entry = self.selected
        if entry is None:
            self.app.bell()
            return
        if entry.editable is None:
            self._status(
                "This one cannot be edited: an earlier attempt may already be on the server."
                if entry.in_doubt
                else "Only replies, notes and ticket changes can be edited here.",
                error=True,
            )
            return
        self._edit(entry)

    @work(group="outbox-write")
    async def _edit(self, entry: WriteEntry) -> None:
        if entry.editable == "body":
            text = str(entry.payload.get("text") or entry.payload.get("body") or "")
            new_text = await self.app.push_screen_wait(EditBodyScreen(entry, text))
            if new_text is None or new_text == text:
                return
            ok = await self._writes.edit_body(entry.token, self._to_html(new_text), text=new_text)
        else:
            values = await self.app.push_screen_wait(EditFieldsScreen(entry))
            if values is None:
                return
            ok = True
            for name, value in values.items():
                if entry.payload.get(name) != value:
                    ok = await self._writes.edit_value(entry.token, name, value) and ok
        if ok:
            self._status(f"Edited: #{entry.ticket_id}; it goes with the new content.")
        else:
            self._status("Not edited: it was sent or started meanwhile.", error=True)
        self.reload()


class EditBodyScreen(ModalScreen[str | None]):
    """The queued reply's or note's text; ctrl+s keeps the edit, escape leaves it as it was."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="outbox.edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="outbox.edit.cancel"),
    ]
    DEFAULT_CSS = """
    EditBodyScreen { align: center middle; }
    EditBodyScreen > Vertical {
        width: 90; max-width: 96%; height: 20; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    EditBodyScreen TextArea { height: 1fr; }
    EditBodyScreen .edit-keys { color: $text-muted; }
    """

    def __init__(self, entry: WriteEntry, text: str) -> None:
        super().__init__()
        self._entry = entry
        self._text = text

    def compose(self) -> ComposeResult:
        what = "reply" if self._entry.kind == "reply" else "note"
        with Vertical() as box:
            box.border_title = f"Queued {what} on #{self._entry.ticket_id}"
            # A queued text may quote a canned response or an article: shown through the funnel.
            yield TextArea(safe_textarea_value(self._text), id="edit-body")
            yield Static(Text("ctrl+s save  esc cancel"), classes="edit-keys")

    def action_save(self) -> None:
        text = self.query_one("#edit-body", TextArea).text
        self.dismiss(text if text.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _shown(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


def _parsed(raw: str, before: Any) -> Any:
    """Back from the input: JSON for non-text values (numbers, null, lists), text stays text."""
    if isinstance(before, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class EditFieldsScreen(ModalScreen[Mapping[str, Any] | None]):
    """One input per field a queued change sets; enter on the last one (or ctrl+s) keeps it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="outbox.fields.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="outbox.fields.cancel"),
    ]
    DEFAULT_CSS = """
    EditFieldsScreen { align: center middle; }
    EditFieldsScreen > Vertical {
        width: 70; max-width: 96%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    EditFieldsScreen .edit-keys { color: $text-muted; }
    """

    def __init__(self, entry: WriteEntry) -> None:
        super().__init__()
        self._entry = entry
        self._names = list(entry.payload)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Queued change on #{self._entry.ticket_id}"
            for index, name in enumerate(self._names):
                yield Static(Text(inert_line(name, 100), style="bold"))
                shown = safe_input_value(_shown(self._entry.payload[name]))
                yield Input(shown, id=f"field-{index}")
            yield Static(Text("enter / ctrl+s save  esc cancel"), classes="edit-keys")

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = {
            name: _parsed(self.query_one(f"#field-{index}", Input).value, self._entry.payload[name])
            for index, name in enumerate(self._names)
        }
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
