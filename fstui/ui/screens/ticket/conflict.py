"""Words for "someone changed this ticket while you were looking at it".

The agent decides whether to overwrite, so the dialog must show each changed field as the
agent saw it, as it is now, and what the agent is about to set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from rich.text import Text

from fstui.store.labels import Labels, field_title
from fstui.text import literal


class ChangeLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def seen(self) -> Any: ...
    @property
    def current(self) -> Any: ...
    @property
    def wanted(self) -> Any: ...
    @property
    def in_write(self) -> bool: ...


def conflict_text(changes: Sequence[ChangeLike], labels: Labels, *, summary: str) -> Text:
    text = Text()
    text.append("Someone changed this ticket since you loaded it.\n\n")
    if not changes:
        text.append("(Freshservice does not say which fields; the ticket was updated.)\n")
    for change in changes:
        title = field_title(change.name)
        text.append(f"{title}: ", style="bold")
        text.append_text(literal(labels.value(change.name, change.seen)))
        text.append(" → ")
        text.append_text(literal(labels.value(change.name, change.current), "bold"))
        if change.in_write:
            text.append("  (you set ", style="yellow")
            text.append_text(literal(labels.value(change.name, change.wanted), "yellow"))
            text.append(")", style="yellow")
        text.append("\n")
    text.append("\nYour change: ")
    text.append_text(literal(summary, "bold"))
    text.append("\nSave it anyway (overwrites theirs where the fields overlap)?")
    return text
