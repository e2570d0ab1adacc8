"""`?` / F1: every binding of the screen the user came from, not a generic list."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for each distinct action active on `screen`, in binding order."""
    by_action: dict[str, tuple[list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.action
        entry = by_action.setdefault(binding.action, ([], description))
        display = screen.app.get_key_display(Binding(key, binding.action))
        if display not in entry[0]:
            entry[0].append(display)
    return [(" ".join(keys), description) for keys, description in by_action.values()]


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss_help", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    HelpScreen Static { width: 100%; height: auto; }
    """

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        for keys, description in self._rows:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll() as scroll:
            scroll.border_title = f"Keys: {self._title}"
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()
