"""Finding the requester of a new ticket as the agent types, or taking a new address.

Why a modal of its own: the picker filters a list it already has; a requester directory can
hold tens of thousands, so this one asks the server (through the `search` callable the screen
passes, a prefix search) after a short pause in typing, and offers the typed text as a new
requester's address when it is one. Names and addresses from the server are sanitised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.text import one_line, safe_input_value

__all__ = ["Found", "RequesterPick", "RequesterSearchScreen"]

PAUSE_SECONDS = 0.3
"""Typing pauses this long before a search is sent: one call per word, not per key."""


@dataclass(frozen=True)
class Found:
    """A requester the search found."""

    id: int
    name: str
    email: str


@dataclass(frozen=True)
class RequesterPick:
    """The agent's choice: an existing requester (`id`) or a new one by `email`."""

    id: int | None
    email: str
    label: str


Search = Callable[[str], Awaitable[Sequence[Found]]]
IsEmail = Callable[[str], bool]


class RequesterSearchScreen(ModalScreen[RequesterPick | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="requester.cancel")]
    DEFAULT_CSS = """
    RequesterSearchScreen { align: center middle; }
    RequesterSearchScreen > Vertical {
        width: 72; max-width: 95%; height: 20; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    RequesterSearchScreen OptionList { height: 1fr; }
    RequesterSearchScreen .requester-keys { color: $text-muted; }
    """

    def __init__(self, search: Search, is_email: IsEmail, *, initial: str = "") -> None:
        super().__init__()
        self._search = search
        self._is_email = is_email
        self._initial = str(safe_input_value(initial))  # the requester's name, as served
        self._picks: list[RequesterPick] = []
        self._timer: Timer | None = None
        self.searches = 0

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text("Requester")
            yield Input(self._initial, placeholder="name or email…", id="requester-input")
            yield OptionList(id="requester-options")
            yield Static("", id="requester-state")
            yield Static(
                Text("type to search · ↓ to the list · enter pick · esc cancel"),
                classes="requester-keys",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self._initial:
            self._schedule(self._initial)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._schedule(event.value)

    def _schedule(self, text: str) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PAUSE_SECONDS, lambda: self._run(text))

    @work(exclusive=True, group="requester-search", exit_on_error=False)
    async def _run(self, text: str) -> None:
        state = self.query_one("#requester-state", Static)
        state.update(Text("searching…", style="dim"))
        self.searches += 1
        try:
            found = list(await self._search(text))
        except Exception as exc:  # offline: a new address still works
            found = []
            state.update(Text(f"search failed: {one_line(str(exc), 60)}", style="yellow"))
        else:
            state.update(Text(f"{len(found)} found", style="dim"))
        picks = [
            RequesterPick(
                f.id,
                f.email,
                one_line(f"{f.name} <{f.email}>" if f.email else f.name, 80),
            )
            for f in found
        ]
        typed = text.strip()
        if self._is_email(typed) and all(p.email.lower() != typed.lower() for p in picks):
            picks.append(RequesterPick(None, typed, f"new requester: {one_line(typed, 70)}"))
        self.show(picks)

    def show(self, picks: list[RequesterPick]) -> None:
        self._picks = picks
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(p.label)) for p in picks])
        if picks:
            options.highlighted = 0

    @property
    def picks(self) -> list[RequesterPick]:
        return list(self._picks)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key == "down" and self.query_one(Input).has_focus and self._picks:
            self.query_one(OptionList).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one(OptionList).highlighted
        if self._picks:
            self.dismiss(self._picks[index or 0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._picks[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
