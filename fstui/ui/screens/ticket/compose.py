"""From what the agent typed to what Freshservice stores.

Agents type plain text; Freshservice wants HTML. Everything typed is escaped, so an agent
pasting `<script>` or a customer's HTML sends it as visible text, never as markup.
"""

from __future__ import annotations

import html
import re

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


def text_to_html(text: str) -> str:
    """Blank lines separate paragraphs; single newlines become <br>."""
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n"))
    rendered = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        lines = [html.escape(line) for line in paragraph.split("\n")]
        rendered.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(rendered)


def parse_emails(raw: str) -> tuple[list[str], list[str]]:
    """(valid addresses, rejected pieces) from a comma/semicolon/space separated field."""
    good: list[str] = []
    bad: list[str] = []
    for piece in re.split(r"[,;\s]+", raw.strip()):
        if not piece:
            continue
        if _EMAIL.match(piece):
            if piece not in good:
                good.append(piece)
        else:
            bad.append(piece)
    return good, bad


def preview(text: str, limit: int = 400) -> str:
    """The start of a message for the confirmation dialog."""
    stripped = text.strip()
    return stripped if len(stripped) <= limit else stripped[: limit - 1] + "…"
