"""Time entries tab: who logged how long, the total, which timer is running, and the writes.

The tab is a room of its own: its loader, its keys (listed by the help screen only while the
agent is on this tab), its writes (add, edit, delete, the timer) and where its errors show.
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

from fstui.api import FreshserviceError, TimeEntry
from fstui.store.labels import Labels
from fstui.store.writes import RunningTimer
from fstui.text import hhmm, literal, one_line, parse_hhmm, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors, describe_error
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.time_entry_form import TimeEntryForm
from fstui.ui.screens.ticket.context import (
    StatusNote,
    TicketContext,
    is_current,
    report_held,
    settled,
)


def entry_minutes(entry: TimeEntry, now: datetime | None = None) -> int:
    """Minutes logged; a running timer also counts the time since it was (re)started."""
    try:
        minutes = parse_hhmm(entry.time_spent or "00:00")
    except ValueError:
        minutes = 0
    if entry.timer_running and now is not None and isinstance(entry.start_time, datetime):
        minutes += max(0, int((now - entry.start_time).total_seconds() // 60))
    return minutes


def total_minutes(entries: Sequence[TimeEntry], now: datetime | None = None) -> int:
    return sum(entry_minutes(e, now) for e in entries)


class TimeEntriesPane(WorkerErrors, Vertical):
    BINDINGS = [
        Binding("a", "add_time_entry", "Add time", id="ticket.time.add"),
        Binding("e", "edit_time_entry", "Edit time", id="ticket.time.edit"),
        Binding("d", "delete_time_entry", "Delete time", id="ticket.time.delete"),
        Binding("t", "toggle_timer", "Start/stop timer", id="ticket.time.timer"),
    ]
    DEFAULT_CSS = """
    TimeEntriesPane { height: 1fr; }
    TimeEntriesPane DataTable { height: 1fr; }
    TimeEntriesPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    TimeEntriesPane .pane-total { height: 1; padding: 0 1; text-style: bold; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.entries: list[TimeEntry] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Loading time entries…", classes="pane-status")
        table: DataTable[Text | str] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", classes="pane-total")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Agent", key="agent", width=18)
        table.add_column("Time", key="time", width=7)
        table.add_column("Bill", key="billable", width=4)
        table.add_column("Executed", key="executed", width=10)
        table.add_column("Note", key="note")

    def show_error(self, message: str) -> None:
        self.query_one(".pane-status", Static).update(literal(message, "red"))

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        if worker.group == "ticket-time":
            self.show_error(message)
        else:
            self.post_message(StatusNote(error=message))

    def show(self, entries: Sequence[TimeEntry], labels: Labels, now: datetime) -> None:
        self.entries = list(entries)
        self.loaded = True
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for entry in self.entries:
            running = bool(entry.timer_running)
            time_text = Text(hhmm(entry_minutes(entry, now)))
            if running:
                time_text.append(" ▶", style="bold green")
            executed = (
                relative_time(entry.executed_at, now)
                if isinstance(entry.executed_at, datetime)
                else "—"
            )
            table.add_row(
                literal(one_line(labels.agent(entry.agent_id), 40)),
                time_text,
                Text("yes" if entry.billable else "no", style="" if entry.billable else "dim"),
                Text(executed),
                literal(one_line(entry.note, 300)),
                key=str(entry.id),
            )
        if self.entries:
            table.move_cursor(row=min(keep, len(self.entries) - 1))
        status = self.query_one(".pane-status", Static)
        running_count = sum(1 for e in self.entries if e.timer_running)
        status.update(
            Text(
                ("No time logged yet. " if not self.entries else "")
                + ("A timer is running here. " if running_count else "")
                + "a add · e edit · d delete · t start/stop timer"
            )
        )
        billable = total_minutes([e for e in self.entries if e.billable], now)
        self.query_one(".pane-total", Static).update(
            Text(
                f"Total {hhmm(total_minutes(self.entries, now))}  (billable {hhmm(billable)})"
                f"  · {len(self.entries)} entr{'y' if len(self.entries) == 1 else 'ies'}"
            )
        )

    @property
    def selected(self) -> TimeEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row < 0 or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    # --- loading --------------------------------------------------------------------------

    @work(exclusive=True, group="ticket-time", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        entries = (await context.store.time_entries(ticket_id, force=force)).value
        if is_current(context, ticket_id):
            self.show(entries, context.labels, now_of(self.app))
            self.post_message(StatusNote())

    def clear(self) -> None:
        """Empty, to be loaded again: a key pressed before the next ticket's rows arrive must
        not act on an entry of the ticket just left."""
        self.show([], self.context.labels, now_of(self.app))
        self.loaded = False

    # --- writes ---------------------------------------------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_add_time_entry(self) -> None:
        context = self.context
        ticket_id = context.ticket_id
        got = await self.app.push_screen_wait(TimeEntryForm(f"Log time on #{ticket_id}"))
        if got is None:
            return
        result = await context.writes.add_time_entry(
            ticket_id,
            time_spent=got.time_spent,
            note=got.note,
            billable=got.billable,
            agent_id=context.labels.me_agent_id,
        )
        if result.delivered:
            self.notify(f"Logged {got.time_spent}.", timeout=3)
        else:
            report_held(self, context.writes, result, "Time entry")
        self.load(not result.delivered)  # a delivered one is in the cached list

    @work(group="ticket-write", exit_on_error=False)
    async def action_edit_time_entry(self) -> None:
        entry = self.selected
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
        result = await self.context.writes.update_time_entry(
            self.context.ticket_id,
            entry.id,
            {"time_spent": got.time_spent, "note": got.note, "billable": got.billable},
        )
        if settled(self, self.context, result, "Time entry"):
            self.notify("Time entry updated.", timeout=3)
        self.load(True)

    @work(group="ticket-write", exit_on_error=False)
    async def action_delete_time_entry(self) -> None:
        entry = self.selected
        if entry is None or entry.id is None:
            self.notify("No time entry selected.", timeout=2)
            return
        body = Text()
        body.append(f"{entry.time_spent or '00:00'} by ")
        body.append_text(literal(self.context.labels.agent(entry.agent_id)))
        body.append(": ")
        body.append_text(literal(one_line(entry.note, 200)))
        body.append("\n\nDeleted time entries cannot be restored.")
        if not await self.app.push_screen_wait(ConfirmScreen("Delete time entry?", body)):
            return
        result = await self.context.writes.delete_time_entry(self.context.ticket_id, entry.id)
        if settled(self, self.context, result, "Time entry"):
            self.notify("Time entry deleted.", timeout=3)
        self.load(True)
        self.post_message(StatusNote())

    @work(group="ticket-write", exit_on_error=False)
    async def action_toggle_timer(self) -> None:
        """Stop my timer here, or start one (after offering to stop mine on another ticket)."""
        context = self.context
        ticket_id = context.ticket_id
        try:
            changed = await self._toggle_timer(ticket_id)
        except FreshserviceError as exc:  # the one place that adds a hint to the sentence
            message = describe_error(exc)
            if "timer" in message.lower():
                message += " (a timer of yours runs on another ticket; stop it there first)"
            self.post_message(StatusNote(error=message))
            return
        if changed:
            self.load(True)
            self.post_message(StatusNote())

    async def _toggle_timer(self, ticket_id: int) -> bool:
        store, writes = self.context.store, self.context.writes
        me = self.context.labels.me_agent_id
        entries = (await store.time_entries(ticket_id, force=True)).value
        mine_here = next(
            (e for e in entries if e.timer_running and (me is None or e.agent_id == me)),
            None,
        )
        if mine_here is not None and mine_here.id is not None:
            result = await writes.stop_timer(ticket_id, mine_here.id)
            if settled(self, self.context, result, "Timer"):
                stopped = result.response
                spent = getattr(stopped, "time_spent", None) or "?"
                self.notify(f"Timer stopped at {spent}.", timeout=3)
            return True
        timer = writes.running_timer()
        elsewhere = timer is not None and timer.ticket_id != ticket_id
        if timer is not None and elsewhere and await writes.timer_still_running(timer):
            if not await self._offer_stop_elsewhere(timer):
                return False
            if timer.entry_id is None:  # its start is still queued: it never ran
                writes.cancel_queued_timer(timer.ticket_id)
            else:
                stopped = await writes.stop_timer(timer.ticket_id, timer.entry_id)
                if not settled(self, self.context, stopped, "Timer"):
                    return False
        result = await writes.start_timer(ticket_id, agent_id=me)
        if settled(self, self.context, result, "Timer"):
            self.notify("Timer started. t again stops it.", timeout=3)
        return True

    async def _offer_stop_elsewhere(self, timer: RunningTimer) -> bool:
        other = self.context.store.peek_ticket(timer.ticket_id)
        body = Text(f"Your timer is running on #{timer.ticket_id}")
        if other is not None and other.value.subject:
            body.append(" (")
            body.append_text(literal(one_line(other.value.subject, 60)))
            body.append(")")
        body.append(".\nOnly one timer can run per agent. Stop it there and start one here?")
        answer: bool = await self.app.push_screen_wait(ConfirmScreen("A timer is running", body))
        return answer
