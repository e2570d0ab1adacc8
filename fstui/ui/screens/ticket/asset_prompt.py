"""Asks which asset to link: a display id (`123`, `#123`) or an asset tag (`LAP-0042`)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class AssetPrompt(ModalScreen[str | None]):
    """Dismisses with what was typed (stripped), or None on escape / an empty answer."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ticket.asset_prompt.cancel")]
    DEFAULT_CSS = """
    AssetPrompt { align: center middle; }
    AssetPrompt > Vertical {
        width: 56; max-width: 95%; height: auto;
        border: round $primary; background: $panel; padding: 0 1;
    }
    AssetPrompt .prompt-keys { color: $text-muted; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield Static(Text("Asset display id or asset tag"))
            yield Input(placeholder="e.g. 42 or LAP-0042", id="asset-term")
            yield Static(Text("enter: link    esc: cancel"), classes="prompt-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
