"""What the `/` filter of a list matches: the words shown, and an id written the way it is shown.

The queue shows a ticket as "#418" and the README says `/` accepts `#id`, so the search text
carries the id with its '#'. A needle "#418" then finds ticket 418 but not 1418 (the '#' anchors
it), and a bare "418" still finds both. The text is made inert first: a subject with zero-width
characters inside a word must match what the agent reads on screen, not the hidden bytes.
"""

from __future__ import annotations

from fstui.text.sanitize import one_line

_MAX_FIELD = 2000


def search_text(ticket_id: int | str | None, *words: str | None) -> str:
    """'#418 printer on fire jane doe': id with '#', then each field as shown, one line.

    Case is left to the caller's matcher (FastTable casefolds both sides).
    """
    parts = [f"#{ticket_id}"] if ticket_id is not None and ticket_id != "" else []
    parts.extend(shown for word in words if (shown := one_line(word, _MAX_FIELD)))
    return " ".join(parts)
