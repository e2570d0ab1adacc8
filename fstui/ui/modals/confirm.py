"""Yes/no modal used before anything that writes to the account."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from fstui.text import inert_line, is_inert, literal
from fstui.text.inert import TITLE_MAX


class ConfirmScreen(ModalScreen[bool]):
    """Shows a summary; `y`/enter confirms, `n`/escape cancels."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: round $warning; background: $panel; padding: 0 1;
    }
    ConfirmScreen .confirm-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, title: str, body: Text | str) -> None:
        super().__init__()
        self._title = title
        # The summary quotes subjects and names: a str goes through the funnel, a Text built
        # by a caller is kept (styles and all) only when nothing in it would act or hide.
        if isinstance(body, Text):
            self._body = body if is_inert(body.plain) else literal(body.plain)
        else:
            self._body = literal(body)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Static(self._body)
            yield Static(Text("y: yes    n / esc: no"), classes="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
