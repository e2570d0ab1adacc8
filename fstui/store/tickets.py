"""One ticket in detail: its thread, time entries, tasks and activities, and writes' answers.

Why no call while the mirror shows no change: the detail is cached with its `updated_at`, and the
mirror (kept current by the delta sync) says whether the ticket changed since. Opening a ticket
again is free until it does. A write's answer is taken as the truth (`apply_ticket`), so nobody
pays to re-read what they just wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from fstui.api import Activity, Conversation, Priority, Task, Ticket, TicketRequester, TimeEntry
from fstui.store.events import TicketsChanged
from fstui.store.freshness import Cached, Kind, format_timestamp, ticket_detail_is_fresh
from fstui.store.mirror import TicketMirror
from fstui.store.plumbing import Plumbing, dump, load_model

__all__ = ["TicketService", "mirror_shape"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

# List bodies carry no thread, requester or attachments, and no tags (reference line 1263).
_MIRROR_OMIT = frozenset({"conversations", "requester", "attachments", "tags"})


def mirror_shape(ticket: Mapping[str, Any]) -> dict[str, Any]:
    """A detail body trimmed to what list bodies carry, so mirror entries stay comparable."""
    return {k: v for k, v in ticket.items() if k not in _MIRROR_OMIT}


def _with_first_response(
    shaped: dict[str, Any], conversations: list[dict[str, Any]]
) -> dict[str, Any]:
    """The whole thread says when the first public answer was: stats for free, where
    include=stats would cost a credit more per ticket opened."""
    answers = [
        c.created_at
        for c in (load_model(Conversation, c) for c in conversations)
        if c.answers_requester and isinstance(c.created_at, datetime)
    ]
    first = format_timestamp(min(answers)) if answers else None
    return {**shaped, "stats": {"first_responded_at": first}}


class TicketService:
    def __init__(
        self,
        plumbing: Plumbing,
        mirror: TicketMirror,
        *,
        models: dict[int, Ticket],
        remember_requester: Callable[[TicketRequester], object],
        requester_card: Callable[[int | None], dict[str, Any] | None],
        known_row: Callable[[int], Mapping[str, Any] | None],
    ) -> None:
        self._p = plumbing
        self._mirror = mirror
        self._models = models  # the queue service's parsed rows; dropped when a ticket changes
        self._remember_requester = remember_requester
        self._requester_card = requester_card
        self._known_row = known_row

    def _changed(self, ticket_id: int, source: str, *, queues: bool = True) -> None:
        self._models.pop(ticket_id, None)
        self._p.events.publish(TicketsChanged(frozenset({ticket_id}), source, queues))

    # --- reading ----------------------------------------------------------------------------

    def mirror_age(self) -> tuple[float, bool, float]:
        p = self._p
        now = p.clock()
        last = self._mirror.meta.last_sync
        if last is None:
            return 0.0, True, 0.0
        return max(0.0, now - last), not p.policy.is_fresh(Kind.QUEUE, last, now), last

    def peek(self, ticket_id: int) -> Cached[Ticket] | None:
        """What the cache knows about a ticket, instantly: the detail, else its row (the
        mirror's, or at first contact a server-side queue's, before the mirror holds it)."""
        cached = self._p.cached(Kind.TICKET, f"ticket:{ticket_id}")
        if cached is not None and isinstance(cached.value, dict):
            return Cached(
                load_model(Ticket, cached.value),
                cached.age_seconds,
                not self._detail_fresh(ticket_id, cached),
                "cache",
                cached.stored_at,
            )
        row = self._known_row(ticket_id)
        if row is not None:
            age, _, stored_at = self.mirror_age()
            return Cached(load_model(Ticket, row), age, True, "cache", stored_at)
        return None

    def _known_requester(self, ticket_id: int) -> dict[str, Any] | None:
        """The requester as already embedded once: by an earlier detail of this ticket (a
        ticket's requester rarely changes), else by any body that carried this requester
        (first-contact rows, another ticket). Re-reading need not pay to embed it again."""
        entry = self._p.cache.get(f"ticket:{ticket_id}")
        body = entry.value if entry is not None and isinstance(entry.value, dict) else {}
        row = self._known_row(ticket_id)
        requester_id = (row if row is not None else body).get("requester_id")
        requester = body.get("requester")
        same = isinstance(requester, dict) and requester.get("id") == requester_id
        if same and requester_id is not None:
            return requester
        return self._requester_card(requester_id if isinstance(requester_id, int) else None)

    def _detail_fresh(self, ticket_id: int, cached: Cached[Any]) -> bool:
        if ticket_id in self._mirror:
            return ticket_detail_is_fresh(
                cached.value.get("updated_at"), self._mirror.updated_at(ticket_id)
            )
        return not cached.stale

    async def ticket(
        self, ticket_id: int, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Cached[Ticket]:
        """The ticket with all its conversations; no call while the mirror shows no change."""
        p = self._p
        key = f"ticket:{ticket_id}"
        cached = p.cached(Kind.TICKET, key)
        if (
            not force
            and cached is not None
            and isinstance(cached.value, dict)
            and self._detail_fresh(ticket_id, cached)
        ):
            p.calls_saved += 1
            return Cached(
                load_model(Ticket, cached.value),
                cached.age_seconds,
                False,
                "cache",
                cached.stored_at,
            )

        async def load() -> dict[str, Any]:
            # Each include costs a credit on a show (reference line 891): the requester is
            # embedded only the first time; tags come only when asked for (line 894).
            known = self._known_requester(ticket_id)
            include = ("conversations", "tags") if known else ("conversations", "requester", "tags")
            ticket = await p.call(
                p.client.get_ticket(ticket_id, include=include, priority=priority)
            )
            if ticket.requester is not None:
                self._remember_requester(ticket.requester)
            body = dump(ticket)
            if known is not None and "requester" not in body:
                body["requester"] = known
            conversations = body.get("conversations") or []
            if len(conversations) >= p.settings.conversations_per_include:
                everything = await p.collect(
                    p.client.list_conversations(ticket_id, priority=priority)
                )
                body["conversations"] = [dump(c) for c in everything]
            p.cache.set(key, body)
            if ticket_id in self._mirror or ticket.status is not None:
                thread = body.get("conversations") or []
                self._mirror.put(_with_first_response(mirror_shape(body), thread))
                self._changed(ticket_id, "detail")
            return body

        body = await p.flight.run(key, load)
        return p.network(Kind.TICKET, load_model(Ticket, body))

    async def time_entries(self, ticket_id: int, *, force: bool = False) -> Cached[list[TimeEntry]]:
        return await self._child_list(ticket_id, "time_entries", TimeEntry, force)

    async def tasks(self, ticket_id: int, *, force: bool = False) -> Cached[list[Task]]:
        return await self._child_list(ticket_id, "tasks", Task, force)

    async def activities(self, ticket_id: int, *, force: bool = False) -> Cached[list[Activity]]:
        return await self._child_list(ticket_id, "activities", Activity, force)

    async def _child_list(
        self, ticket_id: int, what: str, model: type[M], force: bool
    ) -> Cached[list[M]]:
        client = self._p.client
        method = {
            "time_entries": client.list_time_entries,
            "tasks": client.list_tasks,
            "activities": client.list_ticket_activities,
        }[what]
        return await self._p.cached_list(
            Kind.QUEUE,
            f"ticket:{ticket_id}:{what}",
            model,
            lambda: method(ticket_id, priority=Priority.INTERACTIVE),
            force=force,
        )

    def requester_open(self, requester_id: int | None, *, besides: int) -> list[Ticket]:
        """Other open tickets of the requester, newest change first, from the mirror (no call)."""
        if requester_id is None:
            return []
        rows = [
            row
            for row in self._mirror.tickets()
            if row.get("requester_id") == requester_id and row.get("id") != besides
        ]
        rows.sort(key=lambda row: str(row.get("updated_at") or ""), reverse=True)
        return [load_model(Ticket, row) for row in rows]

    # --- what writes tell us ----------------------------------------------------------------

    def invalidate_ticket(self, ticket_id: int) -> None:
        """Forget everything cached about a ticket (after a write)."""
        self._p.cache.delete_prefix(f"ticket:{ticket_id}:")
        self._p.cache.delete(f"ticket:{ticket_id}")

    def apply_ticket(self, ticket: Ticket) -> None:
        """Take a ticket a write answered with as the truth, so nobody pays to re-read it.

        The answer carries every field but not the thread, so the cached detail keeps its
        conversations; its updated_at matches the mirror's again, which keeps it fresh.
        """
        if ticket.id is None:
            return
        p = self._p
        body = dump(ticket)
        key = f"ticket:{ticket.id}"
        cached = p.cache.get(key)
        p.cache.delete_prefix(f"{key}:")
        if cached is not None and isinstance(cached.value, dict):
            merged = {**cached.value, **{k: v for k, v in body.items() if k != "conversations"}}
            p.cache.set(key, merged)
        self._mirror.put(mirror_shape(body))
        self._changed(ticket.id, "write")

    def add_child(self, ticket_id: int, what: str, item: BaseModel) -> None:
        """A time entry or task we just created joins its cached list without a re-list."""
        key = f"ticket:{ticket_id}:{what}"
        cached = self._p.cache.get(key)
        if cached is not None and isinstance(cached.value, list):
            self._p.cache.set(key, [*cached.value, dump(item)])
        self._p.events.publish(TicketsChanged(frozenset({ticket_id}), "write", queues=False))

    def add_conversation(self, ticket_id: int, conversation: Conversation) -> None:
        """A reply or note we just sent joins the cached thread without a re-read.

        The server bumps the ticket's updated_at; the next delta sync will see that and the
        detail is re-read once then, on the next open. A public answer stops the queue's
        first-response clock now rather than at that sync.
        """
        p = self._p
        key = f"ticket:{ticket_id}"
        cached = p.cache.get(key)
        if cached is not None and isinstance(cached.value, dict):
            thread = [*(cached.value.get("conversations") or []), dump(conversation)]
            p.cache.set(key, {**cached.value, "conversations": thread})
        if conversation.answers_requester:
            at = conversation.created_at
            if not isinstance(at, datetime):
                at = datetime.fromtimestamp(p.clock(), UTC)
            self._mirror.note_first_response(ticket_id, format_timestamp(at))
        self._changed(ticket_id, "write")
