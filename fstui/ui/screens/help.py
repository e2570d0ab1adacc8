"""`?` / F1: the keys of the screen the user came from, grouped, not a generic list.

Only fstui's own bindings are listed (every one has an `id`, the name `[keymap]` rebinds):
Textual's generic ones (`shift+tab Focus Previous`, `ctrl+c Copy selected text`) told a new
user nothing about fstui. They are grouped by where they act: the list under the cursor, the
screen, and everywhere; `End`/`Home` and the page keys scroll a long list.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from fstui.text import inert_line

__all__ = ["HelpScreen", "KeyGroup", "binding_groups", "binding_rows"]

KeyGroup = tuple[str, list[tuple[str, str]]]
"""(heading, [(keys, what they do)])."""

_LIST_PREFIXES = ("fast_table.", "movement.")
_EVERYWHERE_PREFIXES = ("app.",)


def _group_of(binding_id: str) -> str:
    if binding_id.startswith(_LIST_PREFIXES):
        return "Moving in lists"
    if binding_id.startswith(_EVERYWHERE_PREFIXES):
        return "Everywhere"
    return "This screen"


def binding_groups(screen: Screen[object]) -> list[KeyGroup]:
    """fstui's active bindings on `screen`, one row per action, grouped: this screen's first,
    then moving in lists, then what works everywhere. Bindings without an id are Textual's."""
    by_action: dict[str, tuple[str, list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id:
            continue
        description = binding.description or binding.action
        group, keys, _ = by_action.setdefault(
            binding.action, (_group_of(binding.id), [], description)
        )
        display = screen.app.get_key_display(Binding(key, binding.action))
        if display not in keys:
            keys.append(display)
    order = ["This screen", "Moving in lists", "Everywhere"]
    groups: dict[str, list[tuple[str, str]]] = {name: [] for name in order}
    for group, keys, description in by_action.values():
        groups[group].append((" ".join(keys), description))
    return [(name, rows) for name, rows in groups.items() if rows]


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """Every listed (keys, description), in the order the help shows them."""
    return [row for _, rows in binding_groups(screen) for row in rows]


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss_help", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="help.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="help.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="help.page_up"),
        Binding("end,G", "scroll_end", "Last key", show=False, id="help.end"),
        Binding("home,g", "scroll_home", "First key", show=False, id="help.home"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    HelpScreen Static { width: 100%; height: auto; }
    """

    def __init__(self, title: str, groups: list[KeyGroup]) -> None:
        super().__init__()
        self._title = title
        self._groups = groups

    @property
    def _rows(self) -> list[tuple[str, str]]:
        return [row for _, rows in self._groups for row in rows]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Action")
        for n, (heading, rows) in enumerate(self._groups):
            if n:
                table.add_row("", "")
            table.add_row(Text(heading, style="bold underline"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
        with VerticalScroll() as scroll:
            scroll.border_title = f"Keys: {inert_line(self._title, 40)}"
            yield Static(table)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()

    def action_page_down(self) -> None:
        self.query_one(VerticalScroll).scroll_page_down()

    def action_page_up(self) -> None:
        self.query_one(VerticalScroll).scroll_page_up()

    def action_scroll_end(self) -> None:
        self.query_one(VerticalScroll).scroll_end(animate=False)

    def action_scroll_home(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False)
