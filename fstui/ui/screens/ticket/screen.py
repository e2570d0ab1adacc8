"""The ticket detail screen: the shell around the ticket's rooms.

The shell owns the layout, the load of the ticket itself (header and thread), the status line
and triage navigation (next/previous, moving on once a ticket leaves its queue). Each tab is a
room with its loader, keys, writes and errors: conversation.py (thread and composers), time.py,
tasks.py, activity.py, related.py; the property edits are fields.py.

Opened from a queue with what the cache knows (instant), then refreshed by one exclusive
worker. Tabs other than the conversation load only when first shown, so opening a ticket
cold costs at most the store's one `get_ticket?include=conversations`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane
from textual.worker import Worker

from fstui.api import Ticket
from fstui.store.drafts import DraftKey
from fstui.store.events import BudgetWaiting
from fstui.store.labels import Labels, labels_from
from fstui.text import literal, one_line
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.messages import BrowseAssets
from fstui.ui.screens.ticket.activity import ActivitiesPane
from fstui.ui.screens.ticket.approvals import ApprovalsPane
from fstui.ui.screens.ticket.browser import open_url
from fstui.ui.screens.ticket.closing import ClosingEdits
from fstui.ui.screens.ticket.composer import ComposeKind, Composer
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
from fstui.ui.screens.ticket.related import RelatedPane
from fstui.ui.screens.ticket.requested_items import RequestedItemsPane
from fstui.ui.screens.ticket.tasks import TasksPane
from fstui.ui.screens.ticket.time import TimeEntriesPane
from fstui.ui.widgets.movement import MOVEMENT_BINDINGS, MovementKeys

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["TAB_IDS", "TicketScreen"]

TAB_IDS = (
    "tab-conversation",
    "tab-time",
    "tab-tasks",
    "tab-activities",
    "tab-related",
    "tab-items",
    "tab-approvals",
)

Pane = (
    TimeEntriesPane | TasksPane | ActivitiesPane | RelatedPane | RequestedItemsPane | ApprovalsPane
)


class TicketTabs(TabbedContent):
    """The ticket's tab bar and bodies: only a key, a click or the shell switches the tab.

    Textual's TabbedContent shows the pane of any widget that gains focus. When a tab is left,
    the table that had focus is hidden and Textual hands its focus to a sibling inside the same,
    now hidden, pane; that brought the old tab back, its focus request ran again, and two tabs
    took turns for as long as one watched (issue #18 item 1). Focus that lands in a pane which
    is not showing is reported instead (`StrayFocus`) so the shell can put it back.
    """

    class StrayFocus(Message):
        """Something in a hidden pane took focus; the shown tab keeps showing."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # not TabbedContent's handler: it would switch to that pane
        if event.tab_pane.id != self.active:
            self.post_message(self.StrayFocus())


class TicketScreen(MovementKeys, WorkerErrors, Screen[None]):
    """One ticket; `queue_ids` (the queue it came from, in order) enables next/previous, and
    `queue_name` (that queue's name in the store) lets triage move on once a ticket leaves it."""

    CSS_PATH = str(Path(__file__).with_name("ticket.tcss"))
    AUTO_FOCUS = "#thread"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ticket.back"),
        Binding("r", "reply", "Reply", id="ticket.reply"),
        Binding("m", "note", "Note", id="ticket.note"),
        Binding("s", "pick('status')", "Status", id="ticket.status"),
        Binding("P", "pick('priority')", "Priority", id="ticket.priority", show=False),
        Binding("U", "pick('urgency')", "Urgency", id="ticket.urgency", show=False),
        Binding("I", "pick('impact')", "Impact", id="ticket.impact", show=False),
        Binding("A", "pick('agent')", "Agent", id="ticket.agent"),
        Binding("G", "pick('group')", "Group", id="ticket.group", show=False),
        Binding("T", "take", "Take it", id="ticket.take"),
        Binding("c", "child_ticket", "Child ticket", id="ticket.child", show=False),
        Binding("C", "category", "Category", id="ticket.category", show=False),
        Binding("F", "fields_view", "Fields", id="ticket.fields", show=False),
        Binding("a", "attachments", "Attachments", id="ticket.attachments", show=False),
        Binding("right_square_bracket,n", "step(1)", "Next", id="ticket.next"),
        Binding("left_square_bracket,p", "step(-1)", "Prev", id="ticket.previous"),
        Binding("y", "copy_url", "Copy URL", id="ticket.copy_url", show=False),
        Binding("o", "open_in_browser", "Open in browser", id="ticket.browser", show=False),
        Binding(
            "R", "requester_assets", "Requester's assets", id="ticket.requester_assets", show=False
        ),
        Binding("q", "toggle_quotes", "Quotes", id="ticket.quotes", show=False),
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
        context = self.context
        yield TicketHeader(id="ticket-header")
        with TicketTabs(id="ticket-tabs"):
            yield ConversationTab(context, id="tab-conversation")
            with TabPane("Time", id="tab-time"):
                yield TimeEntriesPane(context, id="time-pane")
            with TabPane("Tasks", id="tab-tasks"):
                yield TasksPane(context, id="tasks-pane")
            with TabPane("Activity", id="tab-activities"):
                yield ActivitiesPane(context, id="activities-pane")
            with TabPane("Related", id="tab-related"):
                yield RelatedPane(context, id="related-pane")
            with TabPane("Items", id="tab-items"):
                yield RequestedItemsPane(context, id="items-pane")
            with TabPane("Approvals", id="tab-approvals"):
                yield ApprovalsPane(context, id="approvals-pane")
        yield Static("", id="ticket-status")
        yield Footer()

    def now(self) -> datetime:
        return now_of(self.app)

    @property
    def conversation(self) -> ConversationTab:
        return self.query_one(ConversationTab)

    def _panes(self) -> dict[str, Pane]:
        return {
            "tab-time": self.query_one(TimeEntriesPane),
            "tab-tasks": self.query_one(TasksPane),
            "tab-activities": self.query_one(ActivitiesPane),
            "tab-related": self.query_one(RelatedPane),
            "tab-items": self.query_one(RequestedItemsPane),
            "tab-approvals": self.query_one(ApprovalsPane),
        }

    def on_mount(self) -> None:
        self._show_cached()
        self.load(force=False)
        self._unlisten_writes = self.context.writes.add_listener(self._write_event)
        self._unlisten_store = self.context.store.events.subscribe(self._store_event)

    def on_unmount(self) -> None:
        self.context.saver.flush()
        self._unlisten_writes()
        self._unlisten_store()

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
        header.show(cached.value, self.labels, self.now(), age=self._age)
        self.update_status()

    @work(exclusive=True, group="ticket-load", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        if not context.labels.agents:
            await context.fresh_labels()
        cached = await self.context.store.ticket(ticket_id, force=force)
        if not is_current(context, ticket_id):
            return
        ticket = cached.value
        context.ticket = ticket
        self._age = "" if not cached.stale else f"cached {age_words(cached.age_seconds)}"
        await self._render_ticket()
        if ticket.requester is None and ticket.requester_id is not None:
            # Registers an unknown requester for the store's next batched lookup; fetching it
            # here would be a third credit on a cold open.
            self.context.store.names.requester(ticket.requester_id)

    async def _render_ticket(self) -> None:
        if self.ticket is None:
            return
        pending = self.context.writes.pending_fields(self.ticket_id)
        self.query_one(TicketHeader).show(
            self.ticket, self.labels, self.now(), age=self._age, pending=pending
        )
        await self.conversation.show_ticket()
        self.update_status()

    def redraw(self) -> object:
        return self.run_worker(self._render_ticket(), group="ticket-load", exclusive=True)

    def update_status(self, note: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.queue_ids and self.ticket_id in self.queue_ids:
            index = self.queue_ids.index(self.ticket_id)
            text.append(f"{index + 1}/{len(self.queue_ids)} in queue  ", style="bold")
        for kind in ("reply", "note"):
            draft = self.context.drafts.load(DraftKey(self.ticket_id, kind))
            if draft is not None:
                key = "r" if kind == "reply" else "m"
                text.append(f"draft {kind} kept ({key} to continue)  ", style="yellow")
        timer = self.context.writes.running_timer()
        if timer is not None:
            where = "here" if timer.ticket_id == self.ticket_id else f"on #{timer.ticket_id}"
            text.append(f"timer running {where}  ", style="green")
        waiting = self.context.store.events.waiting
        if waiting:
            text.append(waiting + "  ", style="bold yellow")
        if self._age:
            text.append(self._age + "  ", style="dim")
        if note:
            text.append_text(literal(note))
        self.query_one("#ticket-status", Static).update(text)

    def status_error(self, message: str) -> None:
        self.query_one("#ticket-status", Static).update(literal(message, "bold red"))
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

    # --- tabs -----------------------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#ticket-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        self._load_tab(pane_id, force=False, unless_loaded=True)
        self.call_after_refresh(self._focus_tab_content, pane_id)

    @on(TicketTabs.StrayFocus)
    def _focus_strayed(self, event: TicketTabs.StrayFocus) -> None:
        self._focus_tab_content(self.query_one(TabbedContent).active)

    def _load_tab(self, pane_id: str, *, force: bool, unless_loaded: bool = False) -> None:
        pane = self._panes().get(pane_id)
        if pane is None or (unless_loaded and pane.loaded):
            return
        if isinstance(pane, RelatedPane):
            pane.load()
        else:
            pane.load(force)

    def _focus_tab_content(self, pane_id: str) -> None:
        """Focus the shown tab's main widget; a request for a tab no longer shown is dropped
        (after a burst of digit keys only the last tab's request may act)."""
        if pane_id != self.query_one(TabbedContent).active:
            return
        if pane_id == "tab-conversation":
            if not self.visible_composers():
                self.conversation.thread.focus()
        elif pane_id in ("tab-time", "tab-tasks", "tab-items", "tab-approvals"):
            self._panes()[pane_id].query_one(DataTable).focus()
        elif pane_id == "tab-activities":
            self.query_one(ActivitiesPane).focus()
        elif pane_id == "tab-related":
            pane = self.query_one(RelatedPane)
            target = "#related-tickets" if pane.tickets or not pane.assets else "#related-assets"
            pane.query_one(target, DataTable).focus()

    def action_tab(self, index: int) -> None:
        self.query_one(TabbedContent).active = TAB_IDS[index]

    # --- the conversation room ------------------------------------------------------------

    async def action_reply(self) -> None:
        await self._open_composer("reply")

    async def action_note(self) -> None:
        await self._open_composer("note")

    async def _open_composer(self, kind: ComposeKind) -> None:
        self.query_one(TabbedContent).active = "tab-conversation"
        await self.conversation.open_composer(kind)

    def visible_composers(self) -> list[Composer]:
        return self.conversation.visible_composers()

    def action_toggle_quotes(self) -> None:
        shown = self.conversation.toggle_quotes()
        self.notify("Quoted history shown" if shown else "Quoted history hidden", timeout=2)

    # --- property edits (fields.py), from any tab -----------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_pick(self, name: str) -> None:
        await self.fields.pick(name)

    @work(group="ticket-write", exit_on_error=False)
    async def action_category(self) -> None:
        await self.fields.category()

    @work(group="ticket-write", exit_on_error=False)
    async def action_take(self) -> None:
        await self.fields.take()

    def action_fields_view(self) -> None:
        """Every form field with its value, custom fields included (fields_view.py)."""
        if self.ticket is None:
            self.notify("The ticket is still loading.", timeout=2)
            return

        def closed(_: None) -> None:
            self.redraw()

        self.app.push_screen(FieldsView(self.fields), closed)

    def action_attachments(self) -> None:
        """The thread's attachments: save, open or read one (attachments.py)."""
        self.query_one(TabbedContent).active = "tab-conversation"
        self.conversation.attachments()

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

    def action_child_ticket(self) -> None:
        """A child ticket under this one (the Related tab's room does the work)."""
        self.query_one(RelatedPane).action_child_ticket()

    def action_requester_assets(self) -> None:
        """The asset browser narrowed to what the requester uses (asset filter user_id:N)."""
        requester_id = self.ticket.requester_id if self.ticket is not None else None
        if requester_id is None:
            self.notify("This ticket has no requester.", severity="warning")
            return
        self.post_message(BrowseAssets(query=f"user_id:{requester_id}"))

    @work(group="ticket-browser", exit_on_error=False)
    async def action_open_in_browser(self) -> None:
        opened = await open_url(self.session.ticket_url(self.ticket_id))
        if opened:
            self.notify(f"Opened #{self.ticket_id} in the browser.", timeout=3)
        else:
            where = "No browser here" if opened is None else "The browser did not open"
            self.notify(f"{where}; press y to copy the URL", timeout=5)

    def action_refresh(self) -> None:
        self.load(force=True)
        self._load_tab(self.query_one(TabbedContent).active, force=True)

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
        # Empty the panes too: a key pressed before the new rows arrive must not act on an
        # entry, task or asset of the ticket we just left.
        for pane in self._panes().values():
            pane.clear()
        await conversation.reset()
        self._show_cached()
        self.load(force=False)
        self._load_tab(self.query_one(TabbedContent).active, force=False)

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
