"""The questions `fstui init` asks, as an interface: the terminal answers them for the CLI,
tests answer them from a script, and a Textual screen can answer them with widgets.

Async so a UI can await a widget; the terminal version simply blocks, which is what a
command-line prompt does.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

__all__ = ["ConsolePrompter", "Prompter"]


class Prompter(Protocol):
    async def ask(self, question: str, *, default: str | None = None) -> str:
        """A line of text; the default when the answer is empty."""
        ...

    async def secret(self, question: str) -> str:
        """A line typed without echo (the API key)."""
        ...

    async def choose(self, question: str, options: Sequence[str], *, default: int = 0) -> int:
        """The index of one of ``options``."""
        ...

    def say(self, text: str) -> None:
        """Tell the user something (progress, a problem to fix, what was written)."""
        ...


class ConsolePrompter:
    """Prompts on the terminal: ``input`` for text, ``getpass`` for the key."""

    def __init__(
        self,
        *,
        read: Callable[[str], str] | None = None,
        read_secret: Callable[[str], str] | None = None,
        write: Callable[[str], object] | None = None,
    ) -> None:
        self._read = read or (lambda prompt: input(prompt))
        self._read_secret = read_secret or (lambda prompt: getpass.getpass(prompt))
        self._write = write or (lambda text: print(text, file=sys.stdout, flush=True))

    async def ask(self, question: str, *, default: str | None = None) -> str:
        suffix = f" [{default}]" if default else ""
        answer = self._read(f"{question}{suffix}: ").strip()
        return answer or (default or "")

    async def secret(self, question: str) -> str:
        return self._read_secret(f"{question}: ").strip()

    async def choose(self, question: str, options: Sequence[str], *, default: int = 0) -> int:
        self._write(question)
        for number, option in enumerate(options, start=1):
            self._write(f"  {number}) {option}")
        while True:
            answer = self._read(f"Choose 1-{len(options)} [{default + 1}]: ").strip()
            if not answer:
                return default
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            self._write(f"Type a number from 1 to {len(options)}.")

    def say(self, text: str) -> None:
        self._write(text)
