"""Queues as the agent sees them: rows and counts, from the mirror or, until it is whole, the API.

Why two sources: once the mirror holds every open ticket, a queue is a filter over memory and
switching costs nothing. Before that (a first run on a big account fills the mirror for minutes)
a queue shows the rows the server gave for it — one /tickets/filter call when it is opened — and
its count is what the server said, or unknown. Unknown is never shown as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fstui.api import Priority, Ticket, TicketRequester
from fstui.query import TICKET_FIELDS, QueryError, parse, to_query
from fstui.store.events import TicketsChanged
from fstui.store.freshness import Cached, Kind
from fstui.store.mirror import TicketMirror
from fstui.store.plumbing import Plumbing, dump, load_model
from fstui.store.queues import (
    MY_OPEN,
    QueueContext,
    QueueDef,
    builtin_queues,
    mirror_can_judge,
    saved_queue,
    unknown_field_error,
)
from fstui.store.reference import ReferenceData

__all__ = ["AdhocQueue", "QueueService"]

FIRST_CONTACT_FILTER = "new_and_my_open"
MAX_ADHOC = 5
"""Ad-hoc queries kept in the sidebar: the most recent few, the oldest dropped first."""


@dataclass(frozen=True)
class AdhocQueue:
    """A query typed at the `:` prompt; its name is the query itself, shortened."""

    query: str

    @property
    def name(self) -> str:
        text = " ".join(self.query.split())
        return f"? {text[:40]}…" if len(text) > 41 else f"? {text}"


class QueueService:
    def __init__(
        self,
        plumbing: Plumbing,
        mirror: TicketMirror,
        *,
        reference: Callable[[], ReferenceData],
        remember_requesters: Callable[[list[TicketRequester]], int],
        models: dict[int, Ticket],
    ) -> None:
        self._p = plumbing
        self._mirror = mirror
        self._reference = reference
        self._remember = remember_requesters
        self._models = models
        self._adhoc: list[AdhocQueue] = []

    # --- definitions ------------------------------------------------------------------------

    def context(self) -> QueueContext:
        reference = self._reference()
        now = self._p.clock()
        return QueueContext(
            me_id=reference.me.id if reference.me else None,
            my_group_ids=reference.my_group_ids,
            open_statuses=reference.open_statuses,
            now=datetime.fromtimestamp(now, UTC),
            local_today=datetime.fromtimestamp(now).date(),
        )

    def defs(self) -> list[QueueDef]:
        ctx = self.context()
        defs = builtin_queues(ctx)
        names = {d.name for d in defs}
        for spec in (*self._p.settings.saved_queues, *self._adhoc):
            if spec.name in names:
                continue
            try:
                defs.append(saved_queue(spec, ctx.open_statuses))
            except ValueError:
                continue  # a query that does not parse is shown as an error by the config check
            names.add(spec.name)
        return defs

    def invalid_saved(self) -> list[tuple[str, str, QueryError]]:
        """Saved queues of the config whose query does not parse, as (name, query, error):
        `defs` leaves them out, and the queue screen says so instead of dropping them
        without a word (issue #18 item 5)."""
        problems: list[tuple[str, str, QueryError]] = []
        for spec in self._p.settings.saved_queues:
            try:
                parse(spec.query, TICKET_FIELDS)
            except QueryError as error:
                problems.append((spec.name, spec.query, error))
        return problems

    def names(self) -> list[str]:
        return [d.name for d in self.defs()]

    def definition(self, name: str) -> QueueDef:
        for definition in self.defs():
            if definition.name == name:
                return definition
        raise KeyError(f"no queue named {name!r}")

    def add_adhoc(self, query: str) -> str:
        """A queue typed at the prompt, for this run only. Raises QueryError before anything
        changes, so a malformed query (or one naming a field the account lacks) leaves the
        queue list as it was. Only the `MAX_ADHOC` most recent stay listed."""
        node = parse(query, TICKET_FIELDS)
        fields = self._reference().ticket_fields
        if fields:  # until the form fields are known, any name may be a custom field
            custom = [f.name for f in fields if f.name and not f.default_field]
            error = unknown_field_error(query, node, custom)
            if error is not None:
                raise error
        queue = AdhocQueue(query)
        self._adhoc = [q for q in self._adhoc if q.name != queue.name] + [queue]
        del self._adhoc[:-MAX_ADHOC]
        return queue.name

    def remove_adhoc(self, query: str) -> None:
        self._adhoc = [q for q in self._adhoc if q.query != query]

    def adhoc_query(self, name: str) -> str | None:
        """The query behind an ad-hoc queue's sidebar name; None for any other queue."""
        return next((q.query for q in self._adhoc if q.name == name), None)

    # --- rows -------------------------------------------------------------------------------

    def model(self, ticket: Mapping[str, Any]) -> Ticket:
        """A row as a model, parsed once per ticket version (the table asks constantly)."""
        ticket_id = ticket.get("id")
        if isinstance(ticket_id, int):
            model = self._models.get(ticket_id)
            if model is None:
                model = self._models[ticket_id] = load_model(Ticket, ticket)
            return model
        return load_model(Ticket, ticket)

    def _mirror_age(self) -> tuple[float, bool, float]:
        now = self._p.clock()
        last = self._mirror.meta.last_sync
        if last is None:
            return 0.0, True, 0.0
        return max(0.0, now - last), not self._p.policy.is_fresh(Kind.QUEUE, last, now), last

    def _server_row(self, ticket: dict[str, Any]) -> Ticket:
        """A row the server gave for a queue: the mirror's copy when it is the same version,
        since only the mirror knows the first-response state (filter bodies carry no stats)."""
        mirrored = self._mirror.get(ticket["id"]) if isinstance(ticket.get("id"), int) else None
        if mirrored is not None and mirrored.get("updated_at") == ticket.get("updated_at"):
            return self.model(mirrored)
        return load_model(Ticket, ticket)

    def known_row(self, ticket_id: int) -> Mapping[str, Any] | None:
        """A ticket as a list body showed it: the mirror's row, else a server-side queue's
        (first contact shows My open before the mirror holds it). No call."""
        row = self._mirror.get(ticket_id)
        if row is not None:
            return row
        for name in self.names():
            entry = self._p.cache.get(f"queue:{name}")
            served = entry.value.get("tickets") if entry and isinstance(entry.value, dict) else None
            for ticket in served if isinstance(served, list) else ():
                if isinstance(ticket, dict) and ticket.get("id") == ticket_id:
                    return ticket
        return None

    def uses_mirror(self, definition: QueueDef) -> bool:
        """A local queue is answered from the mirror once the mirror holds every open ticket."""
        return definition.local and self._mirror.loaded

    def queue(self, name: str) -> Cached[list[Ticket]]:
        """The queue as the cache knows it, instantly; `stale` says a refresh is due."""
        definition = self.definition(name)
        if self.uses_mirror(definition):
            age, stale, stored_at = self._mirror_age()
            rows = [self.model(t) for t in definition.select(self._mirror.tickets())]
            if not stale:
                self._p.calls_saved += 1
            return Cached(rows, age, stale, "cache", stored_at)
        cached = self._p.cached(Kind.QUEUE, f"queue:{name}")
        if cached is None or not isinstance(cached.value, dict):
            return Cached([], 0.0, True, "cache", 0.0)
        served = [t for t in cached.value.get("tickets", []) if isinstance(t, dict)]
        tickets: list[dict[str, Any]] = served
        judged = definition.node is not None and mirror_can_judge(definition.node)
        if definition.local or (judged and self._mirror.loaded):
            # The server's rows and what the filling mirror already holds, held to the queue's
            # own rules: the queue fills as the mirror's pages arrive. A server-side queue
            # (closed tickets too) keeps the server's rows only for tickets the mirror lacks,
            # so its open part, and its count, follow the mirror between refreshes.
            merged = {t["id"]: t for t in served if isinstance(t.get("id"), int)}
            merged.update((t["id"], t) for t in self._mirror.tickets())
            tickets = [dict(t) for t in definition.select(merged.values())]
        rows = [self._server_row(t) for t in tickets]
        same_query = definition.node is not None and cached.value.get("query") == to_query(
            definition.node
        )
        stale = cached.stale or not same_query
        if not stale:
            self._p.calls_saved += 1
        return Cached(rows, cached.age_seconds, stale, "cache", cached.stored_at)

    def count(self, definition: QueueDef) -> int | None:
        """Rows in a queue without a call; None when nobody knows yet."""
        if self.uses_mirror(definition):
            return sum(1 for t in self._mirror.tickets() if definition.matches(t))
        cached = self._p.cache.get(f"queue:{definition.name}")
        value = cached.value if cached else None
        if not isinstance(value, dict):
            return None
        if value.get("complete"):
            return len(self.queue(definition.name).value)
        total = value.get("total")
        return total if isinstance(total, int) else None

    def counts(self) -> dict[str, int | None]:
        return {d.name: self.count(d) for d in self.defs()}

    # --- asking the server ------------------------------------------------------------------

    async def refresh(
        self, name: str, *, priority: Priority = Priority.INTERACTIVE, sync: Any = None
    ) -> Cached[list[Ticket]]:
        """Make the queue fresh: a mirror sync for local queues once the mirror is whole, else
        one server call for this queue's rows."""
        definition = self.definition(name)
        current = self.queue(name)
        if not current.stale:
            return current
        if self.uses_mirror(definition):
            if sync is not None:
                await sync(priority=priority)
            return self.queue(name)
        if definition.node is None:
            return current
        if definition.local and definition.name == MY_OPEN:
            await self._first_contact_my_open(priority)
        else:
            await self._server_rows(definition, priority, whole=not definition.local)
        result = self.queue(name)
        return Cached(result.value, result.age_seconds, result.stale, "network", result.stored_at)

    async def _server_rows(self, definition: QueueDef, priority: Priority, *, whole: bool) -> None:
        """/tickets/filter for one queue: every page for a server-side queue, the first page
        (30 rows and the total) for a queue the mirror will answer once it is whole."""
        assert definition.node is not None
        p = self._p
        query = to_query(definition.node)
        key = f"queue:{definition.name}"

        async def load() -> None:
            pager = p.client.filter_tickets(query, priority=priority, **p.workspace)
            if whole:
                tickets = [dump(t) for t in await p.collect(pager)]
            else:
                tickets = [dump(t) for t in await p.call(pager.first_page())]
            total = getattr(pager, "total", None)
            complete = whole or (isinstance(total, int) and len(tickets) >= total)
            p.cache.set(
                key, {"query": query, "tickets": tickets, "total": total, "complete": complete}
            )
            p.events.publish(TicketsChanged(frozenset(), "first-contact"))

        await p.flight.run(key, load)

    async def _first_contact_my_open(self, priority: Priority) -> None:
        """My open from `filter=new_and_my_open` with the requesters embedded: the rows and
        their names in the same calls, shown as each page arrives."""
        p = self._p
        definition = self.definition(MY_OPEN)
        assert definition.node is not None
        query = to_query(definition.node)
        key = f"queue:{MY_OPEN}"

        async def load() -> None:
            pager = p.client.list_tickets(
                filter=FIRST_CONTACT_FILTER,
                include=("requester",),
                per_page=100,
                priority=priority,
                **p.workspace,
            )
            tickets: list[dict[str, Any]] = []

            async def walk() -> None:
                async for page in pager.pages():
                    self._remember([t.requester for t in page if t.requester])
                    tickets.extend(
                        {k: v for k, v in dump(t).items() if k != "requester"} for t in page
                    )
                    mine = definition.select(tickets)
                    p.cache.set(key, {"query": query, "tickets": mine, "complete": False})
                    p.events.publish(TicketsChanged(frozenset(), "first-contact"))

            await p.call(walk())
            mine = definition.select(tickets)
            p.cache.set(key, {"query": query, "tickets": mine, "complete": True})
            p.events.publish(TicketsChanged(frozenset(), "first-contact"))

        await p.flight.run(key, load)
