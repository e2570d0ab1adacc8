"""One line at the bottom: queue freshness, API budget, online/offline.

Updated by its screen when something changes (a refresh, a request); it owns no
timer, so nothing redraws while the agent is idle.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def show(
        self,
        *,
        left: str,
        remaining: int | None,
        limit: int | None,
        online: bool,
        note: str = "",
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(left)
        if note:
            text.append("  ")
            text.append(note, style="italic")
        text.append("  ")
        if remaining is not None and limit:
            low = remaining < max(5, limit // 10)
            text.append(f"API {remaining}/{limit}/min", style="bold red" if low else "")
        text.append("  ")
        text.append("online" if online else "OFFLINE", style="green" if online else "bold red")
        self.update(text)
