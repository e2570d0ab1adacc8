"""A read-only text in a scrollable modal: a text attachment, shown without leaving fstui.

The caller passes text already sanitised (fstui.store.attachments.read_text); it is shown as a
literal, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from fstui.text import inert_line, literal
from fstui.text.inert import TITLE_MAX

__all__ = ["PagerScreen"]


class PagerScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "close", "Close", id="pager.close")]
    DEFAULT_CSS = """
    PagerScreen { align: center middle; }
    PagerScreen > Vertical {
        width: 95%; height: 90%; border: round $primary; background: $panel;
    }
    PagerScreen VerticalScroll { height: 1fr; padding: 0 1; }
    PagerScreen .pager-keys { color: $text-muted; height: 1; padding: 0 1; }
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            with VerticalScroll(id="pager-scroll"):
                yield Static(literal(self._text), id="pager-text")
            yield Static(Text("arrows/pgup/pgdn scroll · esc close"), classes="pager-keys")

    def on_mount(self) -> None:
        self.query_one("#pager-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
