"""The new-ticket form (key N, palette "New ticket"): a ticket logged from a call or a walk-up.

Why a list of fields rather than a page of boxes: the account's form decides which fields
exist (a custom dropdown, a date, a dependent dropdown...) and which are required; one row per
form field, edited with enter in the modal its type calls for (fields view and form share the
editors), fits 80x24 however many fields an admin adds. Required fields carry `*` and are checked
with the form's own rules before anything is sent (`check_new_ticket`); a problem shows on its
row, and the server's 400 too (`server_problems`), so the agent fixes the field it names.

The create goes through the outbox with one idempotency token per form: offline it queues and
goes by itself; a lost answer is looked up before sending again, so exactly one ticket is made.
Delivered, the new ticket opens (the app routes `OpenTicket`).

A child ticket (`c` on the ticket screen) is this form with a parent: the requester, subject,
priority, urgency, impact, source, group, category and custom fields come from the parent and
stay editable, the create goes to the parent's `create_child_ticket`, and delivered, the agent
stays on the parent, whose Related tab lists the child.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import TICKET_ATTACHMENT_LIMIT, Ticket
from fstui.store.labels import Labels, labels_from, requester_identity
from fstui.store.new_tickets import (
    AttachmentProblem,
    FieldProblem,
    attachment_entry,
    check_entries,
    valid_email,
)
from fstui.store.outbox import Outcome
from fstui.store.writes import InvalidAddresses
from fstui.text import format_size, literal, one_line
from fstui.ui.errors import WorkerErrors
from fstui.ui.messages import OpenTicket
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.path_prompt import PathPromptScreen
from fstui.ui.modals.requester_search import Found, RequesterPick, RequesterSearchScreen
from fstui.ui.screens.ticket.compose import text_to_html
from fstui.ui.screens.ticket.editor import edit_text
from fstui.ui.screens.ticket.field_editor import ask_value
from fstui.ui.screens.ticket.fields_view import field_rows_text
from fstui.ui.screens.ticket.form_fields import (
    FormRow,
    body_for,
    display_value,
    merge_body,
    missing,
    rows_from,
    ticket_value,
)
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["NewTicketScreen", "row_for_problem"]

ATTACHMENTS = "__attachments__"
_DEFAULT_CODES = {"status": 2, "priority": 1, "source": 3}
"""Open, Low, Phone: what a ticket logged at the desk usually is (when the form offers them)."""
_INHERITED = frozenset({"subject", "priority", "urgency", "impact", "source", "group", "category"})
"""What a child takes from its parent (with the requester and the custom fields); the status
starts open and the agent is left to assign."""
_PROBLEM_ROWS = {
    "requester": "requester",
    "requester_id": "requester",
    "email": "requester",
    "phone": "requester",
    "name": "requester",
    "sub_category": "category",
    "item_category": "category",
    "type": "ticket_type",
    "group_id": "group",
    "responder_id": "agent",
    "department_id": "department",
    "attachments": ATTACHMENTS,
}


def row_for_problem(problem: FieldProblem, rows: list[FormRow]) -> str | None:
    """The row a problem (local or the server's) belongs to, by row name; None: no row."""
    name = _PROBLEM_ROWS.get(problem.field, problem.field)
    for row in rows:
        if row.name == name or row.key == problem.field or problem.field in row.levels:
            return row.name
    return None


class NewTicketScreen(WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new_ticket.cancel"),
        Binding("enter,e", "edit", "Edit field", id="new_ticket.edit"),
        Binding("ctrl+s", "send", "Create", id="new_ticket.send", priority=True),
        Binding("ctrl+o", "attach", "Attach file", id="new_ticket.attach"),
        Binding("ctrl+e", "external_editor", "Description in $EDITOR", id="new_ticket.editor"),
        Binding("delete,x", "clear", "Clear field", id="new_ticket.clear", show=False),
    ]
    DEFAULT_CSS = """
    NewTicketScreen #new-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    NewTicketScreen DataTable { height: 1fr; }
    NewTicketScreen #new-status { height: auto; max-height: 3; padding: 0 1; }
    """

    def __init__(self, session: Session, *, parent: Ticket | None = None) -> None:
        super().__init__()
        self.session = session
        self.parent_ticket = parent
        self.rows: list[FormRow] = []
        self.values: dict[str, Any] = {}
        self.requester: RequesterPick | None = None
        self.files: list[str] = []
        self.problems: dict[str, str] = {}
        self.labels: Labels = labels_from(session.store.reference_snapshot())
        self._token = uuid.uuid4().hex
        self._busy = False
        self._untouched: tuple[Any, ...] = (None, (), ())

    def compose(self) -> ComposeResult:
        title = Text("New ticket")
        if self.parent_ticket is not None:
            title = Text(f"Child ticket of #{self.parent_ticket.id}  ")
            title.append_text(literal(one_line(self.parent_ticket.subject, 80), "dim"))
        yield Static(title, id="new-title")
        yield DataTable(id="new-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            Text("enter edit · ctrl+s create · ctrl+o attach · * required", style="dim"),
            id="new-status",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Field", key="field", width=24)
        table.add_column("Value", key="value")
        self.load_form()

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.say(message, error=True)

    def say(self, message: str, *, error: bool = False) -> None:
        style = "bold red" if error else ""
        self.query_one("#new-status", Static).update(literal(message, style))

    @work(exclusive=True, group="new-ticket-load", exit_on_error=False)
    async def load_form(self) -> None:
        reference = await self.session.store.reference()
        self.labels = labels_from(reference)
        self.rows = rows_from(reference.ticket_fields)
        for row in self.rows:
            code = _DEFAULT_CODES.get(row.name)
            if code is not None and code in row.codes:
                self.values[row.name] = code
        if self.parent_ticket is not None:
            self._inherit(self.parent_ticket)
        self._untouched = self._as_typed()
        self.redraw()
        self.query_one(DataTable).focus()

    def _as_typed(self) -> tuple[Any, ...]:
        """What the agent could lose: compared with the form as it opened (defaults and what
        a child inherits are not the agent's typing)."""
        values = tuple(sorted((k, repr(v)) for k, v in self.values.items() if not missing(v)))
        return (self.requester, tuple(self.files), values)

    def _inherit(self, parent: Ticket) -> None:
        """A child starts as its parent: same requester, same classification, a description
        that says whose follow-up it is."""
        for row in self.rows:
            if row.kind == "requester" or not (row.custom or row.name in _INHERITED):
                continue
            value = ticket_value(row, parent)
            if not missing(value):
                self.values[row.name] = value
        self.values["description"] = f"Follow-up of #{parent.id}: {one_line(parent.subject, 200)}"
        if parent.requester_id is not None:
            name, email = requester_identity(parent, self.labels)
            label = f"{name} <{email}>" if email and name != email else name or email
            self.requester = RequesterPick(parent.requester_id, email, one_line(label, 80))

    # --- drawing -----------------------------------------------------------------------------

    def shown_rows(self) -> list[str]:
        return [*(row.name for row in self.rows), ATTACHMENTS]

    def redraw(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            if row.kind == "requester":
                shown = self.requester.label if self.requester else "—"
            elif row.kind == "description":
                text = str(self.values.get(row.name) or "")
                lines = text.count("\n") + 1 if text else 0
                shown = one_line(text, 60) + (f"  ({lines} lines)" if lines > 1 else "")
                shown = shown or "—"
            else:
                shown = display_value(row, self.values.get(row.name), self.labels)
            table.add_row(field_rows_text(row), self._cell(literal(shown), row.name), key=row.name)
        files = Text()
        for path in self.files:
            try:
                size = format_size(Path(path).stat().st_size)
            except OSError:
                size = "gone"
            files.append_text(literal(one_line(Path(path).name, 40)))
            files.append(f" {size}  ", style="dim")
        shown_files = files if self.files else Text("— (ctrl+o adds one)", style="dim")
        table.add_row(Text("Attachments"), self._cell(shown_files, ATTACHMENTS), key=ATTACHMENTS)
        table.move_cursor(row=max(0, min(cursor, len(self.rows))))

    def _cell(self, value: Text, name: str) -> Text:
        """The value, and what is wrong with it (in red, first: it must be seen at 80 columns)."""
        problem = self.problems.get(name)
        if not problem:
            return value
        cell = literal(f"✗ {one_line(problem, 70)}  ", "bold red")
        cell.append_text(value)
        return cell

    def current(self) -> str | None:
        table = self.query_one(DataTable)
        names = self.shown_rows()
        if table.cursor_row < 0 or not self.rows:
            return None
        return names[min(table.cursor_row, len(names) - 1)]

    def row(self, name: str) -> FormRow | None:
        return next((r for r in self.rows if r.name == name), None)

    # --- editing -----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    @work(group="new-ticket-edit", exit_on_error=False)
    async def action_edit(self) -> None:
        name = self.current()
        if name is None:
            return
        if name == ATTACHMENTS:
            await self._attach_file()
            return
        row = self.row(name)
        if row is None:
            return
        if row.kind == "requester":
            picked = await self.app.push_screen_wait(
                RequesterSearchScreen(self._search, valid_email)
            )
            if picked is not None:
                self.requester = picked
                self.problems.pop(row.name, None)
        else:
            edited = await ask_value(self.app, row, self.values.get(row.name), self.labels)
            if edited is None:
                return
            self.values[row.name] = edited.value
            self.problems.pop(row.name, None)
        self.redraw()

    async def _search(self, text: str) -> list[Found]:
        rows = await self.session.store.new_tickets.search_requesters(text)
        found = []
        for r in rows:
            if r.id is None:
                continue
            name = " ".join(p for p in (r.first_name, r.last_name) if p)
            found.append(Found(r.id, one_line(name, 60), one_line(r.primary_email or "", 80)))
        return found

    def action_clear(self) -> None:
        name = self.current()
        if name == ATTACHMENTS:
            self.files.clear()
        elif name == "requester":
            self.requester = None
        elif name is not None:
            self.values.pop(name, None)
        self.redraw()

    @work(group="new-ticket-edit", exit_on_error=False)
    async def action_attach(self) -> None:
        await self._attach_file()

    async def _attach_file(self) -> None:
        answer = await self.app.push_screen_wait(
            PathPromptScreen("Attach a file", limit=TICKET_ATTACHMENT_LIMIT)
        )
        if answer is None:
            return
        try:
            entry = attachment_entry(Path(answer))
            check_entries([*(attachment_entry(Path(p)) for p in self.files), entry])
        except (AttachmentProblem, OSError) as exc:
            self.problems[ATTACHMENTS] = str(exc)
            self.say(f"Not attached: {exc}", error=True)
            self.redraw()
            return
        if entry["path"] not in self.files:
            self.files.append(str(entry["path"]))
        self.problems.pop(ATTACHMENTS, None)
        self.say(f"Attached {entry['name']} ({format_size(int(entry['size']))}).")
        self.redraw()

    def action_external_editor(self) -> None:
        text = str(self.values.get("description") or "")
        try:
            with self.app.suspend():
                result = edit_text(text)
        except Exception as exc:  # SuspendNotSupported (headless, web): run it without
            if type(exc).__name__ != "SuspendNotSupported":
                raise
            result = edit_text(text)
        if not result.ok:
            self.say(result.message, error=True)
            return
        self.values["description"] = result.text
        self.redraw()

    # --- sending -----------------------------------------------------------------------------

    def body(self) -> dict[str, Any]:
        """The create body from what the form holds (fields left empty are not sent)."""
        body: dict[str, Any] = {}
        if self.requester is not None:
            if self.requester.id is not None:
                body["requester_id"] = self.requester.id
            else:
                body["email"] = self.requester.email
        for row in self.rows:
            if row.kind == "requester":
                continue
            value = self.values.get(row.name)
            if missing(value):
                continue
            if row.kind == "description":
                body["description"] = text_to_html(str(value))
                continue
            merge_body(body, body_for(row, value))
        body.setdefault("description", "")
        return body

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.problems = {}
        loose: list[str] = []
        for problem in problems:
            name = row_for_problem(problem, self.rows)
            message = problem.message or "not accepted"
            if name is None:
                loose.append(f"{problem.field}: {message}" if problem.field else message)
            else:
                self.problems.setdefault(name, message)
        self.redraw()
        first = next((i for i, n in enumerate(self.shown_rows()) if n in self.problems), None)
        if first is not None:
            self.query_one(DataTable).move_cursor(row=first)
        count = len(problems)
        words = f"{count} field{'s' if count != 1 else ''} to fix before creating"
        self.say("; ".join([words, *loose]), error=True)

    @work(group="new-ticket-send", exit_on_error=False)
    async def action_send(self) -> None:
        if self._busy:
            return
        body = self.body()
        problems = await self.session.store.new_tickets.check(body)
        if problems:
            self.show_problems(problems)
            return
        self._busy = True
        try:
            result = await self.session.writes.create_ticket(
                body,
                attachments=[Path(p) for p in self.files],
                parent_id=self.parent_ticket.id if self.parent_ticket is not None else None,
                token=self._token,
            )
        except (AttachmentProblem, InvalidAddresses) as exc:
            self.problems[ATTACHMENTS if isinstance(exc, AttachmentProblem) else "requester"] = str(
                exc
            )
            self.say(f"Not sent: {exc}", error=True)
            self.redraw()
            return
        finally:
            self._busy = False
        if result.outcome is Outcome.REJECTED:
            self.session.writes.drop(result.write.idempotency_token)
            self._token = uuid.uuid4().hex  # the fixed form is another write
            if result.field_errors:
                self.show_problems(
                    [
                        FieldProblem(one_line(f, 60), one_line(m, 200))
                        for f, m in result.field_errors
                    ]
                )
            else:
                self.say(f"Refused: {result.error or result.message}", error=True)
            return
        ticket = result.response if result.delivered else None
        self.dismiss(None)
        if self.parent_ticket is not None and isinstance(ticket, Ticket) and ticket.id is not None:
            # The agent was working the parent: stay there; its Related tab lists the child.
            self.app.notify(f"Child ticket #{ticket.id} created under #{self.parent_ticket.id}.")
        elif isinstance(ticket, Ticket) and ticket.id is not None:
            self.app.notify(f"Created #{ticket.id}.", timeout=4)
            self.app.post_message(OpenTicket(ticket.id))
        else:
            self.app.notify(
                f"New ticket {result.message}; it is created when Freshservice can be reached.",
                severity="warning",
                timeout=6,
            )

    @work(group="new-ticket-edit", exit_on_error=False)
    async def action_cancel(self) -> None:
        if self._as_typed() != self._untouched and not await self.app.push_screen_wait(
            ConfirmScreen("Discard this new ticket?", "What you typed is not kept.")
        ):
            return
        self.dismiss(None)
