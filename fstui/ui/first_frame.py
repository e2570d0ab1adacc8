"""The queue as the last run left it, on screen before the app has loaded (issue #22).

Before the first rows, a start spends most of its time importing the queue screen and
assembling the session (the store, the client, httpx): ~250 ms on a blank terminal, while a
bare Textual app is already showing its table. So at quit the queue screen's last frame is kept
(its lines of text and styles, as drawn), and the next start paints it first, then imports and
opens everything behind it and swaps in the live queue screen, which draws the same rows from
the cache. Keys pressed meanwhile are kept and handed to the live screen.

The file is untrusted like everything read from disk: its text passes the sanitiser, styles are
parsed (links dropped), and a file of another shape, or drawn for another terminal size, is not
used at all. It holds what the cache holds (subjects, names), so it lives beside the cache,
private to the user.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from fstui.text import sanitize

__all__ = ["FirstFrameScreen", "keep_frame", "read_frame"]

VERSION = 1
MAX_LINE_SEGMENTS = 400
"""A drawn line has tens of segments; a file with more is not one we wrote."""


def keep_frame(path: Path, size: Size, strips: Sequence[Strip]) -> None:
    """Write the frame (atomically, 0600): a half-written file must never be read back."""
    from fstui.private_disk import write_private_text  # at quit: diskcache stays off the start

    lines = [
        [[text, str(style) if style else ""] for text, style, _ in strip if text]
        for strip in strips
    ]
    body = json.dumps({"version": VERSION, "size": [size.width, size.height], "lines": lines})
    write_private_text(path, body)


def read_frame(path: Path, size: Size) -> list[Strip] | None:
    """The kept frame as strips for a terminal of `size`, or None (none kept, another size,
    not a frame we wrote)."""
    try:
        found: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("version") != VERSION:
        return None
    if found.get("size") != [size.width, size.height]:
        return None
    lines = found.get("lines")
    if not isinstance(lines, list) or len(lines) != size.height:
        return None
    strips: list[Strip] = []
    for line in lines:
        if not isinstance(line, list) or len(line) > MAX_LINE_SEGMENTS:
            return None
        segments: list[Segment] = []
        for part in line:
            if not (isinstance(part, list) and len(part) == 2):
                return None
            text, style = part
            if not isinstance(text, str) or not isinstance(style, str):
                return None
            segments.append(Segment(sanitize(text), _style(style)))
        strips.append(Strip(segments).adjust_cell_length(size.width))
    return strips


def _style(text: str) -> Style | None:
    """Colours and attributes only: a link in a planted file is not followed."""
    if not text:
        return None
    try:
        style = Style.parse(text)
    except StyleSyntaxError:
        return None
    return style.update_link(None) if style.link else style


STARTING = " Starting… keys typed now are kept for the queue"
"""What the kept frame's last line (the key bar) says instead: these rows are from the last
run, and nothing answers yet."""


class _Frame(Widget):
    """Paints the kept lines as they are, the last one saying the app is starting."""

    DEFAULT_CSS = "_Frame { width: 1fr; height: 1fr; }"

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self._strips = strips

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == len(self._strips) - 1:
            return Strip([Segment(STARTING, Style(dim=True, italic=True))]).adjust_cell_length(
                width
            )
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width)


class FirstFrameScreen(Screen[None]):
    """Shown while the app loads; every key pressed on it is kept for the live screen."""

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self._strips = strips
        self.keys: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield _Frame(self._strips)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.keys.append((event.key, event.character))
