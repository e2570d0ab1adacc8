"""A small fuzzy-filter picker: type a few letters, arrow to a choice, enter.

Agents pick from lists of 5 (priorities) to 500 (agents); typing "jsm" should find "John
Smith" as readily as "smith". Used by the ticket screen for property edits and by the
queue screen for bulk edits, so it knows nothing about tickets: it returns the `value` of
the chosen `Choice`, or None when dismissed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.text import inert_line, one_line, safe_input_value
from fstui.text.inert import TITLE_MAX

T = TypeVar("T")


@dataclass(frozen=True)
class Choice(Generic[T]):
    """One pickable item; `hint` is shown dimmed after the label and is searchable too."""

    value: T
    label: str
    hint: str = ""
    current: bool = False


def fuzzy_score(query: str, text: str) -> int | None:
    """Lower is better; None means no match.

    Every query character must appear in order. Whole-substring and word-start hits rank
    first so "net" puts "Network" above "Internet Explorer".
    """
    q = query.casefold().strip()
    if not q:
        return 0
    t = text.casefold()
    at = t.find(q)
    if at >= 0:
        word_start = at == 0 or not t[at - 1].isalnum()
        return (0 if word_start else 100) + at
    score = 1000
    position = 0
    previous = -1
    for char in q:
        if char == " ":
            continue
        found = t.find(char, position)
        if found < 0:
            return None
        if previous >= 0:
            score += found - previous - 1
        word_start = found == 0 or not t[found - 1].isalnum()
        if not word_start:
            score += 5  # word starts count most: "flth" is Felix THomas before Fletcher Smith
        previous = found
        position = found + 1
    return score


def filter_choices(query: str, choices: Sequence[Choice[T]]) -> list[Choice[T]]:
    """The matching choices, best first; stable for ties so the original order is kept."""
    scored: list[tuple[int, int, Choice[T]]] = []
    for index, choice in enumerate(choices):
        score = fuzzy_score(query, f"{choice.label} {choice.hint}")
        if score is not None:
            scored.append((score, index, choice))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [choice for _, _, choice in scored]


class PickerScreen(ModalScreen[T | None], Generic[T]):
    """Input on top, filtered OptionList below; enter picks, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next choice", id="picker.down", show=False),
        Binding("up", "move(-1)", "Previous choice", id="picker.up", show=False),
        Binding("pagedown", "move(10)", "Page down", id="picker.page_down", show=False),
        Binding("pageup", "move(-10)", "Page up", id="picker.page_up", show=False),
    ]
    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    PickerScreen Input { margin: 0; }
    PickerScreen OptionList { height: auto; max-height: 16; border: none; padding: 0; }
    PickerScreen .picker-empty { color: $text-muted; }
    """

    def __init__(self, title: str, choices: Sequence[Choice[T]], *, initial: str = "") -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._shown: list[Choice[T]] = []
        self._initial = str(safe_input_value(initial))  # may be a value from the server

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            box.border_subtitle = "type to filter · enter pick · esc cancel"
            yield Input(value=self._initial, placeholder="filter…", id="picker-input")
            yield OptionList(id="picker-options")
            yield Static("", classes="picker-empty")

    def on_mount(self) -> None:
        self._refilter(self._initial)
        self.query_one(Input).focus()

    @property
    def shown(self) -> list[Choice[T]]:
        """The choices currently listed, in display order."""
        return list(self._shown)

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        self._pick_highlighted()

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _refilter(self, query: str) -> None:
        self._shown = filter_choices(query, self._choices)
        options = self.query_one(OptionList)
        options.set_options(_option(choice) for choice in self._shown)
        empty = self.query_one(".picker-empty", Static)
        empty.update("no matches" if not self._shown else "")
        empty.display = not self._shown
        if self._shown:
            current = next((i for i, c in enumerate(self._shown) if c.current), None)
            options.highlighted = current if current is not None and not query else 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        now = options.highlighted or 0
        options.highlighted = max(0, min(len(self._shown) - 1, now + step))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _pick_highlighted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._pick(highlighted)

    def _pick(self, index: int) -> None:
        if 0 <= index < len(self._shown):
            self.dismiss(self._shown[index].value)


def _option(choice: Choice[Any]) -> Option:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("● " if choice.current else "  ", style="bold")
    text.append(one_line(choice.label, 80))
    if choice.hint:
        text.append("  ")
        text.append(one_line(choice.hint, 60), style="dim")
    return Option(text)
