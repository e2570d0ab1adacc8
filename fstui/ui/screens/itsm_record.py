"""A problem or a change, read-only: what it is, where it stands, who owns it, when it is
planned, and its description as readable text.

Opened from a ticket's Related tab: an incident agent wants to know "is someone already on
this, and when will it be fixed?" without leaving the terminal. Nothing here writes. Every
value that came from the account passes through `literal`/`one_line`, and the description
through `html_to_document` (the same rendering as a ticket's thread).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from fstui.api import Change, Problem
from fstui.store.labels import Labels, labels_from
from fstui.store.ticket_links import record_status
from fstui.text import html_to_document, literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["ItsmRecordScreen", "record_description", "record_summary"]

CHANGE_TYPES = {1: "Minor", 2: "Standard", 3: "Major", 4: "Emergency"}
"""Change types by code (reference: change_type 1 minor .. 4 emergency)."""
RISKS = {1: "Low", 2: "Medium", 3: "High", 4: "Very high"}


def _stamp(value: datetime | str | None, now: datetime) -> Text:
    if isinstance(value, datetime):
        local = value.astimezone(now.tzinfo)
        return Text(f"{local:%a %d %b %Y %H:%M} ({relative_time(value, now)})")
    return literal(one_line(value, 40)) if value else Text("—", style="dim")


def _row(text: Text, label: str, value: Text) -> None:
    if text.plain:
        text.append("\n")
    text.append(f"{label:<14}", style="dim")
    text.append_text(value)


def record_summary(
    kind: str, record: Problem | Change, labels: Labels, now: datetime, *, number: int
) -> Text:
    """The record's fields as aligned "label value" lines; `number` is the display id asked
    for (a view answers with ``id``; the display id is what agents quote)."""
    prefix = "PRB" if kind == "problem" else "CHN"
    out = Text()
    title = Text(f"{prefix}-{number} ", style="bold cyan")
    title.append_text(literal(one_line(record.subject or "(no subject)", 300), "bold"))
    out.append_text(title)
    _row(out, "Status", literal(record_status(kind, record.status), "bold"))
    _row(out, "Priority", literal(labels.priority(record.priority)))
    _row(out, "Impact", literal(labels.impact(record.impact)))
    owner = record.owner_id if record.owner_id is not None else record.agent_id
    _row(out, "Owner", literal(one_line(labels.agent(owner), 60)))
    _row(out, "Group", literal(one_line(labels.group(record.group_id), 60)))
    if isinstance(record, Change):
        _row(out, "Type", Text(CHANGE_TYPES.get(record.change_type or 0, "—")))
        _row(out, "Risk", Text(RISKS.get(record.risk or 0, "—")))
        _row(out, "Planned start", _stamp(record.planned_start_date, now))
        _row(out, "Planned end", _stamp(record.planned_end_date, now))
    else:
        _row(out, "Due", _stamp(record.due_by, now))
        if record.known_error:
            _row(out, "Known error", Text("yes", style="yellow"))
    _row(out, "Created", _stamp(record.created_at, now))
    _row(out, "Updated", _stamp(record.updated_at, now))
    return out


def record_description(record: Problem | Change) -> Text:
    """The description as readable text (HTML rendered; the plain copy when there is none)."""
    if record.description:
        body = html_to_document(record.description).render(show_quotes=True)
    else:
        body = record.description_text or ""
    body = body.strip()
    return literal(body) if body else Text("No description.", style="dim")


class ItsmRecordScreen(WorkerErrors, Screen[None]):
    """`kind` is "problem" or "change"; one cached read (ticket freshness)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="itsm.back"),
        Binding("f5,ctrl+r", "refresh", "Refresh", id="itsm.refresh", show=False),
    ]
    DEFAULT_CSS = """
    ItsmRecordScreen #itsm-summary { height: auto; padding: 0 1; background: $boost; }
    ItsmRecordScreen #itsm-scroll { height: 1fr; padding: 0 1; }
    ItsmRecordScreen #itsm-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, session: Session, kind: str, display_id: int) -> None:
        super().__init__()
        self.session = session
        self.kind = kind
        self.display_id = display_id
        self.record: Problem | Change | None = None

    def compose(self) -> ComposeResult:
        prefix = "PRB" if self.kind == "problem" else "CHN"
        yield Static(Text(f"{prefix}-{self.display_id}  loading…", style="bold"), id="itsm-summary")
        with VerticalScroll(id="itsm-scroll"):
            yield Static("", id="itsm-description")
        yield Static("Read-only. esc back", id="itsm-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load(False)

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.query_one("#itsm-status", Static).update(literal(message, "bold red"))

    @work(exclusive=True, group="itsm-record", exit_on_error=False)
    async def load(self, force: bool) -> None:
        itsm = self.session.store.itsm
        if self.kind == "problem":
            record: Problem | Change = (await itsm.problem(self.display_id, force=force)).value
        else:
            record = (await itsm.change(self.display_id, force=force)).value
        self.record = record
        labels = labels_from(self.session.store.reference_snapshot())
        summary = record_summary(
            self.kind, record, labels, now_of(self.app), number=self.display_id
        )
        self.query_one("#itsm-summary", Static).update(summary)
        self.query_one("#itsm-description", Static).update(record_description(record))
        noun = "Problem" if self.kind == "problem" else "Change"
        self.query_one("#itsm-status", Static).update(
            Text(f"{noun}, read-only (the web UI edits it). esc back · f5 refresh")
        )

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load(True)
