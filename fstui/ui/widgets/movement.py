"""The same movement keys for every list and scrollable pane (issue #18 item 3).

The fast table binds `j`/`k` itself; Textual's option lists, data tables and scroll containers
answer only to the arrows. A screen adds `MOVEMENT_BINDINGS` and mixes in `MovementKeys`, and
`j`/`k` then move whatever has focus the way `down`/`up` would: a list's cursor, else the
pane's scroll. A text field never sees them as movement: it takes printable keys first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding, BindingType
from textual.widget import Widget

__all__ = ["MOVEMENT_BINDINGS", "MovementKeys", "move_focused"]

MOVEMENT_BINDINGS: list[BindingType] = [
    Binding("j", "move_focused(1)", "Down", show=False, id="movement.down"),
    Binding("k", "move_focused(-1)", "Up", show=False, id="movement.up"),
]

_DOWN = ("action_cursor_down", "action_scroll_down")
_UP = ("action_cursor_up", "action_scroll_up")


def move_focused(widget: Widget | None, step: int) -> bool:
    """Move `widget` one step as its arrow key would; False when it has no such movement."""
    if widget is None:
        return False
    for name in _DOWN if step > 0 else _UP:
        method: Callable[[], Any] | None = getattr(widget, name, None)
        if callable(method):
            method()
            return True
    return False


class MovementKeys:
    """Mixin for a Screen: the action behind `MOVEMENT_BINDINGS`."""

    focused: Widget | None

    def action_move_focused(self, step: int) -> None:
        move_focused(self.focused, step)
