"""The ticket detail screen: read the thread, answer, change properties, log time, move on.

Opened from a queue with what the cache knows (instant), then refreshed by one exclusive
worker. Tabs other than the conversation load only when first shown, so opening a ticket
cold costs at most the store's one `get_ticket?include=conversations` (2 credits).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from fstui.api.errors import FreshserviceError
from fstui.api.models import Ticket
from fstui.store.drafts import DraftKey
from fstui.store.outbox import Outcome, SubmitResult
from fstui.text import html_to_document, literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import describe_error
from fstui.ui.messages import BrowseAssets
from fstui.ui.screens.ticket.browser import graphical_browser
from fstui.ui.screens.ticket.categories import category_choices, path_of
from fstui.ui.screens.ticket.choices import PROPERTIES, field_value, property_choices
from fstui.ui.screens.ticket.compose import parse_emails, preview
from fstui.ui.screens.ticket.conflict import conflict_text, describe_value
from fstui.ui.screens.ticket.data import RunningTimer, TicketData
from fstui.ui.screens.ticket.editor import edit_text
from fstui.ui.screens.ticket.labels import OPEN_STATUS, Labels
from fstui.ui.screens.ticket.task_form import TaskForm
from fstui.ui.screens.ticket.time_entry_form import TimeEntryForm
from fstui.ui.widgets.confirm import ConfirmScreen
from fstui.ui.widgets.picker import Choice, PickerScreen
from fstui.ui.widgets.prompt import PromptScreen
from fstui.ui.widgets.thread import ThreadView, entries_for, has_quotes
from fstui.ui.widgets.ticket_activities import ActivitiesPane
from fstui.ui.widgets.ticket_composer import ComposeKind, Composer, ComposerState
from fstui.ui.widgets.ticket_header import TicketHeader
from fstui.ui.widgets.ticket_related import RelatedPane
from fstui.ui.widgets.ticket_tasks import TASK_COMPLETED, TASK_OPEN, TasksPane
from fstui.ui.widgets.ticket_time_entries import TimeEntriesPane

TAB_IDS = ("tab-conversation", "tab-time", "tab-tasks", "tab-activities", "tab-related")


class TicketScreen(Screen[None]):
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
        Binding("C", "category", "Category", id="ticket.category", show=False),
        Binding("right_square_bracket,n", "step(1)", "Next", id="ticket.next"),
        Binding("left_square_bracket,p", "step(-1)", "Prev", id="ticket.previous"),
        Binding("y", "copy_url", "Copy URL", id="ticket.copy_url", show=False),
        Binding("o", "open_in_browser", "Open in browser", id="ticket.browser", show=False),
        Binding(
            "R", "requester_assets", "Requester's assets", id="ticket.requester_assets", show=False
        ),
        Binding("q", "toggle_quotes", "Quotes", id="ticket.quotes", show=False),
        Binding("f5,ctrl+r", "refresh", "Refresh", id="ticket.refresh", show=False),
        Binding("1", "tab(0)", "Conversation tab", id="ticket.tab.conversation", show=False),
        Binding("2", "tab(1)", "Time entries tab", id="ticket.tab.time", show=False),
        Binding("3", "tab(2)", "Tasks tab", id="ticket.tab.tasks", show=False),
        Binding("4", "tab(3)", "Activities tab", id="ticket.tab.activities", show=False),
        Binding("5", "tab(4)", "Related tab", id="ticket.tab.related", show=False),
    ]

    def __init__(
        self,
        session: Any,
        ticket_id: int,
        queue_ids: list[int] | None = None,
        queue_name: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.data = TicketData.for_session(session)
        self.ticket_id = ticket_id
        self.queue_ids = list(queue_ids or [])
        self.queue_name = queue_name
        self.ticket: Ticket | None = None
        self.labels: Labels = self.data.labels_now()
        self._age = ""
        self._tokens: dict[ComposeKind, str] = {}
        self._busy = False

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TicketHeader(id="ticket-header")
        with TabbedContent(id="ticket-tabs"):
            with TabPane("Conversation", id="tab-conversation"):
                yield ThreadView(id="thread")
            with TabPane("Time", id="tab-time"):
                yield TimeEntriesPane(id="time-pane")
            with TabPane("Tasks", id="tab-tasks"):
                yield TasksPane(id="tasks-pane")
            with TabPane("Activity", id="tab-activities"):
                yield ActivitiesPane(id="activities-pane")
            with TabPane("Related", id="tab-related"):
                yield RelatedPane(id="related-pane")
        yield Static("", id="ticket-status")
        yield Footer()

    def now(self) -> datetime:
        return now_of(self.app)

    def on_mount(self) -> None:
        self._show_cached()
        self._load(force=False)

    def on_unmount(self) -> None:
        self.data.saver.flush()

    # --- loading --------------------------------------------------------------------------

    def _show_cached(self) -> None:
        header = self.query_one(TicketHeader)
        cached = self.data.peek(self.ticket_id)
        if cached is None:
            header.update(Text(f"#{self.ticket_id}  loading…", style="bold"))
            return
        self.ticket = cached.value
        self._age = f"cached {_age_words(cached.age_seconds)}" if cached.stale else ""
        header.show(cached.value, self.labels, self.now(), age=self._age)
        self._update_status()

    @work(exclusive=True, group="ticket-load")
    async def _load(self, force: bool) -> None:
        ticket_id = self.ticket_id
        try:
            if not self.labels.agents:
                self.labels = await self.data.labels()
            cached = await self.data.ticket(ticket_id, force=force)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        if ticket_id != self.ticket_id:
            return
        ticket = cached.value
        self.ticket = ticket
        self._age = "" if not cached.stale else f"cached {_age_words(cached.age_seconds)}"
        await self._render_ticket()
        if ticket.requester is None and ticket.requester_id is not None:
            # Registers an unknown requester for the store's next batched lookup; fetching it
            # here would be a third credit on a cold open.
            self.data.note_requester(ticket.requester_id)

    async def _render_ticket(self) -> None:
        if self.ticket is None:
            return
        now = self.now()
        self.query_one(TicketHeader).show(self.ticket, self.labels, now, age=self._age)
        thread = self.query_one(ThreadView)
        entries = entries_for(self.ticket, self.ticket.conversations or [], self.labels)
        footer = ""
        if any(has_quotes(entry) for entry in entries):
            footer = "q shows/hides quoted email history"
        await thread.show(entries, now, footer=footer)
        self._update_status()

    def _update_status(self, note: str = "") -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.queue_ids and self.ticket_id in self.queue_ids:
            index = self.queue_ids.index(self.ticket_id)
            text.append(f"{index + 1}/{len(self.queue_ids)} in queue  ", style="bold")
        for kind in ("reply", "note"):
            draft = self.data.drafts.load(DraftKey(self.ticket_id, kind))
            if draft is not None:
                key = "r" if kind == "reply" else "m"
                text.append(f"draft {kind} kept ({key} to continue)  ", style="yellow")
        timer = self.data.running_timer()
        if timer is not None:
            where = "here" if timer.ticket_id == self.ticket_id else f"on #{timer.ticket_id}"
            text.append(f"timer running {where}  ", style="green")
        if self._age:
            text.append(self._age + "  ", style="dim")
        if note:
            text.append_text(literal(note))
        self.query_one("#ticket-status", Static).update(text)

    def _status_error(self, message: str) -> None:
        self.query_one("#ticket-status", Static).update(literal(message, "bold red"))
        self.notify(message, severity="error", timeout=6)

    # --- tabs -----------------------------------------------------------------------------

    @on(TabbedContent.TabActivated, "#ticket-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        if pane_id == "tab-time" and not self.query_one(TimeEntriesPane).loaded:
            self._load_time_entries(False)
        elif pane_id == "tab-tasks" and not self.query_one(TasksPane).loaded:
            self._load_tasks(False)
        elif pane_id == "tab-activities" and not self.query_one(ActivitiesPane).loaded:
            self._load_activities(False)
        elif pane_id == "tab-related" and not self.query_one(RelatedPane).loaded:
            self._load_related()
        self.call_after_refresh(self._focus_tab_content, pane_id)

    def _focus_tab_content(self, pane_id: str) -> None:
        from textual.widgets import DataTable

        if pane_id == "tab-conversation":
            if not self.visible_composers():
                self.query_one(ThreadView).focus()
        elif pane_id == "tab-time":
            self.query_one(TimeEntriesPane).query_one(DataTable).focus()
        elif pane_id == "tab-tasks":
            self.query_one(TasksPane).query_one(DataTable).focus()
        elif pane_id == "tab-activities":
            self.query_one(ActivitiesPane).focus()
        elif pane_id == "tab-related":
            pane = self.query_one(RelatedPane)
            target = "#related-tickets" if pane.tickets or not pane.assets else "#related-assets"
            pane.query_one(target, DataTable).focus()

    def action_tab(self, index: int) -> None:
        self.query_one(TabbedContent).active = TAB_IDS[index]

    @work(exclusive=True, group="ticket-time")
    async def _load_time_entries(self, force: bool) -> None:
        ticket_id = self.ticket_id
        pane = self.query_one(TimeEntriesPane)
        try:
            entries = await self.data.time_entries(ticket_id, force=force)
        except FreshserviceError as exc:
            pane.show_error(describe_error(exc))
            return
        if ticket_id == self.ticket_id:
            pane.show(entries, self.labels, self.now())
            self._update_status()

    @work(exclusive=True, group="ticket-tasks")
    async def _load_tasks(self, force: bool) -> None:
        ticket_id = self.ticket_id
        pane = self.query_one(TasksPane)
        try:
            tasks = await self.data.tasks(ticket_id, force=force)
        except FreshserviceError as exc:
            pane.show_error(describe_error(exc))
            return
        if ticket_id == self.ticket_id:
            pane.show(tasks, self.labels, self.now())

    @work(exclusive=True, group="ticket-activities")
    async def _load_activities(self, force: bool) -> None:
        ticket_id = self.ticket_id
        pane = self.query_one(ActivitiesPane)
        try:
            activities = await self.data.activities(ticket_id, force=force)
        except FreshserviceError as exc:
            pane.show_error(describe_error(exc))
            return
        if ticket_id == self.ticket_id:
            pane.show(activities, self.now())

    @work(exclusive=True, group="ticket-related")
    async def _load_related(self) -> None:
        """Requester's tickets from the mirror at once (free); then the assets, one call."""
        ticket_id = self.ticket_id
        pane = self.query_one(RelatedPane)
        ticket = self.ticket
        requester_id = ticket.requester_id if ticket is not None else None
        others = self.data.requester_open_tickets(requester_id, besides=ticket_id)
        pane.show_tickets(others, self.labels, self.now())
        try:
            assets = await self.data.ticket_assets(ticket_id)
        except FreshserviceError as exc:
            pane.show_error(describe_error(exc))
            return
        if ticket_id == self.ticket_id:
            pane.show_assets(assets)

    def action_link_asset(self) -> None:
        self._link_asset()

    @work(group="ticket-write")
    async def _link_asset(self) -> None:
        ticket_id = self.ticket_id
        prompt = PromptScreen(
            f"Link an asset to #{ticket_id}",
            "Asset display id or asset tag",
            placeholder="e.g. 42 or LAP-0042",
            verb="link",
        )
        term = await self.app.push_screen_wait(prompt)
        if term is None:
            return
        try:
            display_id = await self.data.find_asset(term)
            if display_id is None:
                self.notify(f"No asset with tag {one_line(term, 40)}.", severity="warning")
                return
            linked = await self.data.store.assets.link(ticket_id, display_id)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        if linked:
            self.notify(f"Asset {display_id} linked to #{ticket_id}.", timeout=3)
        else:
            self.notify(f"Asset {display_id} was already linked.", timeout=3)
        self._after_asset_change(ticket_id)

    def action_unlink_asset(self) -> None:
        self._unlink_asset()

    @work(group="ticket-write")
    async def _unlink_asset(self) -> None:
        ticket_id = self.ticket_id
        asset = self.query_one(RelatedPane).selected_asset
        if asset is None or asset.display_id is None:
            self.notify("No asset selected.", timeout=2)
            return
        body = Text(f"Unlink asset {asset.display_id} (")
        body.append_text(literal(one_line(asset.name or "unnamed", 80)))
        body.append(f") from #{ticket_id}?\nThe asset itself is kept.")
        if not await self.app.push_screen_wait(ConfirmScreen("Unlink asset?", body)):
            return
        try:
            await self.data.store.assets.unlink(ticket_id, asset.display_id)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify(f"Asset {asset.display_id} unlinked.", timeout=3)
        self._after_asset_change(ticket_id)

    def _after_asset_change(self, ticket_id: int) -> None:
        """The link write moved the ticket's updated_at; the store took the answer, so the
        re-read below costs nothing and keeps later property edits free of false conflicts."""
        if ticket_id == self.ticket_id:
            self._load(force=False)
            self._load_related()

    # --- simple actions -------------------------------------------------------------------

    def action_back(self) -> None:
        self.data.saver.flush()
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_copy_url(self) -> None:
        url = self.session.ticket_url(self.ticket_id)
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", timeout=3)

    def action_requester_assets(self) -> None:
        """The asset browser narrowed to what the requester uses (asset filter user_id:N)."""
        requester_id = self.ticket.requester_id if self.ticket is not None else None
        if requester_id is None:
            self.notify("This ticket has no requester.", severity="warning")
            return
        self.post_message(BrowseAssets(query=f"user_id:{requester_id}"))

    def action_open_in_browser(self) -> None:
        self._open_in_browser()

    @work(group="ticket-browser")
    async def _open_in_browser(self) -> None:
        url = self.session.ticket_url(self.ticket_id)
        browser = graphical_browser()
        if browser is None:
            self.notify("No browser here; press y to copy the URL", timeout=5)
            return
        # Some browsers' open() waits for the process to start: not on the event loop.
        opened = await asyncio.to_thread(browser.open_new_tab, url)
        if opened:
            self.notify(f"Opened #{self.ticket_id} in the browser.", timeout=3)
        else:
            self.notify("The browser did not open; press y to copy the URL", timeout=5)

    def action_toggle_quotes(self) -> None:
        shown = self.query_one(ThreadView).toggle_quotes()
        self.notify("Quoted history shown" if shown else "Quoted history hidden", timeout=2)

    def action_refresh(self) -> None:
        self._load(force=True)
        pane_id = self.query_one(TabbedContent).active
        if pane_id == "tab-time":
            self._load_time_entries(True)
        elif pane_id == "tab-tasks":
            self._load_tasks(True)
        elif pane_id == "tab-activities":
            self._load_activities(True)
        elif pane_id == "tab-related":
            self._load_related()

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
        self.data.saver.flush()
        self._hide_composers()
        self.ticket_id = ticket_id
        self.ticket = None
        self._tokens.clear()
        # Empty the panes too: a key pressed before the new rows arrive must not act on an
        # entry, task or asset of the ticket we just left.
        now = self.now()
        for pane in (self.query_one(TimeEntriesPane), self.query_one(TasksPane)):
            pane.show([], self.labels, now)
            pane.loaded = False
        self.query_one(ActivitiesPane).show([], now)
        self.query_one(ActivitiesPane).loaded = False
        related = self.query_one(RelatedPane)
        related.show_tickets([], self.labels, now)
        related.show_assets([])
        related.loaded = False
        self.query_one(ThreadView).show_quotes = False
        await self.query_one(ThreadView).show([], self.now())
        self._show_cached()
        self._load(force=False)
        active = self.query_one(TabbedContent).active
        if active == "tab-time":
            self._load_time_entries(False)
        elif active == "tab-tasks":
            self._load_tasks(False)
        elif active == "tab-activities":
            self._load_activities(False)
        elif active == "tab-related":
            self._load_related()

    # --- reply / note ---------------------------------------------------------------------

    async def action_reply(self) -> None:
        await self._open_composer("reply")

    async def action_note(self) -> None:
        await self._open_composer("note")

    def _composer(self, kind: ComposeKind) -> Composer | None:
        return next((c for c in self.query(Composer) if c.kind == kind), None)

    def visible_composers(self) -> list[Composer]:
        return [c for c in self.query(Composer) if c.display]

    def _hide_composers(self) -> None:
        """Composers are hidden and reused, never removed: remounting a TextArea is fragile."""
        self.data.saver.flush()
        for composer in self.query(Composer):
            composer.display = False

    def _draft_state(self, kind: ComposeKind) -> ComposerState:
        draft = self.data.drafts.load(DraftKey(self.ticket_id, kind))
        if draft is None:
            return ComposerState(kind)
        meta = dict(draft.meta)
        self.notify(f"Restored your draft {kind}.", timeout=3)
        return ComposerState(
            kind,
            draft.text,
            cc=str(meta.get("cc", "")),
            bcc=str(meta.get("bcc", "")),
            private=bool(meta.get("private", True)),
        )

    async def _open_composer(self, kind: ComposeKind) -> None:
        self.query_one(TabbedContent).active = "tab-conversation"
        composer = self._composer(kind)
        if composer is not None and composer.display:
            composer.query_one("#composer-body").focus()
            return
        self._hide_composers()
        self._tokens.setdefault(kind, uuid.uuid4().hex)
        state = self._draft_state(kind)
        if composer is None:
            pane = self.query_one("#tab-conversation", TabPane)
            await pane.mount(Composer(state, recipient=self._recipient()))
        else:
            composer.load_state(state, recipient=self._recipient())
            composer.display = True
            composer.query_one("#composer-body").focus()

    def _recipient(self) -> str:
        if self.ticket is None:
            return ""
        if self.ticket.requester is not None and self.ticket.requester.email:
            name = self.ticket.requester.name or ""
            return (
                f"{name} <{self.ticket.requester.email}>" if name else self.ticket.requester.email
            )
        person = self.labels.requesters.get(self.ticket.requester_id or -1)
        return person.name if person else ""

    @on(Composer.Changed)
    def _composer_changed(self, event: Composer.Changed) -> None:
        state = event.state
        self.data.saver.schedule(DraftKey(self.ticket_id, state.kind), state.text, state.meta())

    @on(Composer.Closed)
    def _composer_closed(self, event: Composer.Closed) -> None:
        self._hide_composers()
        self.query_one(ThreadView).focus()
        self._update_status()

    @on(Composer.EditorRequested)
    def _composer_editor(self, event: Composer.EditorRequested) -> None:
        composer = event.composer
        text = composer.state.text
        try:
            with self.app.suspend():
                result = edit_text(text)
        except Exception as exc:  # SuspendNotSupported (headless, web): run it without
            if type(exc).__name__ != "SuspendNotSupported":
                raise
            result = edit_text(text)
        if not result.ok:
            self.notify(result.message, severity="warning", timeout=5)
            return
        composer.set_text(result.text)
        self.data.saver.schedule(
            DraftKey(self.ticket_id, composer.kind), result.text, composer.state.meta()
        )
        self.data.saver.flush()

    @on(Composer.CannedRequested)
    def _composer_canned(self, event: Composer.CannedRequested) -> None:
        self._insert_canned(event.composer)

    @work(exclusive=True, group="ticket-canned")
    async def _insert_canned(self, composer: Composer) -> None:
        try:
            entries = await self.data.canned_responses()
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        if not entries:
            self.notify("This account has no canned responses.", timeout=3)
            return
        choices = [
            Choice(index, entry.response.title or "(untitled)", hint=entry.folder)
            for index, entry in enumerate(entries)
        ]
        picked = await self.app.push_screen_wait(PickerScreen("Canned response", choices))
        if picked is None:
            composer.query_one("#composer-body").focus()
            return
        response = entries[picked].response
        if response.content_html is None and response.content is None and response.id is not None:
            try:
                response = await self.data.canned_response(response.id)
            except FreshserviceError as exc:
                self._status_error(describe_error(exc))
                return
        if response.content_html is not None:
            text = html_to_document(response.content_html).render(show_quotes=True)
        else:
            text = response.content or ""
        composer.insert_text(text)

    @on(Composer.SendRequested)
    def _composer_send(self, event: Composer.SendRequested) -> None:
        self._send(event.composer)

    @work(group="ticket-write")
    async def _send(self, composer: Composer) -> None:
        if self._busy:
            return
        state = composer.state
        if not state.text.strip():
            self.notify("Nothing to send: the message is empty.", severity="warning")
            return
        ticket_id = self.ticket_id
        body = Text()
        if state.kind == "reply":
            cc, bad_cc = parse_emails(state.cc)
            bcc, bad_bcc = parse_emails(state.bcc)
            if bad_cc or bad_bcc:
                bad = ", ".join(bad_cc + bad_bcc)
                self.notify(f"Not an email address: {one_line(bad, 80)}", severity="error")
                return
            title = f"Send reply on #{ticket_id}?"
            body.append("To: ", style="bold")
            body.append_text(literal(self._recipient() or "the requester"))
            if cc:
                body.append("\nCc: ", style="bold")
                body.append_text(literal(", ".join(cc)))
            if bcc:
                body.append("\nBcc: ", style="bold")
                body.append_text(literal(", ".join(bcc)))
        else:
            cc, bcc = [], []
            title = f"Add {'PRIVATE' if state.private else 'PUBLIC'} note on #{ticket_id}?"
            body.append(
                "Agents only." if state.private else "The requester will see this note.",
                style="bold yellow" if not state.private else "bold",
            )
        body.append("\n\n")
        body.append_text(literal(preview(state.text)))
        if not await self.app.push_screen_wait(ConfirmScreen(title, body)):
            return
        self.data.saver.flush()
        token = self._tokens.setdefault(state.kind, uuid.uuid4().hex)
        self._busy = True
        try:
            if state.kind == "reply":
                result = await self.data.send_reply(
                    ticket_id, state.text, cc=cc, bcc=bcc, token=token
                )
            else:
                result = await self.data.send_note(
                    ticket_id, state.text, private=state.private, token=token
                )
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        finally:
            self._busy = False
        what = "Reply" if state.kind == "reply" else "Note"
        if result.outcome is Outcome.REJECTED:
            self._status_error(f"{what} refused: {result.error or result.message}")
            return
        self._tokens.pop(state.kind, None)
        self.data.saver.cancel(DraftKey(ticket_id, state.kind))
        composer.load_state(ComposerState(state.kind), recipient=self._recipient())
        composer.display = False
        if result.delivered:
            self.notify(f"{what} sent.", timeout=3)
        else:
            self.notify(f"{what} {result.message}", severity="warning", timeout=6)
        if ticket_id == self.ticket_id:
            self.query_one(ThreadView).focus()
            self._load(force=not result.delivered)  # a delivered one is in the cached thread

    # --- properties -----------------------------------------------------------------------

    def action_pick(self, name: str) -> None:
        self._pick(name)

    @work(group="ticket-write")
    async def _pick(self, name: str) -> None:
        ticket = self.ticket
        if ticket is None:
            self.notify("The ticket is still loading.", timeout=2)
            return
        if name in ("agent", "group") and not self.labels.agents:
            self.labels = await self.data.labels()
        spec = PROPERTIES[name]
        choices = property_choices(name, ticket, self.labels)
        picked = await self.app.push_screen_wait(
            PickerScreen(f"{spec.title} of #{ticket.id}", choices)
        )
        if picked is None:
            return
        value = field_value(picked)
        if getattr(ticket, spec.field, None) == value:
            return
        summary = f"{spec.title} → {describe_value(spec.field, value, self.labels)}"
        await self._save({spec.field: value}, summary)

    def action_category(self) -> None:
        self._pick_category()

    @work(group="ticket-write")
    async def _pick_category(self) -> None:
        ticket = self.ticket
        if ticket is None:
            self.notify("The ticket is still loading.", timeout=2)
            return
        reference = await self.data.store.reference()
        if not reference.categories:
            self.notify("This account defines no categories.", timeout=3)
            return
        choices = category_choices(reference.categories, ticket)
        picked = await self.app.push_screen_wait(PickerScreen(f"Category of #{ticket.id}", choices))
        if picked is None or picked == path_of(ticket):
            return
        await self._save(picked.fields(), f"Category → {picked.label}")

    def action_take(self) -> None:
        self._take()

    @work(group="ticket-write")
    async def _take(self) -> None:
        if self.ticket is None:
            return
        if self.labels.me_agent_id is None:
            self.labels = await self.data.labels()
        me = self.labels.me_agent_id
        if me is None:
            self._status_error("Could not find your agent record; cannot assign to you.")
            return
        fields: dict[str, Any] = {"responder_id": me}
        if self.ticket.status != OPEN_STATUS:
            fields["status"] = OPEN_STATUS
        if self.ticket.responder_id == me and "status" not in fields:
            self.notify("Already yours and open.", timeout=2)
            return
        await self._save(fields, "assign to me and set Open")

    async def _save(self, fields: dict[str, Any], summary: str) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        try:
            result = await self.data.update_ticket(ticket, fields)
            if result.outcome is Outcome.CONFLICT:
                ask = ConfirmScreen(
                    "Ticket changed meanwhile",
                    conflict_text(result.changed_fields, self.labels, summary=summary),
                )
                if await self.app.push_screen_wait(ask):
                    result = await self.data.override(result.write.idempotency_token)
                else:
                    self.data.drop(result.write.idempotency_token)
                    self.notify("Not saved; showing the ticket as it is now.", timeout=4)
                    self.data.store.invalidate_ticket(ticket.id or self.ticket_id)
                    self._load(force=True)
                    return
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        ticket_id = ticket.id or self.ticket_id
        if result.delivered and self._left_queue(ticket_id):
            self.notify(f"Saved: {summary}", timeout=3)
            await self._move_on(ticket_id)
            return
        self._after_update(result, summary)

    # --- triage: move on once a ticket leaves the queue -----------------------------------

    def _left_queue(self, ticket_id: int) -> bool:
        """Does the store's queue (which took the write's answer) no longer hold the ticket?"""
        if not self.queue_name or ticket_id not in self.queue_ids:
            return False
        try:
            rows = self.data.store.queue(self.queue_name).value
        except KeyError:
            return False
        return all(row.id != ticket_id for row in rows)

    async def _move_on(self, ticket_id: int) -> None:
        index = self.queue_ids.index(ticket_id)
        self.queue_ids.remove(ticket_id)
        where = one_line(self.queue_name or "the queue", 40)
        if not self.queue_ids:
            self.notify(f"#{ticket_id} left {where}; no tickets left there.", timeout=5)
            self._load(force=False)
            return
        target = self.queue_ids[min(index, len(self.queue_ids) - 1)]
        self.notify(f"#{ticket_id} left {where}; on to #{target}.", timeout=5)
        await self.switch_ticket(target)

    def _after_update(self, result: SubmitResult, summary: str) -> None:
        if result.outcome is Outcome.REJECTED:
            self.data.drop(result.write.idempotency_token)
            self._status_error(f"Not saved: {result.error or result.message}")
            self._load(force=True)
            return
        if result.delivered:
            self.notify(f"Saved: {summary}", timeout=3)
            response = result.response
            if isinstance(response, Ticket) and self.ticket is not None:
                merged = response.model_copy(update={"conversations": self.ticket.conversations})
                if merged.requester is None:
                    merged = merged.model_copy(update={"requester": self.ticket.requester})
                self.ticket = merged
                self.run_worker(self._render_ticket(), group="ticket-load", exclusive=True)
            else:
                self._load(force=True)
        else:
            self.notify(f"{summary}: {result.message}", severity="warning", timeout=6)

    # --- time entries ---------------------------------------------------------------------

    def action_add_time_entry(self) -> None:
        self._add_time_entry()

    @work(group="ticket-write")
    async def _add_time_entry(self) -> None:
        ticket_id = self.ticket_id
        got = await self.app.push_screen_wait(TimeEntryForm(f"Log time on #{ticket_id}"))
        if got is None:
            return
        try:
            result = await self.data.add_time_entry(
                ticket_id,
                time_spent=got.time_spent,
                note=got.note,
                billable=got.billable,
                agent_id=self.labels.me_agent_id,
            )
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        if result.delivered:
            self.notify(f"Logged {got.time_spent}.", timeout=3)
        else:
            self._report_held(result, "Time entry")
        self._load_time_entries(not result.delivered)  # a delivered one is in the cached list

    def action_edit_time_entry(self) -> None:
        self._edit_time_entry()

    @work(group="ticket-write")
    async def _edit_time_entry(self) -> None:
        entry = self.query_one(TimeEntriesPane).selected
        if entry is None or entry.id is None:
            self.notify("No time entry selected.", timeout=2)
            return
        if entry.timer_running:
            self.notify("Stop the timer (t) before editing the time.", severity="warning")
            return
        form = TimeEntryForm(
            "Edit time entry",
            time_spent=entry.time_spent or "",
            note=entry.note or "",
            billable=bool(entry.billable),
        )
        got = await self.app.push_screen_wait(form)
        if got is None:
            return
        try:
            await self.data.update_time_entry(
                self.ticket_id,
                entry.id,
                {"time_spent": got.time_spent, "note": got.note, "billable": got.billable},
            )
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify("Time entry updated.", timeout=3)
        self._load_time_entries(True)

    def action_delete_time_entry(self) -> None:
        self._delete_time_entry()

    @work(group="ticket-write")
    async def _delete_time_entry(self) -> None:
        entry = self.query_one(TimeEntriesPane).selected
        if entry is None or entry.id is None:
            self.notify("No time entry selected.", timeout=2)
            return
        body = Text()
        body.append(f"{entry.time_spent or '00:00'} by ")
        body.append_text(literal(self.labels.agent(entry.agent_id)))
        body.append(": ")
        body.append_text(literal(one_line(entry.note, 200)))
        body.append("\n\nDeleted time entries cannot be restored.")
        if not await self.app.push_screen_wait(ConfirmScreen("Delete time entry?", body)):
            return
        try:
            await self.data.delete_time_entry(self.ticket_id, entry.id)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify("Time entry deleted.", timeout=3)
        self._load_time_entries(True)
        self._update_status()

    def action_toggle_timer(self) -> None:
        self._toggle_timer()

    @work(group="ticket-write")
    async def _toggle_timer(self) -> None:
        ticket_id = self.ticket_id
        me = self.labels.me_agent_id
        try:
            entries = await self.data.time_entries(ticket_id, force=True)
            mine_here = next(
                (e for e in entries if e.timer_running and (me is None or e.agent_id == me)),
                None,
            )
            if mine_here is not None and mine_here.id is not None:
                stopped = await self.data.stop_timer(ticket_id, mine_here.id)
                self.notify(f"Timer stopped at {stopped.time_spent or '?'}.", timeout=3)
            else:
                timer = self.data.running_timer()
                elsewhere = timer is not None and timer.ticket_id != ticket_id
                if timer is not None and elsewhere and await self.data.timer_still_running(timer):
                    if not await self._offer_stop_elsewhere(timer):
                        return
                    await self.data.stop_timer(timer.ticket_id, timer.entry_id)
                await self.data.start_timer(ticket_id, agent_id=me)
                self.notify("Timer started. t again stops it.", timeout=3)
        except FreshserviceError as exc:
            message = describe_error(exc)
            if "timer" in message.lower():
                message += " (a timer of yours runs on another ticket; stop it there first)"
            self._status_error(message)
            return
        self._load_time_entries(True)
        self._update_status()

    async def _offer_stop_elsewhere(self, timer: RunningTimer) -> bool:
        other = self.data.peek(timer.ticket_id)
        body = Text(f"Your timer is running on #{timer.ticket_id}")
        if other is not None and other.value.subject:
            body.append(" (")
            body.append_text(literal(one_line(other.value.subject, 60)))
            body.append(")")
        body.append(".\nOnly one timer can run per agent. Stop it there and start one here?")
        answer: bool = await self.app.push_screen_wait(ConfirmScreen("A timer is running", body))
        return answer

    # --- tasks ----------------------------------------------------------------------------

    def action_add_task(self) -> None:
        self._add_task()

    @work(group="ticket-write")
    async def _add_task(self) -> None:
        ticket_id = self.ticket_id
        got = await self.app.push_screen_wait(TaskForm(f"New task on #{ticket_id}"))
        if got is None:
            return
        fields: dict[str, Any] = {"title": got.title, "description": got.description or got.title}
        if got.due is not None:
            fields["due_date"] = got.due.strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            result = await self.data.add_task(ticket_id, fields)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        if result.delivered:
            self.notify("Task added.", timeout=3)
        else:
            self._report_held(result, "Task")
        self._load_tasks(True)

    def action_edit_task(self) -> None:
        self._edit_task()

    @work(group="ticket-write")
    async def _edit_task(self) -> None:
        task = self.query_one(TasksPane).selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        due = task.due_date.strftime("%Y-%m-%d") if isinstance(task.due_date, datetime) else ""
        form = TaskForm(
            "Edit task", task_title=task.title or "", due=due, description=task.description or ""
        )
        got = await self.app.push_screen_wait(form)
        if got is None:
            return
        fields: dict[str, Any] = {"title": got.title, "description": got.description}
        if got.due is not None:
            fields["due_date"] = got.due.strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            await self.data.update_task(self.ticket_id, task.id, fields)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify("Task updated.", timeout=3)
        self._load_tasks(True)

    def action_toggle_task(self) -> None:
        self._toggle_task()

    @work(group="ticket-write")
    async def _toggle_task(self) -> None:
        task = self.query_one(TasksPane).selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        done = task.status == TASK_COMPLETED
        try:
            await self.data.update_task(
                self.ticket_id, task.id, {"status": TASK_OPEN if done else TASK_COMPLETED}
            )
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify("Task reopened." if done else "Task completed.", timeout=3)
        self._load_tasks(True)

    def action_delete_task(self) -> None:
        self._delete_task()

    @work(group="ticket-write")
    async def _delete_task(self) -> None:
        task = self.query_one(TasksPane).selected
        if task is None or task.id is None:
            self.notify("No task selected.", timeout=2)
            return
        body = literal(one_line(task.title or "(untitled)", 200))
        if not await self.app.push_screen_wait(ConfirmScreen("Delete task?", body)):
            return
        try:
            await self.data.delete_task(self.ticket_id, task.id)
        except FreshserviceError as exc:
            self._status_error(describe_error(exc))
            return
        self.notify("Task deleted.", timeout=3)
        self._load_tasks(True)

    def _report_held(self, result: SubmitResult, what: str) -> None:
        if result.outcome is Outcome.REJECTED:
            self.data.drop(result.write.idempotency_token)
            self._status_error(f"{what} refused: {result.error or result.message}")
        else:
            self.notify(f"{what}: {result.message}", severity="warning", timeout=6)


def _age_words(seconds: float) -> str:
    now = datetime.now(UTC)
    return relative_time(now - timedelta(seconds=seconds), now)
