"""My approvals: the approvals waiting for me across every ticket, oldest first.

An approver's whole job on one screen: which service requests wait for my word, who asked and
how long ago. Enter opens the ticket. Approving or rejecting is not in Freshservice's API, so
`a`/`x` say so and offer the web UI (open or copy the ticket's URL, built from the account's
domain, never taken from the data). One call (``/approvals?parent=ticket&approver_id=me&
status=requested``, reference line 11717), cached like a queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import Approval
from fstui.store.itsm_words import APPROVAL_TYPE_NAMES
from fstui.text import literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.messages import OpenTicket
from fstui.ui.modals.web_only import WebOnlyScreen
from fstui.ui.screens.ticket.browser import open_url
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["MyApprovalsScreen"]


class MyApprovalsScreen(WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="approvals.back"),
        Binding("a", "web_only('Approving')", "Approve", id="approvals.approve"),
        Binding("x", "web_only('Rejecting')", "Reject", id="approvals.reject"),
        Binding("o", "open_in_browser", "Open in browser", id="approvals.browser"),
        Binding("y", "copy_url", "Copy link", id="approvals.copy_url"),
        Binding("f5,ctrl+r", "refresh", "Refresh", id="approvals.refresh", show=False),
    ]
    DEFAULT_CSS = """
    MyApprovalsScreen #approvals-title { height: 1; padding: 0 1; text-style: bold; }
    MyApprovalsScreen DataTable { height: 1fr; overflow-x: hidden; }
    MyApprovalsScreen #approvals-status { height: auto; padding: 0 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#my-approvals"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.approvals: list[Approval] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Approvals waiting for me", id="approvals-title")
        table: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="my-approvals"
        )
        yield table
        yield Static("Loading…", id="approvals-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="ticket", width=7)
        table.add_column("Asked", key="when", width=9)
        table.add_column("By", key="by", width=20)
        table.add_column("Type", key="type", width=9)
        table.add_column("Subject", key="subject")
        self.load(False)

    def _me(self) -> int | None:
        me = self.session.store.reference_snapshot().me
        return me.id if me is not None else None

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self._say_error(message)

    def _say_error(self, message: str) -> None:
        self.loaded = True
        self.query_one("#approvals-status", Static).update(literal(message, "bold red"))

    @work(exclusive=True, group="my-approvals", exit_on_error=False)
    async def load(self, force: bool) -> None:
        store = self.session.store
        me = self._me()
        if me is None:
            await store.reference()
            me = self._me()
        if me is None:
            self._say_error("The account did not say who I am: no approvals to show.")
            return
        approvals = (await store.itsm.my_approvals(me, force=force)).value
        self.show(approvals, now_of(self.app))

    def _subject(self, ticket_id: int | None) -> Text:
        if ticket_id is None:
            return Text("—", style="dim")
        store = self.session.store
        row = store.mirror.get(ticket_id)
        subject = row.get("subject") if row is not None else None
        if not isinstance(subject, str) or not subject:
            cached = store.peek_ticket(ticket_id)
            subject = cached.value.subject if cached is not None else None
        if isinstance(subject, str) and subject:
            return literal(one_line(subject, 300))
        return Text("(enter to open)", style="dim")

    def show(self, approvals: Sequence[Approval], now: datetime) -> None:
        self.approvals = [a for a in approvals if a.parent_id is not None]
        self.loaded = True
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for approval in self.approvals:
            asked = approval.created_at
            table.add_row(
                Text(f"#{approval.parent_id}", style="bold"),
                Text(relative_time(asked, now) if isinstance(asked, datetime) else "—"),
                literal(one_line(approval.user_name or "—", 40)),
                Text(APPROVAL_TYPE_NAMES.get(approval.approval_type or 0, "—")),
                self._subject(approval.parent_id),
                key=str(approval.id),
            )
        if self.approvals:
            table.move_cursor(row=min(max(keep, 0), len(self.approvals) - 1))
        count = len(self.approvals)
        head = f"{count} waiting. " if count else "Nothing waits for your approval. "
        self.query_one("#approvals-status", Static).update(
            Text(head + "enter open · a/x approve/reject: web UI · o browser · y copy")
        )

    @property
    def selected(self) -> Approval | None:
        table = self.query_one(DataTable)
        if not self.approvals or not 0 <= table.cursor_row < len(self.approvals):
            return None
        return self.approvals[table.cursor_row]

    @on(DataTable.RowSelected)
    def _opened(self, event: DataTable.RowSelected) -> None:
        event.stop()
        approval = self.selected
        if approval is not None and approval.parent_id is not None:
            self.post_message(OpenTicket(approval.parent_id))

    def _url(self) -> str | None:
        approval = self.selected
        if approval is None or approval.parent_id is None:
            self.notify("No approval selected.", timeout=2)
            return None
        return self.session.ticket_url(approval.parent_id)

    def action_web_only(self, what: str) -> None:
        url = self._url()
        if url is not None:
            self.app.push_screen(WebOnlyScreen(f"{what} this request", url, open_url))

    def action_copy_url(self) -> None:
        url = self._url()
        if url is not None:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {url}", timeout=3)

    @work(group="my-approvals-browser", exit_on_error=False)
    async def action_open_in_browser(self) -> None:
        url = self._url()
        if url is None:
            return
        opened = await open_url(url)
        if opened:
            self.notify("Opened in the browser.", timeout=3)
        else:
            where = "No browser here" if opened is None else "The browser did not open"
            self.notify(f"{where}; press y to copy the link.", timeout=5)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load(True)
