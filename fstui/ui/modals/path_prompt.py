"""A file path typed with completion, its size shown as it is typed.

Why: attaching a log to a reply should not need the agent to remember the exact name; the
suggester completes the last path segment from the directory's entries (tab or right arrow
accepts), and the line under the box says what the path is (a directory, missing, a file of
so many MB, over the ticket limit) before enter is pressed. The final refusal is the caller's
(the store's `attachment_entry`), so this modal only helps typing.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from fstui.text import format_size, inert_line, one_line, safe_input_value
from fstui.text.inert import TITLE_MAX

__all__ = ["PathPromptScreen", "PathSuggester", "complete_path"]


def complete_path(typed: str, *, limit: int = 5000) -> str | None:
    """`typed` completed to the first entry of its directory that starts with its last segment.

    Hidden entries are offered only when the segment starts with a dot; a directory completes
    with a trailing slash so the next segment can follow."""
    if not typed:
        return None
    head, stem = os.path.split(os.path.expanduser(typed))
    if not typed.endswith(stem):
        return None
    folder = Path(head) if head else Path(".")
    try:
        with os.scandir(folder) as entries:
            names = sorted(itertools.islice((e.name for e in entries), limit))
    except OSError:
        return None
    for name in names:
        if not name.startswith(stem) or name == stem:
            continue
        if name.startswith(".") and not stem.startswith("."):
            continue
        completed = name + (os.sep if (folder / name).is_dir() else "")
        return typed[: len(typed) - len(stem)] + completed
    return None


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def describe_path(typed: str, limit: int) -> Text:
    """What the typed path is, in words, for the line under the box."""
    if not typed.strip():
        return Text("")
    path = Path(typed.strip()).expanduser()
    try:
        if path.is_dir():
            return Text("a directory: keep typing", style="dim")
        if not path.is_file():
            return Text("no such file", style="yellow")
        size = path.stat().st_size
    except OSError as exc:
        return Text(one_line(exc.strerror or "cannot be read", 80), style="red")
    words = Text(format_size(size) or "0 B", style="bold")
    if size > limit:
        words.append(f"  over the {format_size(limit)} ticket limit", style="bold red")
    return words


class PathPromptScreen(ModalScreen[str | None]):
    """Dismisses with the typed path (stripped), or None on escape or an empty answer."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]
    DEFAULT_CSS = """
    PathPromptScreen { align: center middle; }
    PathPromptScreen > Vertical {
        width: 72; max-width: 95%; height: auto;
        border: round $primary; background: $panel; padding: 0 1;
    }
    PathPromptScreen .path-keys { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        *,
        limit: int,
        start: str = "",
        describe: Callable[[str, int], Text] = describe_path,
    ) -> None:
        super().__init__()
        self._title = title
        self._limit = limit
        self._start = start
        self._describe = describe

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield Input(
                safe_input_value(self._start),
                placeholder="path to a file",
                suggester=PathSuggester(),
                id="path-input",
            )
            yield Static("", id="path-size")
            yield Static(
                Text("right arrow: complete · enter: attach · esc: cancel"), classes="path-keys"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#path-size", Static).update(self._describe(event.value, self._limit))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
