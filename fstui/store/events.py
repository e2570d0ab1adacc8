"""What the store announces, so screens redraw when data changes instead of re-reading on a timer.

Why events: a ticket changes through a delta sync, a write delivered by the retry loop minutes
later, another console's sync (team mode) or a detail fetch. A screen cannot know which of these
happened; it subscribes once and redraws what an event names. Listeners run synchronously on the
loop that publishes, so they must be quick (update a widget, schedule a worker) and never raise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "BudgetWaiting",
    "ReferenceChanged",
    "StoreEvent",
    "StoreEvents",
    "SyncProgress",
    "TicketsChanged",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TicketsChanged:
    """Tickets whose data changed; `queues` is True when queue membership may have moved."""

    ids: frozenset[int] = frozenset()
    source: str = "sync"  # "sync", "first-contact", "fill", "write", "detail", "team"
    queues: bool = True


@dataclass(frozen=True)
class ReferenceChanged:
    """Agents, groups, form fields or requester names changed: labels and names redraw."""

    kinds: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SyncProgress:
    """How the mirror's first fill stands; `message` is the status line the UI shows.

    `done`/`total` count /tickets/filter pages; `total` is None until the first page said how
    many tickets match; `eta_seconds` is what the budget says the rest will take."""

    done: int
    total: int | None
    complete: bool
    eta_seconds: float | None
    message: str


@dataclass(frozen=True)
class BudgetWaiting:
    """A request waits for API budget (`message` names the limit), or "" when none waits."""

    message: str


StoreEvent = TicketsChanged | ReferenceChanged | SyncProgress | BudgetWaiting
Listener = Callable[[StoreEvent], None]


class StoreEvents:
    """A list of listeners; `publish` calls each, logging (never raising) what one raises."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self.version = 0
        self.last_progress: SyncProgress | None = None
        self.waiting = ""

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns the function that removes it again."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, event: StoreEvent) -> None:
        self.version += 1
        if isinstance(event, SyncProgress):
            self.last_progress = event
        elif isinstance(event, BudgetWaiting):
            self.waiting = event.message
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken screen must not stop a sync
                log.exception("store listener failed")
