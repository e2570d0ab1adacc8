"""The key bar: the active screen's keys on the bottom line, one widget redrawn in place.

Why not Textual's Footer: it recomposes (unmounts and mounts a FooterKey widget per key) every
time the bindings change, i.e. on every screen change and focus move, and those widgets were
measured to pile up (issue #22: RSS grew with every ticket opened). It also cuts the last key
mid-word when the line is too narrow (issue #18: `a As▏^p Palette`).

This bar is a single widget that renders one line of text from `screen.active_bindings`: a
change of bindings only asks for a repaint. Keys that do not fit are left out whole, from the
right, and the palette key keeps its place at the right end while there is room for it.
A click on a key presses it, as the Footer's keys did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["KeyBar", "KeyEntry", "fit_entries"]

GAP = 2
"""Spaces between two keys."""


@dataclass(frozen=True)
class KeyEntry:
    """One key as the bar shows it: what to press, what it does, whether it works now."""

    key: str
    """The key to simulate on a click (the binding's first key)."""
    display: str
    description: str
    enabled: bool = True

    @property
    def width(self) -> int:
        return len(self.display) + 1 + len(self.description)


def fit_entries(
    entries: list[KeyEntry], palette: KeyEntry | None, width: int
) -> tuple[list[KeyEntry], KeyEntry | None]:
    """The entries that fit whole in `width` cells (1 cell of margin each side), in order,
    and the palette key if it fits after them: a key is never cut."""
    room = width - 2
    if palette is not None:
        if palette.width > room:
            palette = None
        else:
            room -= palette.width + GAP
    shown: list[KeyEntry] = []
    used = 0
    for entry in entries:
        need = entry.width + (GAP if shown else 0)
        if used + need > room:
            break
        shown.append(entry)
        used += need
    return shown, palette


class KeyBar(Widget, can_focus=False):
    """The keys of the screen it sits on, docked at the bottom."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[KeyEntry], KeyEntry | None]:
        """The screen's shown keys (one per action, in binding order) and the palette key."""
        app = self.app
        active = self.screen.active_bindings
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        palette: KeyEntry | None = None
        found: list[KeyEntry] = []
        seen: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if key == palette_key:
                palette = KeyEntry(key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            found.append(KeyEntry(key, app.get_key_display(binding), binding.description, enabled))
        return found, palette

    def render(self) -> Text:
        entries, palette = self.entries()
        shown, palette = fit_entries(entries, palette, self.size.width)
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text(" ", no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str]] = []
        for index, entry in enumerate(shown):
            if index:
                line.append(" " * GAP)
            start = line.cell_len
            self._append(line, entry, key_style, text_style)
            spans.append((start, line.cell_len, entry.key))
        if palette is not None:
            pad = self.size.width - 1 - line.cell_len - palette.width
            line.append(" " * max(GAP, pad))
            start = line.cell_len
            self._append(line, palette, key_style, text_style)
            spans.append((start, line.cell_len, palette.key))
        self._spans = spans
        return line

    @staticmethod
    def _append(line: Text, entry: KeyEntry, key_style: Style, text_style: Style) -> None:
        dim = Style(dim=not entry.enabled)
        line.append(entry.display, key_style + dim)
        line.append(" ")
        line.append(entry.description, text_style + dim)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (the Footer's keys did the same)."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
