"""Rich Text for untrusted strings.

Rich's markup (`[bold]`, `[link=...]`, `[@click=app.quit]`) is only parsed by `Text.from_markup`
and by widgets given a plain str. Building the Text directly keeps customer brackets literal, so
no style, link or action can come from what a customer typed.
"""

from __future__ import annotations

from rich.text import Text

from fstui.text.sanitize import sanitize


def literal(s: str | None, style: str = "", *, keep_newlines: bool = True) -> Text:
    """Sanitized `s` as a Text whose only style is the caller's `style`."""
    return Text(sanitize(s, keep_newlines=keep_newlines), style=style)
