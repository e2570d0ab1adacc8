"""A one-line question in a modal: the ticket to link an asset to, the asset to link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from fstui.text import inert_line, literal
from fstui.text.inert import TITLE_MAX

Check = Callable[[str], Awaitable[str | None]]
"""The answer -> why it cannot be used (the dialog stays open with it), or None to accept."""


class PromptScreen(ModalScreen[str | None]):
    """Dismisses with what was typed (stripped), or None on escape or an empty answer."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 56; max-width: 95%; height: auto;
        border: round $primary; background: $panel; padding: 0 1;
    }
    PromptScreen #prompt-problem { height: auto; color: $error; }
    PromptScreen .prompt-keys { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        question: str,
        *,
        placeholder: str = "",
        kind: Literal["text", "integer"] = "text",
        verb: str = "ok",
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._placeholder = placeholder
        self._kind = kind
        self._verb = verb
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Static(literal(self._question))
            yield Input(placeholder=self._placeholder, type=self._kind, id="prompt-input")
            yield Static("", id="prompt-problem")
            yield Static(Text(f"enter: {self._verb}    esc: cancel"), classes="prompt-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        if not answer or self._check is None:
            self.dismiss(answer or None)
            return
        self.query_one("#prompt-problem", Static).update(Text("checking…", style="dim"))
        self._check_then_close(answer)

    @work(exclusive=True, group="prompt-check", exit_on_error=False)
    async def _check_then_close(self, answer: str) -> None:
        """A wrong answer stays in the line, the reason under it: no starting over."""
        problem = await self._check(answer) if self._check is not None else None
        if problem:
            self.query_one("#prompt-problem", Static).update(literal(problem))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ticket_number(answer: str | None) -> int | None:
    """`1234` or `#1234` as a ticket id; anything else is no answer."""
    text = (answer or "").strip().lstrip("#")
    return int(text) if text.isdigit() and int(text) > 0 else None
