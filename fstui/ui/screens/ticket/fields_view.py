"""The fields view (key F): every field of the account's ticket form with the ticket's value.

Why a view of its own: the header shows the few fields an agent reads on every ticket; an
account's form has more (custom dropdowns, dependent dropdowns, checkboxes, text, numbers,
dates) and some are required before a ticket may be resolved. Here each one is listed with its
value and edited with enter, through the same save as the property keys (the outbox, with the
conflict check: someone else's change since the ticket was read is shown and the agent decides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.text import literal, one_line
from fstui.ui.errors import WorkerErrors
from fstui.ui.screens.ticket.field_editor import ask_value
from fstui.ui.screens.ticket.form_fields import (
    FormRow,
    body_for,
    display_value,
    rows_from,
    ticket_value,
)
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.ui.screens.ticket.fields import PropertyEdits

__all__ = ["FieldsView", "field_rows_text"]


def field_rows_text(row: FormRow) -> Text:
    """The field's label with its marks: * required, ◆ required to resolve or close."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append_text(literal(one_line(row.label, 40)))
    if row.required:
        text.append(" *", style="bold red")
    if row.required_for_closure:
        text.append(" ◆", style="bold yellow")
    return text


class FieldsView(WorkerErrors, Screen[None]):
    """Lists the form's fields for the ticket on show; enter edits the one under the cursor."""

    BINDINGS = [
        Binding("escape,F", "close", "Back", id="fields.back"),
        Binding("enter,e", "edit", "Edit", id="fields.edit"),
    ]
    DEFAULT_CSS = """
    FieldsView #fields-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    FieldsView DataTable { height: 1fr; }
    FieldsView #fields-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, edits: PropertyEdits) -> None:
        super().__init__()
        self.edits = edits
        self.rows: list[FormRow] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="fields-title")
        yield DataTable(id="fields-table", cursor_type="row", zebra_stripes=True)
        yield Static(
            Text("enter edit · * required · ◆ required to resolve or close · esc back"),
            id="fields-status",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Field", key="field", width=26)
        table.add_column("Value", key="value")
        self.load_rows()

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.query_one("#fields-status", Static).update(literal(message, "bold red"))

    @work(exclusive=True, group="fields-load", exit_on_error=False)
    async def load_rows(self) -> None:
        reference = await self.edits.context.store.reference()
        self.rows = [r for r in rows_from(reference.ticket_fields) if r.kind != "description"]
        self.redraw()

    def redraw(self) -> None:
        context = self.edits.context
        ticket = context.ticket
        title = Text(f"Fields of #{context.ticket_id}")
        if ticket is not None and ticket.subject:
            title.append("  ")
            title.append_text(literal(one_line(ticket.subject, 80)))
        self.query_one("#fields-title", Static).update(title)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, row in enumerate(self.rows):
            value: Any = None
            if ticket is not None:
                value = ticket_value(row, ticket)
            if row.kind == "requester" and ticket is not None:
                shown = self._requester(ticket.requester_id)
            else:
                shown = display_value(row, value, context.labels)
            table.add_row(field_rows_text(row), literal(shown), key=str(index))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def _requester(self, requester_id: int | None) -> str:
        ticket = self.edits.context.ticket
        if ticket is not None and ticket.requester is not None:
            name = ticket.requester.name or ""
            email = ticket.requester.email or ""
            return one_line(f"{name} <{email}>" if name and email else name or email, 80)
        person = self.edits.context.labels.requesters.get(requester_id or -1)
        return one_line(person.name, 80) if person else "—"

    def current_row(self) -> FormRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    @work(group="fields-write", exit_on_error=False)
    async def action_edit(self) -> None:
        row = self.current_row()
        ticket = self.edits.context.ticket
        if row is None or ticket is None:
            return
        if row.kind == "requester":
            self.notify("The requester is not changed from here.", timeout=3)
            return
        current = ticket_value(row, ticket)
        title = f"{row.label} of #{self.edits.context.ticket_id}"
        edited = await ask_value(self.app, row, current, self.edits.context.labels, title=title)
        if edited is None or edited.value == current:
            return
        summary = f"{row.label} → {display_value(row, edited.value, self.edits.context.labels)}"
        await self.edits.save(body_for(row, edited.value), summary)
        self.redraw()

    def action_close(self) -> None:
        self.dismiss(None)
