"""One line at the bottom: what is happening, the outbox, the API budget, online/offline.

Updated by its screen when something changes (a refresh, a request); it owns no
timer, so nothing redraws while the agent is idle.
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.widgets import Static


class OutboxCounts(Protocol):
    """What the status bar needs of the writes service's counts."""

    @property
    def queued(self) -> int: ...

    @property
    def attention(self) -> int: ...


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """
    _shown: Text | None = None

    def show(
        self,
        *,
        left: str,
        remaining: int | None,
        limit: int | None,
        online: bool,
        note: str = "",
        bucket: str = "",
        outbox: OutboxCounts | None = None,
    ) -> None:
        """`remaining`/`limit` are of the budget that limits the next call; `bucket` names it
        when it is a sub-limit (e.g. "ticket views") rather than the account."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(left)
        if note:
            text.append("  ")
            text.append(note, style="italic")
        if outbox is not None and (outbox.queued or outbox.attention):
            text.append("  ")
            if outbox.queued:
                text.append(f"{outbox.queued} queued", style="bold yellow")
            if outbox.attention:
                text.append(" · " if outbox.queued else "")
                text.append(f"{outbox.attention} need attention (O)", style="bold red")
        text.append("  ")
        if remaining is not None and limit:
            low = remaining < max(5, limit // 10)
            label = f"API {remaining}/{limit}/min" + (f" {bucket}" if bucket else "")
            text.append(label, style="bold red" if low else "")
        text.append("  ")
        text.append("online" if online else "OFFLINE", style="green" if online else "bold red")
        if text != self._shown:  # the same words again: nothing to send to the terminal
            self._shown = text
            self.update(text)
