"""Has the conversation changed since the agent loaded it? Asked just before a reply or note.

Why: an agent reads a thread, types for five minutes, and sends an answer to a question the
requester has since withdrawn, or that a colleague already answered. Before sending, the
composer asks `ConversationCheck.arrived` and, when something came, shows it and asks.

Cheap by design: the ticket's `updated_at` moves on every reply and note (the sandbox and the
real API bump it), so one ticket read (1 credit) answers "nothing new" in the common case; only
when it moved are the conversations listed. The agent's own messages (sent from this console,
with `me_id`) are not news.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fstui.api import Conversation, NotSent, Priority
from fstui.store.plumbing import Plumbing

__all__ = ["Arrived", "ConversationCheck"]


@dataclass(frozen=True)
class Arrived:
    """What changed in the thread since it was loaded."""

    new: tuple[Conversation, ...]
    """Replies and notes that were not there, oldest first."""
    edited: tuple[Conversation, ...]
    """Notes that were there but changed after `loaded_at`."""
    updated_at: datetime | str | None
    """The ticket's updated_at now: the next check compares against it."""

    @property
    def changed(self) -> bool:
        return bool(self.new or self.edited)

    @property
    def incoming(self) -> tuple[Conversation, ...]:
        """New messages from the requester (the ones that change what to answer)."""
        return tuple(c for c in self.new if c.incoming)


def _instant(value: datetime | str | None) -> datetime | None:
    return value if isinstance(value, datetime) else None


class ConversationCheck:
    def __init__(self, plumbing: Plumbing) -> None:
        self._p = plumbing

    async def arrived(
        self,
        ticket_id: int,
        *,
        seen_ids: Iterable[int],
        seen_updated_at: datetime | str | None,
        loaded_at: datetime | None = None,
        me_id: int | None = None,
    ) -> Arrived:
        """What arrived in the ticket's thread since the agent loaded it.

        `seen_ids` are the conversation ids the agent had; `seen_updated_at` the ticket's
        updated_at then (None: unknown, the thread is listed); `loaded_at` when the thread was
        read (edits after it count). Network errors propagate (at once when the console is
        known to be offline): the caller may send anyway.
        """
        connectivity = self._p.connectivity
        if connectivity is not None and not connectivity.is_online:
            # Known offline: asking would only wait out the client's retries (seconds with no
            # feedback) before the send queues anyway; the outbox checks when it delivers.
            raise NotSent("offline: the conversation was not checked")
        client = self._p.client
        ticket = await self._p.call(client.get_ticket(ticket_id, priority=Priority.INTERACTIVE))
        now_stamp = ticket.updated_at
        was, now = _instant(seen_updated_at), _instant(now_stamp)
        if was is not None and now is not None and now <= was:
            return Arrived((), (), now_stamp)
        seen = set(seen_ids)
        conversations: list[Conversation] = await self._p.collect(
            client.list_conversations(ticket_id, priority=Priority.INTERACTIVE)
        )
        new = [
            c for c in conversations if c.id not in seen and (me_id is None or c.user_id != me_id)
        ]
        edited = [
            c
            for c in conversations
            if c.id in seen
            and loaded_at is not None
            and isinstance(c.updated_at, datetime)
            and c.updated_at > loaded_at
            and (me_id is None or c.user_id != me_id)
        ]

        def when(c: Conversation) -> str:
            stamp = c.created_at
            return stamp.isoformat() if isinstance(stamp, datetime) else str(stamp or "")

        return Arrived(tuple(sorted(new, key=when)), tuple(edited), now_stamp)
