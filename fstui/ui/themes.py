"""Themes beyond Textual's built-ins.

The high-contrast theme uses only colours that survive a downgrade to the 16
ANSI colours, so it stays legible on `TERM=screen` and similar terminals.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="fstui-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000080",
    boost="#ffffff",
    success="#00ff00",
    warning="#ffff00",
    error="#ff0000",
    dark=True,
    variables={
        "footer-key-foreground": "#ffff00",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
    },
)

DEFAULT_THEME = "textual-dark"
EXTRA_THEMES = (HIGH_CONTRAST,)
