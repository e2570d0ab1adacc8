"""What the ticket screen's rooms share: the ticket on show, and the messages they send the shell.

The shell (screen.py) owns one `TicketContext` and hands it to every tab; a tab reads the ticket,
its labels and the data facade from it and never reaches into the shell. A tab that needs the
shell (the status line, a fresh read of the ticket) posts one of the messages below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

from fstui.api import Ticket
from fstui.store.drafts import Drafts, DraftSaver
from fstui.store.labels import Labels, labels_from
from fstui.store.outbox import Outcome, SubmitResult
from fstui.store.store import Store
from fstui.store.writes import Writes
from fstui.text import relative_time

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = [
    "ReloadTicket",
    "StatusNote",
    "TicketContext",
    "age_words",
    "draft_saver",
    "is_current",
    "report_held",
    "settled",
]


@dataclass
class TicketContext:
    """The ticket the screen shows right now; `ticket_id` changes on next/previous."""

    session: Session
    ticket_id: int
    labels: Labels
    ticket: Ticket | None = None
    queue_ids: list[int] = field(default_factory=list)
    queue_name: str | None = None

    @property
    def store(self) -> Store:
        """Reads: the ticket, its children, names, assets (cache first)."""
        return self.session.store

    @property
    def writes(self) -> Writes:
        """Every write, through the outbox (exactly once; queued offline; conflicts held)."""
        return self.session.writes

    @property
    def drafts(self) -> Drafts:
        return self.session.drafts

    @property
    def saver(self) -> DraftSaver:
        """One per session, shared by every ticket screen: drafts saved as the agent types."""
        return draft_saver(self.session)

    async def fresh_labels(self) -> Labels:
        """Reference data read again (agents, groups, me), kept for every room."""
        self.labels = labels_from(await self.store.reference())
        return self.labels


def draft_saver(session: Session) -> DraftSaver:
    saver = session.extras.get("draft_saver")
    if not isinstance(saver, DraftSaver):
        saver = session.extras["draft_saver"] = DraftSaver(session.drafts)
    return saver


def settled(room: Widget, context: TicketContext, result: SubmitResult, what: str) -> bool:
    """True when a write went out; else the agent hears why (refused, queued, held)."""
    if result.delivered:
        return True
    report_held(room, context.writes, result, what)
    return False


@dataclass
class StatusNote(Message):
    """Redraw the status line; an `error` is also shown as a toast."""

    error: str = ""


@dataclass
class ReloadTicket(Message):
    """Read the ticket again (`force`: past the cache) and redraw header and thread."""

    force: bool = False
    ticket_id: int | None = None


def age_words(seconds: float) -> str:
    """How old a cached answer is, in the words of the rest of the screen ("5m ago")."""
    now = datetime.now(UTC)
    return relative_time(now - timedelta(seconds=seconds), now)


def is_current(context: TicketContext, ticket_id: int) -> bool:
    """Did the agent stay on `ticket_id` while a worker awaited? Stale answers are dropped."""
    return context.ticket_id == ticket_id


def report_held(room: Widget, writes: Writes, result: SubmitResult, what: str) -> None:
    """A child write (time entry, task) that was not delivered: refused, or waiting its turn."""
    if result.outcome is Outcome.REJECTED:
        writes.drop(result.write.idempotency_token)
        room.post_message(StatusNote(error=f"{what} refused: {result.error or result.message}"))
    else:
        room.notify(f"{what}: {result.message}", severity="warning", timeout=6)
