"""`fstui init` inside the app: the welcome screen's `i` runs the same guided flow as the CLI.

The flow (fstui.onboarding) asks through a Prompter; this screen is one, made of widgets: a
running transcript, the current question, an input line (hidden characters for the key) and a
choice list. The flow runs in a worker and awaits each answer; nothing is written until every
check passed, so `esc` at any question leaves no trace. The screen dismisses with the
`InitResult` (the app then starts on the new profile) or None.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.onboarding import InitError, InitResult, KeyringBackend, run_init, system_keyring
from fstui.text import inert_line, literal
from fstui.ui.widgets.key_bar import KeyBar

__all__ = ["InitFlowScreen"]


class InitFlowScreen(Screen[InitResult | None]):
    """The guided setup; `esc` stops it (nothing written)."""

    BINDINGS = [Binding("escape", "stop", "Stop (nothing is written)", id="init.stop")]
    DEFAULT_CSS = """
    InitFlowScreen { align: center top; }
    InitFlowScreen > Vertical { width: 100; max-width: 100%; height: 1fr; padding: 1 2; }
    InitFlowScreen #init-log { height: 1fr; }
    InitFlowScreen #init-log Static { margin-bottom: 1; }
    InitFlowScreen #init-question { text-style: bold; margin-top: 1; }
    InitFlowScreen #init-choices { height: auto; max-height: 10; display: none; }
    InitFlowScreen #init-choices.-shown { display: block; }
    InitFlowScreen #init-input.-hidden { display: none; }
    """

    def __init__(
        self,
        config_path: Path,
        *,
        profile: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        keyring_backend: Callable[[], KeyringBackend | None] = system_keyring,
    ) -> None:
        super().__init__()
        self._config_path = config_path
        self._profile = profile
        self._transport = transport
        self._keyring_backend = keyring_backend
        self._answer: asyncio.Future[Any] | None = None
        self.transcript: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield VerticalScroll(id="init-log")
            yield Static("", id="init-question")
            yield Input(id="init-input")
            yield OptionList(id="init-choices")
        yield KeyBar()

    def on_mount(self) -> None:
        self.run_worker(self._run(), exclusive=True, group="init-flow")

    async def _run(self) -> None:
        try:
            result = await run_init(
                self,
                config_path=self._config_path,
                profile=self._profile,
                transport=self._transport,
                keyring_backend=self._keyring_backend,
            )
        except InitError as exc:
            self.say(str(exc))
            self._show_question("Press esc to go back.", mode="none")
            return
        self.dismiss(result)

    # --- Prompter -------------------------------------------------------------------------

    async def ask(self, question: str, *, default: str | None = None) -> str:
        self._show_question(question + (f" [{default}]" if default else ""), mode="text")
        answer = str(await self._wait()).strip()
        return answer or (default or "")

    async def secret(self, question: str) -> str:
        self._show_question(question, mode="secret")
        return str(await self._wait()).strip()

    async def choose(self, question: str, options: Sequence[str], *, default: int = 0) -> int:
        choices = self.query_one("#init-choices", OptionList)
        choices.clear_options()
        choices.add_options([Option(Text(inert_line(option, 200))) for option in options])
        choices.highlighted = default
        self._show_question(question, mode="choice")
        return int(await self._wait())

    def say(self, text: str) -> None:
        self.transcript.append(text)
        log = self.query_one("#init-log", VerticalScroll)
        log.mount(Static(literal(text)))  # may quote the account (names, errors)
        log.scroll_end(animate=False)

    # --- widgets --------------------------------------------------------------------------

    def _show_question(self, question: str, *, mode: str) -> None:
        self.query_one("#init-question", Static).update(literal(question))
        field = self.query_one("#init-input", Input)
        choices = self.query_one("#init-choices", OptionList)
        field.set_class(mode not in ("text", "secret"), "-hidden")
        choices.set_class(mode == "choice", "-shown")
        field.password = mode == "secret"
        field.value = ""
        if mode == "choice":
            choices.focus()
        elif mode != "none":
            field.focus()

    async def _wait(self) -> Any:
        self._answer = asyncio.get_running_loop().create_future()
        try:
            return await self._answer
        finally:
            self._answer = None

    def _resolve(self, value: Any) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._resolve(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._resolve(event.option_index)

    def action_stop(self) -> None:
        self.workers.cancel_group(self, "init-flow")
        self.dismiss(None)
