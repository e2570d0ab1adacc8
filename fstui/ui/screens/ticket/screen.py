"""The ticket detail screen: the shell around the ticket's rooms.

The shell owns the layout, the load of the ticket itself (header and thread, the cached copy
when offline), the keys that work from every tab, and triage navigation (next/previous, moving
on once a ticket leaves its queue). The tab bar is tabs.py; each tab is a room with its loader,
keys, writes and errors: conversation.py (thread and composers), time.py, tasks.py, activity.py,
related.py, requested_items.py, approvals.py; the property edits are fields.py; the status line
is status.py.

Opened from a queue with what the cache knows (instant), then refreshed by one exclusive
worker. Tabs other than the conversation load only when first shown, so opening a ticket
cold costs at most the store's one `get_ticket?include=conversations`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from fstui.api import Ticket
from fstui.store.connectivity import is_connectivity_failure
from fstui.store.events import BudgetWaiting
from fstui.store.labels import Labels, labels_from
from fstui.text import one_line
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.screens.ticket.browser import open_url
from fstui.ui.screens.ticket.closing import ClosingEdits
from fstui.ui.screens.ticket.composer import Composer
from fstui.ui.screens.ticket.context import (
    ReloadTicket,
    StatusNote,
    TicketContext,
    age_words,
    is_current,
)
from fstui.ui.screens.ticket.conversation import ConversationTab
from fstui.ui.screens.ticket.fields import PropertyEdits
from fstui.ui.screens.ticket.fields_view import FieldsView
from fstui.ui.screens.ticket.header import TicketHeader
from fstui.ui.screens.ticket.status import TicketStatus
from fstui.ui.screens.ticket.tabs import TAB_IDS, TicketTabs
from fstui.ui.widgets.key_bar import KeyBar
from fstui.ui.widgets.movement import MOVEMENT_BINDINGS, MovementKeys

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["TAB_IDS", "TicketScreen"]

OFFLINE_NOTHING_CACHED = (
    "Offline, and this ticket has not been read on this machine yet: nothing to show. "
    "It loads by itself once the connection is back (F5 to try now)."
)


class TicketScreen(MovementKeys, WorkerErrors, Screen[None]):
    """One ticket; `queue_ids` (the queue it came from, in order) enables next/previous, and
    `queue_name` (that queue's name in the store) lets triage move on once a ticket leaves it."""

    CSS_PATH = str(Path(__file__).with_name("ticket.tcss"))
    AUTO_FOCUS = "#thread"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ticket.back"),
        Binding("r", "room('conversation', 'reply')", "Reply", id="ticket.reply"),
        Binding("m", "room('conversation', 'note')", "Note", id="ticket.note"),
        Binding("s", "edit('pick', 'status')", "Status", id="ticket.status"),
        Binding("P", "edit('pick', 'priority')", "Priority", id="ticket.priority", show=False),
        Binding("U", "edit('pick', 'urgency')", "Urgency", id="ticket.urgency", show=False),
        Binding("I", "edit('pick', 'impact')", "Impact", id="ticket.impact", show=False),
        Binding("A", "edit('pick', 'agent')", "Agent", id="ticket.agent"),
        Binding("G", "edit('pick', 'group')", "Group", id="ticket.group", show=False),
        Binding("T", "edit('take')", "Take it", id="ticket.take"),
        Binding(
            "c", "room('related', 'child_ticket')", "Child ticket", id="ticket.child", show=False
        ),
        Binding("C", "edit('category')", "Category", id="ticket.category", show=False),
        Binding("F", "fields_view", "Fields", id="ticket.fields", show=False),
        Binding(
            "a",
            "room('conversation', 'attachments')",
            "Attachments",
            id="ticket.attachments",
            show=False,
        ),
        Binding("right_square_bracket,n", "step(1)", "Next", id="ticket.next"),
        Binding("left_square_bracket,p", "step(-1)", "Prev", id="ticket.previous"),
        Binding("y", "copy_url", "Copy URL", id="ticket.copy_url", show=False),
        Binding("o", "open_in_browser", "Open in browser", id="ticket.browser", show=False),
        Binding(
            "R",
            "room('related', 'requester_assets')",
            "Requester's assets",
            id="ticket.requester_assets",
            show=False,
        ),
        Binding(
            "q", "room('conversation', 'toggle_quotes')", "Quotes", id="ticket.quotes", show=False
        ),
        Binding("f5,ctrl+r", "refresh", "Refresh", id="ticket.refresh", show=False),
        *MOVEMENT_BINDINGS,
        Binding("1", "tab(0)", "Conversation tab", id="ticket.tab.conversation", show=False),
        Binding("2", "tab(1)", "Time entries tab", id="ticket.tab.time", show=False),
        Binding("3", "tab(2)", "Tasks tab", id="ticket.tab.tasks", show=False),
        Binding("4", "tab(3)", "Activities tab", id="ticket.tab.activities", show=False),
        Binding("5", "tab(4)", "Related tab", id="ticket.tab.related", show=False),
        Binding("6", "tab(5)", "Requested items tab", id="ticket.tab.items", show=False),
        Binding("7", "tab(6)", "Approvals tab", id="ticket.tab.approvals", show=False),
    ]

    def __init__(
        self,
        session: Session,
        ticket_id: int,
        queue_ids: list[int] | None = None,
        queue_name: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.context = TicketContext(
            session=session,
            ticket_id=ticket_id,
            labels=labels_from(session.store.reference_snapshot()),
            queue_ids=list(queue_ids or []),
            queue_name=queue_name,
        )
        self.fields: PropertyEdits = ClosingEdits(self)  # asks closure fields first
        self._age = ""
        self._offline = False  # the cached copy stands in for a read that failed offline

    # What the tests and the rooms read: the context's view of the ticket on show.
    @property
    def ticket_id(self) -> int:
        return self.context.ticket_id

    @property
    def ticket(self) -> Ticket | None:
        return self.context.ticket

    @property
    def labels(self) -> Labels:
        return self.context.labels

    @property
    def queue_ids(self) -> list[int]:
        return self.context.queue_ids

    @property
    def queue_name(self) -> str | None:
        return self.context.queue_name

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TicketHeader(id="ticket-header")
        yield TicketTabs(self.context, id="ticket-tabs")
        yield TicketStatus("", id="ticket-status")
        yield KeyBar()

    @property
    def conversation(self) -> ConversationTab:
        return self.query_one(ConversationTab)

    @property
    def tabs(self) -> TicketTabs:
        return self.query_one(TicketTabs)

    def visible_composers(self) -> list[Composer]:
        """The open reply or note composer, if any (what the tests and the keys check)."""
        return self.conversation.visible_composers()

    def on_mount(self) -> None:
        self._show_cached()
        self.load(force=False)
        self._unlisten = [
            self.context.writes.add_listener(self._write_event),
            self.context.store.events.subscribe(self._store_event),
            self.session.connectivity.add_listener(self._connectivity_changed),
        ]

    def on_unmount(self) -> None:
        self.context.saver.flush()
        for unlisten in self._unlisten:
            unlisten()

    def _write_event(self, event: Any) -> None:
        """A write on this ticket was queued, delivered (maybe by the retry loop, minutes
        later) or held: the header shows it from the cache, where a delivery already landed."""
        if getattr(event, "ticket_id", None) == self.ticket_id and self.is_attached:
            cached = self.context.store.peek_ticket(self.ticket_id)
            if cached is not None:
                self.context.ticket = cached.value
            self.redraw()

    def _store_event(self, event: Any) -> None:
        """Waiting for API budget (or done waiting): the status line says so at once."""
        if isinstance(event, BudgetWaiting) and self.is_attached:
            self.update_status()

    # --- loading --------------------------------------------------------------------------

    def _show_cached(self) -> None:
        header = self.query_one(TicketHeader)
        cached = self.context.store.peek_ticket(self.ticket_id)
        if cached is None:
            header.update(Text(f"#{self.ticket_id}  loading…", style="bold"))
            return
        self.context.ticket = cached.value
        self._age = f"cached {age_words(cached.age_seconds)}" if cached.stale else ""
        header.show(cached.value, self.labels, now_of(self.app), age=self._age)
        self.update_status()

    @work(exclusive=True, group="ticket-load", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        try:
            if not context.labels.agents:
                await context.fresh_labels()
            cached = await self.context.store.ticket(ticket_id, force=force)
        except Exception as exc:
            # Offline, the cached copy stays readable (thread included) with a note until the
            # connection is back (`_connectivity_changed`), instead of a blank thread.
            offline = is_connectivity_failure(exc) or not self.session.connectivity.is_online
            if not offline or not is_current(context, ticket_id):
                raise
            if context.ticket is None:
                # Nothing cached to show: say so in the words of the situation (not "check the
                # domain in your config"); the connection coming back loads it by itself.
                self._offline = True
                self.status_error(OFFLINE_NOTHING_CACHED)
                return
            peek = context.store.peek_ticket(ticket_id)
            self._age = f"cached {age_words(peek.age_seconds)}" if peek is not None else ""
            self._offline = True
            await self._render_ticket()
            return
        if not is_current(context, ticket_id):
            return
        ticket = cached.value
        context.ticket = ticket
        self._age = "" if not cached.stale else f"cached {age_words(cached.age_seconds)}"
        self._offline = False
        await self._render_ticket()
        if ticket.requester is None and ticket.requester_id is not None:
            # Registers an unknown requester for the store's next batched lookup; fetching it
            # here would be a third credit on a cold open.
            self.context.store.names.requester(ticket.requester_id)

    def _connectivity_changed(self, state: object) -> None:
        """Offline: the status line says so at once. Back online: the ticket and the shown tab
        are read again, which clears the note, a stale error and the cached age without F5
        (issue #18 item 8)."""
        if not self.is_attached:
            return
        if self.session.connectivity.is_online:
            self.call_later(self.action_refresh, False)
        else:
            self.update_status()

    async def _render_ticket(self) -> None:
        if self.ticket is None:
            return
        pending = self.context.writes.pending_fields(self.ticket_id)
        self.query_one(TicketHeader).show(
            self.ticket, self.labels, now_of(self.app), age=self._age, pending=pending
        )
        await self.conversation.show_ticket()
        self.update_status()

    @work(group="ticket-load", exclusive=True)
    async def redraw(self) -> None:
        """Header and thread again from the ticket on show, replacing any load under way."""
        await self._render_ticket()

    def update_status(self) -> None:
        offline = self._offline or not self.session.connectivity.is_online
        self.query_one(TicketStatus).show(self.context, age=self._age, offline=offline)

    def status_error(self, message: str) -> None:
        self.query_one(TicketStatus).error(message)
        self.notify(message, severity="error", timeout=6)

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.status_error(message)

    @on(StatusNote)
    def _status_note(self, message: StatusNote) -> None:
        if message.error:
            self.status_error(message.error)
        else:
            self.update_status()

    @on(ReloadTicket)
    def _reload(self, message: ReloadTicket) -> None:
        if message.ticket_id is None or is_current(self.context, message.ticket_id):
            self.load(force=message.force)

    # --- keys that work from every tab ----------------------------------------------------

    def action_tab(self, index: int) -> None:
        self.tabs.show_index(index)

    async def action_room(self, tab: str, action: str) -> None:
        """A room's key bound here so it works from every tab (r, m, a, q, c, R): the room (a
        tab's id without `tab-`) runs its own action, showing its tab if that action needs to."""
        room = self.conversation if tab == "conversation" else self.tabs.rooms()[f"tab-{tab}"]
        await room.run_action(action)

    @work(group="ticket-write", exit_on_error=False)
    async def action_edit(self, edit: str, *args: str) -> None:
        """A property edit (fields.py: pick, category, take), from any tab, in the shell's
        write worker so a failure reaches the status line."""
        await getattr(self.fields, edit)(*args)

    def action_fields_view(self) -> None:
        """Every form field with its value, custom fields included (fields_view.py)."""
        if self.ticket is None:
            self.notify("The ticket is still loading.", timeout=2)
            return

        def closed(_: None) -> None:
            self.redraw()

        self.app.push_screen(FieldsView(self.fields), closed)

    # --- simple actions -------------------------------------------------------------------

    def action_back(self) -> None:
        self.context.saver.flush()
        if len(self.app.screen_stack) > 1:
            # The queue below puts its cursor on the ticket shown last (issue #18 item 16).
            hook = getattr(self.app.screen_stack[-2], "return_to_ticket", None)
            if callable(hook):
                hook(self.ticket_id)
            self.app.pop_screen()

    def action_copy_url(self) -> None:
        url = self.session.ticket_url(self.ticket_id)
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", timeout=3)

    @work(group="ticket-browser", exit_on_error=False)
    async def action_open_in_browser(self) -> None:
        opened = await open_url(self.session.ticket_url(self.ticket_id))
        if opened:
            self.notify(f"Opened #{self.ticket_id} in the browser.", timeout=3)
        else:
            where = "No browser here" if opened is None else "The browser did not open"
            self.notify(f"{where}; press y to copy the URL", timeout=5)

    def action_refresh(self, force: bool = True) -> None:
        """F5 (past the cache); also the connection coming back (cache first)."""
        self.load(force=force)
        self.tabs.load_shown(force=force)

    # --- triage: next/previous, and moving on once a ticket leaves the queue --------------

    async def action_step(self, step: int) -> None:
        if not self.queue_ids:
            self.notify("Opened outside a queue: no next/previous.", timeout=3)
            return
        index = self.queue_ids.index(self.ticket_id) if self.ticket_id in self.queue_ids else -1
        target = index + step
        if target < 0 or target >= len(self.queue_ids):
            self.notify("No more tickets in this queue.", timeout=3)
            return
        await self.switch_ticket(self.queue_ids[target])

    async def switch_ticket(self, ticket_id: int) -> None:
        """Show another ticket in place (triage without going back to the queue)."""
        self.context.saver.flush()
        conversation = self.conversation
        conversation.hide_composers()
        self.context.ticket_id = ticket_id
        self.context.ticket = None
        self.tabs.clear_rooms()
        await conversation.reset()
        self._show_cached()
        self.load(force=False)
        self.tabs.load_shown(force=False)

    def left_queue(self, ticket_id: int) -> bool:
        """Does the store's queue (which took the write's answer) no longer hold the ticket?"""
        if not self.queue_name or ticket_id not in self.queue_ids:
            return False
        try:
            rows = self.context.store.queue(self.queue_name).value
        except KeyError:
            return False
        return all(row.id != ticket_id for row in rows)

    async def move_on(self, ticket_id: int) -> None:
        index = self.queue_ids.index(ticket_id)
        self.queue_ids.remove(ticket_id)
        where = one_line(self.queue_name or "the queue", 40)
        if not self.queue_ids:
            self.notify(f"#{ticket_id} left {where}; no tickets left there.", timeout=5)
            self.load(force=False)
            return
        target = self.queue_ids[min(index, len(self.queue_ids) - 1)]
        self.notify(f"#{ticket_id} left {where}; on to #{target}.", timeout=5)
        await self.switch_ticket(target)
