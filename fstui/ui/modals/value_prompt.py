"""One value typed in a modal, pre-filled, checked before it is accepted.

Why its own modal: `PromptScreen` asks a fresh question; editing a field needs the current value
in the box, a multi-line box for paragraph fields, and the field's own check ("must be a whole
number") said under the box instead of a round trip to the server.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from fstui.text import inert_line, literal, safe_input_value, safe_textarea_value
from fstui.text.inert import TITLE_MAX

__all__ = ["Check", "ValuePromptScreen"]

Check = Callable[[str], str | None]
"""The text -> a sentence saying what is wrong with it, or None when it is acceptable."""


class ValuePromptScreen(ModalScreen[str | None]):
    """Dismisses with the text as typed (enter, or ctrl+s when multi-line), None on escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="value.cancel"),
        Binding("ctrl+s", "accept", "Accept", id="value.accept", priority=True),
    ]
    DEFAULT_CSS = """
    ValuePromptScreen { align: center middle; }
    ValuePromptScreen > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    ValuePromptScreen TextArea { height: 8; }
    ValuePromptScreen .value-problem { color: $error; height: auto; }
    ValuePromptScreen .value-keys { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        initial: str = "",
        *,
        multiline: bool = False,
        placeholder: str = "",
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._initial = initial
        self._multiline = multiline
        self._placeholder = placeholder
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            if self._multiline:
                yield TextArea(
                    str(safe_textarea_value(self._initial)), id="value-input", soft_wrap=True
                )
                keys = "ctrl+s: accept    esc: cancel"
            else:
                yield Input(
                    str(safe_input_value(self._initial)),
                    placeholder=self._placeholder,
                    id="value-input",
                )
                keys = "enter: accept    esc: cancel    (empty clears)"
            yield Static("", classes="value-problem", id="value-problem")
            yield Static(Text(keys), classes="value-keys")

    def on_mount(self) -> None:
        self.query_one("#value-input").focus()

    @property
    def text(self) -> str:
        widget = self.query_one("#value-input")
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    def action_accept(self) -> None:
        problem = self._check(self.text) if self._check is not None else None
        if problem:
            self.query_one("#value-problem", Static).update(literal(problem))
            return
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        self.dismiss(None)
