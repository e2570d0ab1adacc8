"""The baseline of the terminal benchmark: a bare Textual app with a 20-row DataTable.

`python bench/minimal_app.py` (or `python -m bench.minimal_app`). It answers the same keys the
benchmark presses in fstui with the plainest Textual code that makes the same kind of visible
change, so each fstui figure has "what Textual itself costs" beside it:

- down: DataTable cursor;  `]`: the next of two queues (clear and re-add 20 rows);
- `/` then text: an Input that filters the rows (clear and re-add the matches); esc clears;
- `?`: a modal help screen;  `x`: a modal dialog with an OptionList;
- enter: push a detail screen (header + TabbedContent of three tabs; `2`, `5` switch tab,
  `l` a modal with an Input); esc pops it.  ctrl+q quits.

Rows look like fstui's queue (number, subject, requester, status, priority) so the benchmark's
"rows are visible" test reads both screens the same way. No timers: it writes nothing when idle.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    DataTable,
    Footer,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)

SUBJECTS = (
    "Printer jam on floor 3",
    "VPN drops every hour",
    "Password reset",
    "New laptop request",
    "Outlook keeps crashing",
)
PEOPLE = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov")
STATUSES = ("Open", "Pending", "Open", "Open", "Pending")
PRIORITIES = ("Low", "Medium", "High", "Urgent", "Medium")


def queue_rows(queue: int) -> list[tuple[str, str, str, str, str]]:
    """20 rows of one of two queues (the second has other numbers and subjects)."""
    rows = []
    for i in range(20):
        j = i + queue
        rows.append(
            (
                str(1000 + queue * 100 + i),
                f"{SUBJECTS[j % 5]} ({i})",
                PEOPLE[(j * 3) % 5],
                STATUSES[j % 5],
                PRIORITIES[(j * 2) % 5],
            )
        )
    return rows


class HelpModal(ModalScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("down: cursor  enter: open  /: filter  ]: next queue  x: dialog  esc: back")


class Dialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield OptionList("Open", "Pending", "Resolved", "Closed")


class Prompt(ModalScreen[None]):
    """`l` on the detail: a modal with one Input (fstui's link-an-asset dialog)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("Link an asset: its tag")
        yield Input(placeholder="e.g. LAP-0042")


class Detail(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("1", "tab('one')", "Conversation"),
        Binding("2", "tab('two')", "Time"),
        Binding("5", "tab('three')", "Related"),
        Binding("l", "ask", "Link"),
    ]

    def __init__(self, row: tuple[str, ...]) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        yield Static(f"#{self.row[0]} {self.row[1]}  {self.row[2]}  {self.row[3]}")
        with TabbedContent():
            with TabPane("Conversation", id="one"):
                yield Static(f"{self.row[2]} wrote:\n\n{self.row[1]}, since this morning.")
            with TabPane("Time", id="two"):
                yield Static("No time entries.")
            with TabPane("Related", id="three"):
                yield Static("No related tickets or assets.")
        yield Footer()

    def action_ask(self) -> None:
        self.app.push_screen(Prompt())

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab


class MinimalApp(App[None]):
    BINDINGS = [
        Binding("right_square_bracket", "queue(1)", "Next queue"),
        Binding("left_square_bracket", "queue(0)", "Prev queue"),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear", show=False),
        Binding("question_mark", "help_modal", "Help"),
        Binding("x", "dialog", "Dialog"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue = 0
        self.rows = queue_rows(0)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter", id="filter")
        yield DataTable(cursor_type="row", id="rows")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Subject", "Requester", "Status", "Priority")
        self.query_one("#filter").display = False
        self._show(self.rows)
        table.focus()

    def _show(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(rows)

    def action_queue(self, queue: int) -> None:
        self.queue, self.rows = queue, queue_rows(queue)
        self._show(self.rows)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value.lower()
        self._show([r for r in self.rows if text in " ".join(r).lower()])

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self._show(self.rows)
        self.query_one(DataTable).focus()

    def action_help_modal(self) -> None:
        self.push_screen(HelpModal())

    def action_dialog(self) -> None:
        self.push_screen(Dialog())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        table = self.query_one(DataTable)
        row = tuple(str(cell) for cell in table.get_row(event.row_key))
        self.push_screen(Detail(row))


if __name__ == "__main__":
    MinimalApp().run()
