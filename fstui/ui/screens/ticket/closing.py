"""Resolving or closing asks first for the fields the account requires for it.

Why: an admin can mark fields "required to resolve or close" (the demo account: Affected
service). Freshservice then refuses the status change ticket by ticket ("Affected service is
required to resolve or close the ticket"), so a bulk resolve of twenty tickets fails twenty
times. Instead the agent is asked once per missing field, before anything is sent, and the
value goes only to the tickets that lack it (a ticket that has one keeps its own).

Used by the queue's bulk status change (one hook in queue.py) and the ticket screen's status
edits (`ClosingEdits`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual.app import App
from textual.widget import Widget

from fstui.api import Ticket, TicketField
from fstui.store.labels import Labels
from fstui.ui.screens.ticket.field_editor import ask_value
from fstui.ui.screens.ticket.fields import PropertyEdits
from fstui.ui.screens.ticket.form_fields import (
    FormRow,
    body_for,
    closure_rows,
    merge_body,
    missing,
    ticket_value,
)

__all__ = [
    "CLOSING_STATUSES",
    "ClosingEdits",
    "ask_closure_fields",
    "asks_for_closure",
    "closing_fields",
    "lacking",
]

CLOSING_STATUSES = frozenset({4, 5})
"""Resolved and Closed (reference: the status codes; the account may rename, not renumber)."""


def _sent_value(row: FormRow, fields: Mapping[str, Any]) -> Any:
    return ticket_value(row, dict(fields))


def lacking(
    form: Sequence[TicketField],
    tickets: Sequence[Ticket | Mapping[str, Any]],
    fields: Mapping[str, Any],
) -> list[FormRow]:
    """The closure-required fields some of `tickets` lack and `fields` does not carry.

    A ticket known only from a list row without custom fields counts as lacking them."""
    if fields.get("status") not in CLOSING_STATUSES:
        return []
    rows = []
    for row in closure_rows(form):
        if not missing(_sent_value(row, fields)):
            continue
        if any(missing(ticket_value(row, ticket)) for ticket in tickets):
            rows.append(row)
    return rows


async def ask_closure_fields(
    app: App[Any],
    rows: Sequence[FormRow],
    count: int,
    labels: Labels | None = None,
) -> dict[str, Any] | None:
    """Ask once for each of `rows`; the body parts to add, or None when the agent cancelled."""
    extra: dict[str, Any] = {}
    many = f"{count} tickets" if count != 1 else "the ticket"
    for row in rows:
        title = f"{row.label}: required to resolve or close {many}"
        edited = await ask_value(app, row, None, labels, title=title)
        if edited is None or missing(edited.value):
            return None
        merge_body(extra, body_for(row, edited.value))
    return extra


def closing_fields(
    ticket: Ticket | Mapping[str, Any],
    fields: Mapping[str, Any],
    form: Sequence[TicketField],
) -> dict[str, Any]:
    """`fields` for one ticket of a bulk: closure values it already has are left out."""
    result = dict(fields)
    if fields.get("status") not in CLOSING_STATUSES:
        return result
    custom = dict(result.get("custom_fields") or {})
    for row in closure_rows(form):
        if missing(ticket_value(row, ticket)):
            continue
        if row.custom:
            for key in row.levels or (row.name,):
                custom.pop(key, None)
        else:
            for key in body_for(row, None):
                if key != "status":
                    result.pop(key, None)
    if custom:
        result["custom_fields"] = custom
    else:
        result.pop("custom_fields", None)
    return result


def asks_for_closure(
    screen: Widget,
    tickets: Sequence[Ticket | Mapping[str, Any]],
    form: Sequence[TicketField],
    fields: Mapping[str, Any],
    then: Callable[[dict[str, Any]], None],
) -> bool:
    """The queue's hook: True when the closure fields are being asked (`then` gets the
    fields with them once answered); False when nothing is missing (go on as before)."""
    rows = lacking(form, tickets, fields)
    if not rows:
        return False

    async def ask() -> None:
        extra = await ask_closure_fields(screen.app, rows, len(tickets))
        if extra is None:
            screen.notify("Not changed: the account requires those fields to resolve or close.")
            return
        merged = dict(fields)
        merge_body(merged, extra)
        then(merged)

    screen.run_worker(ask(), group="closure-fields", exit_on_error=False)
    return True


class ClosingEdits(PropertyEdits):
    """The ticket screen's property edits, asking for closure fields before resolving."""

    async def save(self, fields: dict[str, Any], summary: str) -> None:
        ticket = self.context.ticket
        if ticket is not None and fields.get("status") in CLOSING_STATUSES:
            reference = await self.context.store.reference()
            rows = lacking(reference.ticket_fields, [ticket], fields)
            if rows:
                extra = await ask_closure_fields(self.shell.app, rows, 1, self.context.labels)
                if extra is None:
                    self.shell.notify(
                        "Not changed: the account requires those fields to resolve or close.",
                        timeout=5,
                    )
                    return
                fields = dict(fields)
                merge_body(fields, extra)
                summary += " (with " + ", ".join(r.label for r in rows) + ")"
        await super().save(fields, summary)
