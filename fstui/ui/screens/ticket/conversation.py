"""Conversation tab: the thread, and the reply and note composers that answer it.

A room of its own: it draws the thread, opens and closes the composers (drafts restored and
saved as the agent types), inserts canned responses, hands the text to `$EDITOR`, and sends after
a confirm with one idempotency token per message so a retry never posts twice.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import TabbedContent, TabPane
from textual.worker import Worker

from fstui.api import TICKET_ATTACHMENT_LIMIT
from fstui.store.drafts import DraftKey
from fstui.store.new_tickets import AttachmentProblem, attachment_entry, check_entries
from fstui.store.outbox import Outcome
from fstui.store.writes import InvalidAddresses
from fstui.text import format_size, html_to_document, literal, one_line
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.messages import ShowOutbox
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.path_prompt import PathPromptScreen
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.screens.ticket.attachments import run_attachment_action
from fstui.ui.screens.ticket.compose import text_to_html
from fstui.ui.screens.ticket.composer import ComposeKind, Composer, ComposerState
from fstui.ui.screens.ticket.context import ReloadTicket, StatusNote, TicketContext, is_current
from fstui.ui.screens.ticket.editor import edit_text
from fstui.ui.screens.ticket.send_confirm import send_confirm
from fstui.ui.screens.ticket.thread import ThreadView, entries_for, has_quotes

__all__ = ["ConversationTab"]


class ConversationTab(WorkerErrors, TabPane):
    """The first tab; composers are mounted into it on first use and then hidden and reused."""

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__("Conversation", id=id)
        self.context = context
        self._tokens: dict[ComposeKind, str] = {}
        self._busy = False
        # While a message goes out: the thread's length before it. Every drawing ends at the
        # bottom until one holds the new message, so the agent sees it arrive.
        self._follow: int | None = None

    def compose(self) -> ComposeResult:
        yield ThreadView(id="thread")

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.post_message(StatusNote(error=message))

    @property
    def thread(self) -> ThreadView:
        return self.query_one(ThreadView)

    async def show_ticket(self) -> None:
        """Draw the thread of the context's ticket, newest last."""
        ticket = self.context.ticket
        if ticket is None:
            return
        entries = entries_for(ticket, ticket.conversations or [], self.context.labels)
        footer = ""
        if any(has_quotes(entry) for entry in entries):
            footer = "q shows/hides quoted email history"
        follow = self._follow
        await self.thread.show(entries, now_of(self.app), footer=footer, to_end=follow is not None)
        if follow is not None and len(entries) > follow:  # after: a redraw may replace this one
            self._follow = None

    async def reset(self) -> None:
        """Another ticket: composers closed (drafts kept), tokens and quotes forgotten."""
        self.hide_composers()
        self._tokens.clear()
        self.thread.show_quotes = False
        await self.thread.show([], now_of(self.app))

    def focus_content(self) -> None:
        """The thread, unless a composer is open (it keeps the focus it has)."""
        if not self.visible_composers():
            self.thread.focus()

    # --- this room's keys (bound on the shell, so they work from every tab) ---------------

    def _show_tab(self) -> None:
        """A key from another tab that acts here (r, m, a) brings this tab forward."""
        self.query_ancestor(TabbedContent).active = self.id or ""

    async def action_reply(self) -> None:
        self._show_tab()
        await self.open_composer("reply")

    async def action_note(self) -> None:
        self._show_tab()
        await self.open_composer("note")

    def action_toggle_quotes(self) -> None:
        shown = self.thread.toggle_quotes()
        self.notify("Quoted history shown" if shown else "Quoted history hidden", timeout=2)

    # --- composers ------------------------------------------------------------------------

    def _composer(self, kind: ComposeKind) -> Composer | None:
        return next((c for c in self.query(Composer) if c.kind == kind), None)

    def visible_composers(self) -> list[Composer]:
        return [c for c in self.query(Composer) if c.display]

    def hide_composers(self) -> None:
        """Composers are hidden and reused, never removed: remounting a TextArea is fragile."""
        self.context.saver.flush()
        for composer in self.query(Composer):
            composer.display = False

    def _draft_state(self, kind: ComposeKind) -> ComposerState:
        draft = self.context.drafts.load(DraftKey(self.context.ticket_id, kind))
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
            from_email=str(meta.get("from", "")),
            files=tuple(str(f) for f in meta.get("files") or () if isinstance(f, str)),
        )

    async def open_composer(self, kind: ComposeKind) -> None:
        composer = self._composer(kind)
        if composer is not None and composer.display:
            composer.query_one("#composer-body").focus()
            return
        queued = self.context.writes.queued_message(self.context.ticket_id, kind)
        if queued is not None:
            self._ask_about_queued(kind, queued.text or "", queued.message)
            return
        await self._open_composer(kind)

    def _ask_about_queued(self, kind: ComposeKind, text: str, state: str) -> None:
        """A reply (or note) to this ticket is already on its way: say so, and offer to show
        it, instead of restoring it as a draft that would then go out a second time."""
        body = Text()
        body.append(f"A {kind} to this ticket is queued ({one_line(state, 80)}):\n", style="bold")
        body.append_text(literal(one_line(text, 300)))
        body.append(f"\n\ny: write another {kind}   n: show the outbox (O) to see or edit it")

        def answered(another: bool | None) -> None:
            if another:
                self._tokens.pop(kind, None)
                self.run_worker(self._open_composer(kind), group="ticket-compose")
            else:
                self.post_message(ShowOutbox())

        self.app.push_screen(ConfirmScreen(f"{kind.capitalize()} already queued", body), answered)

    async def _open_composer(self, kind: ComposeKind) -> None:
        composer = self._composer(kind)
        self.hide_composers()
        self._tokens.setdefault(kind, uuid.uuid4().hex)
        state = self._draft_state(kind)
        if composer is None:
            await self.mount(Composer(state, recipient=self.recipient()))
        else:
            composer.load_state(state, recipient=self.recipient())
            composer.display = True
            composer.query_one("#composer-body").focus()

    def recipient(self) -> str:
        ticket = self.context.ticket
        if ticket is None:
            return ""
        if ticket.requester is not None and ticket.requester.email:
            name = ticket.requester.name or ""
            return f"{name} <{ticket.requester.email}>" if name else ticket.requester.email
        person = self.context.labels.requesters.get(ticket.requester_id or -1)
        return person.name if person else ""

    @on(Composer.Changed)
    def _composer_changed(self, event: Composer.Changed) -> None:
        state = event.state
        key = DraftKey(self.context.ticket_id, state.kind)
        self.context.saver.schedule(key, state.text, state.meta())

    @on(Composer.Closed)
    def _composer_closed(self, event: Composer.Closed) -> None:
        self.hide_composers()
        self.thread.focus()
        self.post_message(StatusNote())

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
        saver = self.context.saver
        key = DraftKey(self.context.ticket_id, composer.kind)
        saver.schedule(key, result.text, composer.state.meta())
        saver.flush()

    @on(Composer.AttachRequested)
    def _composer_attach(self, event: Composer.AttachRequested) -> None:
        self._attach_file(event.composer)

    @work(group="ticket-attach", exit_on_error=False)
    async def _attach_file(self, composer: Composer) -> None:
        answer = await self.app.push_screen_wait(
            PathPromptScreen("Attach a file", limit=TICKET_ATTACHMENT_LIMIT)
        )
        composer.query_one("#composer-body").focus()
        if answer is None:
            return
        try:
            entry = attachment_entry(Path(answer))
            entries = [attachment_entry(Path(p)) for p in composer.files]
            check_entries([*entries, entry])
        except (AttachmentProblem, OSError) as exc:
            self.notify(f"Not attached: {exc}", severity="error", timeout=6)
            return
        if entry["path"] not in composer.files:
            composer.set_files((*composer.files, str(entry["path"])))
        self.notify(f"Attached {entry['name']} ({format_size(int(entry['size']))}).", timeout=3)

    @work(group="ticket-attachments", exit_on_error=False)
    async def action_attachments(self) -> None:
        """Save, open or read one of the thread's attachments."""
        self._show_tab()
        said = await run_attachment_action(self.app, self.context, self.thread.entries)
        if said:
            self.notify(said, timeout=6)

    @on(Composer.CannedRequested)
    def _composer_canned(self, event: Composer.CannedRequested) -> None:
        self._insert_canned(event.composer)

    @work(exclusive=True, group="ticket-canned", exit_on_error=False)
    async def _insert_canned(self, composer: Composer) -> None:
        store = self.context.store
        entries = await store.canned_responses()
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
            response = await store.canned_response(response.id)
        if response.content_html is not None:
            text = html_to_document(response.content_html).render(show_quotes=True)
        else:
            text = response.content or ""
        composer.insert_text(text)

    # --- sending --------------------------------------------------------------------------

    @on(Composer.SendRequested)
    def _composer_send(self, event: Composer.SendRequested) -> None:
        self._send(event.composer)

    async def _conversation_unchanged(self, ticket_id: int) -> bool:
        """Ask before answering a thread that moved since it was loaded (True: go on).

        One ticket read when nothing moved; when something arrived, what it is and from whom.
        Offline (or any failure) the check is skipped: the write queues like any other."""
        ticket = self.context.ticket
        if ticket is None:
            return True
        try:
            arrived = await self.context.store.conversation_check.arrived(
                ticket_id,
                seen_ids=[c.id for c in ticket.conversations or [] if c.id is not None],
                seen_updated_at=ticket.updated_at,
                me_id=self.context.labels.me_agent_id,
            )
        except Exception:  # the check must never stop a send; the outbox takes it from here
            return True
        if not arrived.changed:
            return True
        body = Text("Since you opened this ticket:\n", style="bold")
        for conversation in (*arrived.new, *arrived.edited):
            person = self.context.labels.person(conversation.user_id)
            who = person.name if person else (conversation.from_email or "someone")
            edited = " (edited)" if conversation in arrived.edited else ""
            body.append("\n• ")
            body.append_text(literal(one_line(who, 60), "bold"))
            body.append(edited, style="dim")
            body.append(": ")
            text = html_to_document(conversation.body or "").render(show_quotes=False)
            body.append_text(literal(one_line(text or conversation.body_text or "", 160)))
        body.append("\n\nSend anyway? (no: the thread is reloaded and your text kept)")
        if await self.app.push_screen_wait(ConfirmScreen("The conversation changed", body)):
            return True
        self.post_message(ReloadTicket(force=True, ticket_id=ticket_id))
        return False

    @work(group="ticket-write", exit_on_error=False)
    async def _send(self, composer: Composer) -> None:
        if self._busy:
            return
        state = composer.state
        if not state.text.strip():
            self.notify("Nothing to send: the message is empty.", severity="warning")
            return
        ticket_id = self.context.ticket_id
        confirm = send_confirm(state, ticket_id, self.recipient())
        if isinstance(confirm, str):
            self.notify(confirm, severity="error")
            return
        if not await self._conversation_unchanged(ticket_id):
            return
        if not await self.app.push_screen_wait(ConfirmScreen(confirm.title, confirm.body)):
            return
        writes = self.context.writes
        self.context.saver.flush()
        token = self._tokens.setdefault(state.kind, uuid.uuid4().hex)
        self._busy = True
        self._follow = len(self.thread.entries)
        try:
            if state.kind == "reply":
                result = await writes.send_reply(
                    ticket_id,
                    text_to_html(state.text),
                    cc=confirm.cc,
                    bcc=confirm.bcc,
                    token=token,
                    text=state.text,
                    attachments=[Path(p) for p in state.files],
                    from_email=state.from_email.strip() or None,
                )
            else:
                result = await writes.send_note(
                    ticket_id,
                    text_to_html(state.text),
                    private=state.private,
                    token=token,
                    text=state.text,
                    attachments=[Path(p) for p in state.files],
                )
        except (AttachmentProblem, InvalidAddresses) as exc:
            self.post_message(StatusNote(error=f"Not sent: {exc}"))
            return
        finally:
            self._busy = False
            if not is_current(self.context, ticket_id):
                self._follow = None
        what = "Reply" if state.kind == "reply" else "Note"
        if not result.delivered:
            self._follow = None  # queued or refused: not in the thread to be shown
        if result.outcome is Outcome.REJECTED:
            self.post_message(StatusNote(error=f"{what} refused: {result.error or result.message}"))
            return
        self._tokens.pop(state.kind, None)
        self.context.saver.cancel(DraftKey(ticket_id, state.kind))
        composer.load_state(ComposerState(state.kind), recipient=self.recipient())
        composer.display = False
        if result.delivered:
            self.notify(f"{what} sent.", timeout=3)
        else:
            self.notify(f"{what} {result.message}", severity="warning", timeout=6)
        if is_current(self.context, ticket_id):
            self.thread.focus()
            # a delivered one is in the cached thread
            self.post_message(ReloadTicket(force=not result.delivered, ticket_id=ticket_id))
