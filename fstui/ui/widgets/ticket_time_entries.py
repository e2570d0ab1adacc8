"""Time entries tab: who logged how long, the total, and which timer is running.

The pane only shows; the keys it declares run actions on the ticket screen, which owns the
data and the writes. The bindings live here so the help screen lists them only when the
agent is on this tab.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fstui.api.models import TimeEntry
from fstui.text import hhmm, literal, one_line, parse_hhmm, relative_time
from fstui.ui.screens.ticket.labels import Labels


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


class TimeEntriesPane(Vertical):
    BINDINGS = [
        Binding("a", "screen.add_time_entry", "Add time", id="ticket.time.add"),
        Binding("e", "screen.edit_time_entry", "Edit time", id="ticket.time.edit"),
        Binding("d", "screen.delete_time_entry", "Delete time", id="ticket.time.delete"),
        Binding("t", "screen.toggle_timer", "Start/stop timer", id="ticket.time.timer"),
    ]
    DEFAULT_CSS = """
    TimeEntriesPane { height: 1fr; }
    TimeEntriesPane DataTable { height: 1fr; }
    TimeEntriesPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    TimeEntriesPane .pane-total { height: 1; padding: 0 1; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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
