"""Themes beyond Textual's built-ins, read from the `*.toml` files in the `styles/` folder.

One file per theme, each key a field of `textual.theme.Theme`. The high-contrast theme uses
only colours that survive a downgrade to the 16 ANSI colours, so it stays legible on
`TERM=screen` and similar terminals.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.theme import Theme

from fstui.ui.styles import styles_dir

__all__ = ["DEFAULT_THEME", "EXTRA_THEMES", "HIGH_CONTRAST", "load_theme"]


def load_theme(path: Path) -> Theme:
    """One theme file; a missing colour falls back to Textual's default, as in `Theme(...)`."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    variables = data.pop("variables", {})
    return Theme(**data, variables={str(k): str(v) for k, v in variables.items()})


HIGH_CONTRAST = load_theme(styles_dir() / "fstui-high-contrast.toml")

DEFAULT_THEME = "textual-dark"
EXTRA_THEMES = (HIGH_CONTRAST,)
