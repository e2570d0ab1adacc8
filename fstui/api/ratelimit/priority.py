"""Who goes first when the request budget runs low."""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    """INTERACTIVE: an agent is waiting on it. PREFETCH: likely needed soon (next rows).
    BACKGROUND: sync and refreshes nobody is looking at."""

    INTERACTIVE = 0
    PREFETCH = 1
    BACKGROUND = 2


DEFAULT_SHARES: dict[Priority, float] = {
    Priority.INTERACTIVE: 1.0,
    Priority.PREFETCH: 0.8,
    Priority.BACKGROUND: 0.6,
}
"""How much of a window each priority may fill; the rest is kept for higher priorities."""
