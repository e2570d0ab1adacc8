"""Approvals tab: who was asked to approve this ticket, what they answered and when, and the
three approval writes the API allows (request, remind, cancel), through the outbox.

Approving or rejecting is not in the API: `a`/`x` say so plainly and offer the web UI (open or
copy the ticket's URL) instead of pretending. The tab loads only when shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import Approval
from fstui.store.itsm_words import APPROVAL_STATUS_NAMES, APPROVAL_TYPE_NAMES
from fstui.store.labels import Labels
from fstui.text import literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.modals.web_only import WebOnlyScreen
from fstui.ui.screens.ticket.browser import open_url
from fstui.ui.screens.ticket.context import StatusNote, TicketContext, is_current, settled

__all__ = [
    "APPROVAL_STATUS_NAMES",
    "ApprovalsPane",
    "approval_status_text",
    "approver_choices",
]

STATUS_STYLES = {0: "bold yellow", 1: "green", 2: "red", 3: "dim"}
MAX_APPROVERS = 10


def approval_status_text(approval: Approval) -> Text:
    code = approval.status_id
    name = APPROVAL_STATUS_NAMES.get(code if code is not None else -1)
    if name is None:
        raw = (approval.approval_status or {}).get("name")
        name = one_line(str(raw), 20) if raw else "—"
    return literal(name, STATUS_STYLES.get(code if code is not None else -1, ""))


def _when(approval: Approval, now: datetime) -> str:
    stamp = approval.updated_at if approval.status_id not in (0, None) else approval.created_at
    return relative_time(stamp, now) if isinstance(stamp, datetime) else "—"


def approver_name(approval: Approval, labels: Labels) -> str:
    if approval.approver_name:
        return approval.approver_name
    return labels.agent(approval.approver_id) if approval.approver_id is not None else "—"


def approver_choices(labels: Labels, taken: set[int]) -> list[Choice[int]]:
    """Agents by name (me first), leaving out those already picked."""
    agents = sorted(labels.agents.values(), key=lambda p: p.name.casefold())
    choices: list[Choice[int]] = []
    me = labels.agents.get(labels.me_agent_id) if labels.me_agent_id is not None else None
    if me is not None and me.id not in taken:
        choices.append(Choice(me.id, f"{me.name} (me)", me.email))
    choices.extend(
        Choice(a.id, a.name, a.email)
        for a in agents
        if a.id not in taken and (me is None or a.id != me.id)
    )
    return choices


class ApprovalsPane(WorkerErrors, Vertical):
    BINDINGS = [
        Binding("plus", "request", "Request approval", id="ticket.approvals.request"),
        Binding("M", "remind", "Remind", id="ticket.approvals.remind"),
        Binding("X", "cancel_approval", "Cancel approval", id="ticket.approvals.cancel"),
        Binding("a", "web_only('Approving')", "Approve", id="ticket.approvals.approve"),
        Binding("x", "web_only('Rejecting')", "Reject", id="ticket.approvals.reject"),
    ]
    DEFAULT_CSS = """
    ApprovalsPane { height: 1fr; }
    ApprovalsPane DataTable { height: 1fr; overflow-x: hidden; }
    ApprovalsPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.approvals: list[Approval] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Loading approvals…", classes="pane-status")
        table: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="approvals-table"
        )
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Status", key="status", width=10)
        table.add_column("When", key="when", width=9)
        table.add_column("Type", key="type", width=15)
        table.add_column("Approver", key="approver", width=22)
        table.add_column("Remark", key="remark")

    def show_error(self, message: str) -> None:
        self.loaded = True
        self.query_one(".pane-status", Static).update(literal(message, "red"))

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        if worker.group == "ticket-approvals":
            self.show_error(message)
        else:
            self.post_message(StatusNote(error=message))

    def show(self, approvals: Sequence[Approval], labels: Labels, now: datetime) -> None:
        self.approvals = list(approvals)
        self.loaded = True
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for approval in self.approvals:
            kind = APPROVAL_TYPE_NAMES.get(approval.approval_type or 0, "—")
            table.add_row(
                approval_status_text(approval),
                Text(_when(approval, now)),
                Text(kind),
                literal(one_line(approver_name(approval, labels), 40)),
                literal(one_line(approval.latest_remark or "", 200), "dim"),
                key=str(approval.id),
            )
        if self.approvals:
            table.move_cursor(row=min(max(keep, 0), len(self.approvals) - 1))
        waiting = sum(1 for a in self.approvals if a.waiting)
        head = (
            f"{len(self.approvals)} approval{'s' if len(self.approvals) != 1 else ''}"
            f", {waiting} waiting. "
            if self.approvals
            else "No approvals. "
        )
        self.query_one(".pane-status", Static).update(
            Text(head + "+ request · M remind · X cancel · a/x: web UI only")
        )

    @property
    def selected(self) -> Approval | None:
        table = self.query_one(DataTable)
        if not self.approvals or not 0 <= table.cursor_row < len(self.approvals):
            return None
        return self.approvals[table.cursor_row]

    # --- loading --------------------------------------------------------------------------

    @work(exclusive=True, group="ticket-approvals", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        approvals = (await context.store.itsm.approvals(ticket_id, force=force)).value
        if is_current(context, ticket_id):
            self.show(approvals, context.labels, now_of(self.app))

    def clear(self) -> None:
        self.show([], self.context.labels, now_of(self.app))
        self.loaded = False

    # --- writes ---------------------------------------------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_request(self) -> None:
        context = self.context
        ticket_id = context.ticket_id
        types = [Choice(code, name, hint=str(code)) for code, name in APPROVAL_TYPE_NAMES.items()]
        approval_type = await self.app.push_screen_wait(
            PickerScreen(f"Approval type for #{ticket_id}", types)
        )
        if approval_type is None:
            return
        labels = context.labels
        picked: list[int] = []
        while len(picked) < MAX_APPROVERS:
            ordinal = f"approver {len(picked) + 1}" + (" (esc when done)" if picked else "")
            choices = approver_choices(labels, set(picked))
            if not choices:
                break
            approver = await self.app.push_screen_wait(
                PickerScreen(f"Ask for approval: {ordinal}", choices)
            )
            if approver is None:
                break
            picked.append(approver)
        if not picked:
            return
        sent = 0
        for approver in picked:
            result = await context.writes.request_approval(
                ticket_id, approver, approval_type=approval_type
            )
            if settled(self, context, result, "Approval request"):
                sent += 1
        if sent:
            names = ", ".join(one_line(labels.agent(a), 30) for a in picked)
            self.notify(f"Approval requested from {names}.", timeout=4)
        self._after_write(ticket_id)

    @work(group="ticket-write", exit_on_error=False)
    async def action_remind(self) -> None:
        approval = self._waiting_selection()
        if approval is None or approval.id is None:
            return
        context = self.context
        result = await context.writes.remind_approval(context.ticket_id, approval.id)
        if settled(self, context, result, "Reminder"):
            who = one_line(approver_name(approval, context.labels), 40)
            self.notify(f"Reminder sent to {who}.", timeout=3)
        self._after_write(context.ticket_id)

    @work(group="ticket-write", exit_on_error=False)
    async def action_cancel_approval(self) -> None:
        approval = self._waiting_selection()
        if approval is None or approval.id is None:
            return
        context = self.context
        body = Text("Cancel the approval asked of ")
        body.append_text(literal(one_line(approver_name(approval, context.labels), 60), "bold"))
        body.append("?")
        if not await self.app.push_screen_wait(ConfirmScreen("Cancel approval?", body)):
            return
        result = await context.writes.cancel_approval(context.ticket_id, approval.id)
        if settled(self, context, result, "Cancelling the approval"):
            self.notify("Approval cancelled.", timeout=3)
        self._after_write(context.ticket_id)

    def _waiting_selection(self) -> Approval | None:
        approval = self.selected
        if approval is None:
            self.notify("No approval selected.", timeout=2)
            return None
        if not approval.waiting:
            self.notify("That approval is no longer waiting.", timeout=3)
            return None
        return approval

    def _after_write(self, ticket_id: int) -> None:
        """Re-read this list; My approvals forgets its copy too (an approval asked of me
        may have been requested or cancelled here)."""
        me = self.context.labels.me_agent_id
        if me is not None:
            self.context.store.itsm.forget_my_approvals(me)
        if is_current(self.context, ticket_id):
            self.load(True)

    def action_web_only(self, what: str) -> None:
        url = self.context.session.ticket_url(self.context.ticket_id)
        self.app.push_screen(WebOnlyScreen(f"{what} this request", url, open_url))
