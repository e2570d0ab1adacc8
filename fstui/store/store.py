"""The one thing the UI talks to: answers at once from the cache, refreshes behind it.

Every read returns a `Cached[...]` (value, age, stale flag, source) so a screen can paint what
was last seen and say how old it is; every network call goes through the client's shared rate
limiter at a priority that says whether an agent is waiting.

Initial load of the ticket mirror: /tickets/filter on the open statuses. It costs one credit per
30 open tickets; the alternative, GET /tickets?updated_since=<long ago>, costs one per 100 tickets
of the account's whole history (closed ones included), which on any account older than a few
weeks is many times more. If the filter endpoint caps its results (total > what it served), each
status is fetched on its own, and only if that still falls short does the list endpoint walk
history.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from fstui.api.client import FreshserviceClient
from fstui.api.errors import FreshserviceError, NetworkError, RequestTimeout
from fstui.api.models import (
    Activity,
    Agent,
    Asset,
    AssetType,
    CannedResponse,
    Conversation,
    Department,
    Group,
    Location,
    Requester,
    Task,
    Ticket,
    TicketField,
    TicketRequester,
    TimeEntry,
)
from fstui.api.ratelimit import Priority, RateLimiter
from fstui.query import TICKET_FIELDS, Q, parse, to_query
from fstui.store.assets import AssetData
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.freshness import (
    Cached,
    FreshnessPolicy,
    Kind,
    format_timestamp,
    ticket_detail_is_fresh,
)
from fstui.store.mirror import MergeResult, TicketMirror
from fstui.store.names import Names
from fstui.store.queues import QueueContext, QueueDef, builtin_queues, saved_queue
from fstui.store.reference import ReferenceData, category_tree, label_maps
from fstui.store.settings import StoreSettings
from fstui.store.singleflight import SingleFlight
from fstui.store.stats import StoreStats

__all__ = ["Store"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

HISTORY_START = datetime(2000, 1, 1, tzinfo=UTC)
_REFERENCE_KINDS = ("agents", "groups", "departments", "locations", "ticket_fields")
_MIRROR_OMIT = frozenset({"conversations", "requester", "attachments"})


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


def _load(model: type[M], value: Any) -> M:
    parse = getattr(model, "parse_tolerant", None)
    if parse is not None:
        result: M = parse(value)
        return result
    return model.model_validate(value)


def _mirror_shape(ticket: dict[str, Any]) -> dict[str, Any]:
    """A detail body trimmed to what list bodies carry, so mirror entries stay comparable."""
    return {k: v for k, v in ticket.items() if k not in _MIRROR_OMIT}


def _with_first_response(
    shaped: dict[str, Any], conversations: list[dict[str, Any]]
) -> dict[str, Any]:
    """The whole thread says when the first public answer was: stats for free, where
    include=stats would cost a credit more per ticket opened."""
    answers = [
        c.created_at
        for c in (_load(Conversation, c) for c in conversations)
        if c.answers_requester and isinstance(c.created_at, datetime)
    ]
    first = format_timestamp(min(answers)) if answers else None
    return {**shaped, "stats": {"first_responded_at": first}}


@dataclass(frozen=True)
class AdhocQueue:
    """A query typed at the `:` prompt; its name is the query itself, shortened."""

    query: str

    @property
    def name(self) -> str:
        text = " ".join(self.query.split())
        return f"? {text[:40]}…" if len(text) > 41 else f"? {text}"


@dataclass(frozen=True)
class CannedEntry:
    """A canned response with the name of its folder, as the picker lists it."""

    folder: str
    response: CannedResponse


class Store:
    def __init__(
        self,
        client: FreshserviceClient,
        cache: JsonCache,
        *,
        me_email: str,
        settings: StoreSettings | None = None,
        clock: Callable[[], float] = time.time,
        limiter: RateLimiter | None = None,
        api_key: str | None = None,
        connectivity: Connectivity | None = None,
    ) -> None:
        self.cache = cache
        self.connectivity = connectivity
        self.me_email = me_email
        self.settings = settings or StoreSettings()
        self.clock = clock
        self.limiter: RateLimiter | None = limiter or getattr(client, "limiter", None)
        self.client: Any = client  # duck-typed so tests can hand in a fake
        if api_key:
            cache.forbid(api_key)
        self.mirror = TicketMirror(cache)
        self.mirror.load()
        self._flight = SingleFlight()
        self._reference: ReferenceData | None = None
        self.names = Names(self.reference_snapshot)
        self.calls_made = 0
        self.calls_saved = 0
        self.online = True
        self._version = 0
        self._changed: asyncio.Condition | None = None
        self._models: dict[int, Ticket] = {}
        self._adhoc: list[AdhocQueue] = []
        self._first_response_tried: set[int] = set()
        self._wanted_requesters: set[int] = set()
        self._assets: AssetData | None = None
        self._canned: list[CannedEntry] | None = None

    @property
    def _workspace(self) -> dict[str, int]:
        """The profile's workspace for ticket reads; nothing when unset (the primary one)."""
        ws = self.settings.workspace_id
        return {} if ws is None else {"workspace_id": ws}

    @property
    def policy(self) -> FreshnessPolicy:
        return self.settings.freshness

    # --- plumbing -----------------------------------------------------------------------------

    async def _call(self, awaitable: Awaitable[T]) -> T:
        """Count the call and track connectivity from its outcome."""
        self.calls_made += 1
        try:
            result = await awaitable
        except (NetworkError, RequestTimeout) as exc:
            self.online = False
            if self.connectivity is not None:
                self.connectivity.record_failure(exc)
            raise
        self.online = True
        if self.connectivity is not None:
            self.connectivity.record_success()
        return result

    async def _collect(self, pager: Any) -> list[Any]:
        if hasattr(pager, "collect"):
            return list(await self._call(pager.collect()))
        if hasattr(pager, "__aiter__"):

            async def drain() -> list[Any]:
                return [item async for item in pager]

            return await self._call(drain())
        return list(await self._call(pager))

    def _cached(self, kind: Kind, key: str) -> Cached[Any] | None:
        entry = self.cache.get(key)
        if entry is None:
            return None
        return self.policy.wrap(kind, entry.value, entry.stored_at, self.clock(), "cache")

    def _network(self, kind: Kind, value: T) -> Cached[T]:
        now = self.clock()
        return self.policy.wrap(kind, value, now, now, "network")

    async def _cached_list(
        self,
        kind: Kind,
        key: str,
        model: type[M],
        fetch: Callable[[], Any],
        *,
        force: bool = False,
    ) -> Cached[list[M]]:
        """Fresh cache -> no call; else one shared call whose result is cached."""
        cached = self._cached(kind, key)
        if cached is not None and not cached.stale and not force:
            self.calls_saved += 1
            return Cached(
                [_load(model, v) for v in cached.value],
                cached.age_seconds,
                False,
                "cache",
                cached.stored_at,
            )

        async def load() -> list[dict[str, Any]]:
            items = await self._collect(fetch())
            values = [_dump(i) if isinstance(i, BaseModel) else i for i in items]
            self.cache.set(key, values)
            return values

        values = await self._flight.run(key, load)
        return self._network(kind, [_load(model, v) for v in values])

    def _notify(self) -> None:
        self._version += 1
        if self._changed is not None:
            with contextlib.suppress(RuntimeError):
                asyncio.get_running_loop().create_task(self._wake())

    async def _wake(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    async def _wait_for_change(self, seen: int) -> None:
        if self._changed is None:
            self._changed = asyncio.Condition()
        async with self._changed:
            await self._changed.wait_for(lambda: self._version != seen)

    # --- reference data -----------------------------------------------------------------------

    def reference_snapshot(self) -> ReferenceData:
        """Reference data as the cache has it, without any call (possibly empty or stale)."""
        if self._reference is None:
            self._reference = self._build_reference_from_cache()
        return self._reference

    def _build_reference_from_cache(self) -> ReferenceData:
        now = self.clock()
        oldest: float | None = None
        stale = False
        raw: dict[str, list[Any]] = {}
        for kind in _REFERENCE_KINDS:
            entry = self.cache.get(f"ref:{kind}")
            raw[kind] = entry.value if entry is not None and isinstance(entry.value, list) else []
            if entry is None:
                stale = True
            else:
                oldest = entry.stored_at if oldest is None else min(oldest, entry.stored_at)
                stale = stale or not self.policy.is_fresh(Kind.REFERENCE, entry.stored_at, now)
        fields = tuple(_load(TicketField, v) for v in raw["ticket_fields"])
        requesters_entry = self.cache.get("ref:requesters")
        requesters: dict[int, str] = {}
        if requesters_entry is not None and isinstance(requesters_entry.value, dict):
            requesters = {int(k): str(v) for k, v in requesters_entry.value.items()}
        me_entry = self.cache.get(self._me_key)
        me = _load(Agent, me_entry.value) if me_entry and me_entry.value else None
        agents = {a.id: a for a in (_load(Agent, v) for v in raw["agents"]) if a.id is not None}
        if me is not None and me.id is not None:
            agents.setdefault(me.id, me)
        return ReferenceData(
            agents=agents,
            groups={g.id: g for g in (_load(Group, v) for v in raw["groups"]) if g.id is not None},
            departments={
                d.id: d for d in (_load(Department, v) for v in raw["departments"]) if d.id
            },
            locations={
                loc.id: loc for loc in (_load(Location, v) for v in raw["locations"]) if loc.id
            },
            requesters=requesters,
            ticket_fields=fields,
            labels=label_maps(fields),
            categories=category_tree(fields),
            me=me,
            age_seconds=0.0 if oldest is None else max(0.0, now - oldest),
            stale=stale,
        )

    async def reference(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> ReferenceData:
        """All reference data; only the kinds past their TTL are fetched (each in one call)."""
        client = self.client
        fetchers: dict[str, tuple[type[BaseModel], Callable[[], Any]]] = {
            "agents": (Agent, lambda: client.list_agents(priority=priority)),
            "groups": (Group, lambda: client.list_groups(priority=priority)),
            "departments": (Department, lambda: client.list_departments(priority=priority)),
            "locations": (Location, lambda: client.list_locations(priority=priority)),
            "ticket_fields": (
                TicketField,
                lambda: client.list_ticket_form_fields(priority=priority, **self._workspace),
            ),
        }
        await asyncio.gather(
            *(
                self._cached_list(Kind.REFERENCE, f"ref:{kind}", model, fetch, force=force)
                for kind, (model, fetch) in fetchers.items()
            ),
            self.me(force=force, priority=priority),
        )
        self._reference = self._build_reference_from_cache()
        return self._reference

    @property
    def _me_key(self) -> str:
        return f"ref:me:{self.me_email.casefold()}"

    async def me(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Agent | None:
        """The agent using the console, found by email (one call, then cached for hours)."""
        cached = self._cached(Kind.REFERENCE, self._me_key)
        if cached is not None and not cached.stale and not force:
            return _load(Agent, cached.value) if cached.value else None

        async def load() -> dict[str, Any] | None:
            agents = await self._collect(
                self.client.list_agents(email=self.me_email, priority=priority)
            )
            wanted = self.me_email.casefold()
            found = next((a for a in agents if (a.email or "").casefold() == wanted), None)
            value = _dump(found) if found is not None else None
            if value is not None:  # "no such agent" is not remembered: the profile may be fixed
                self.cache.set(self._me_key, value)
            return value

        value = await self._flight.run(self._me_key, load)
        self._reference = None
        return _load(Agent, value) if value else None

    async def resolve_requesters(
        self, ids: Iterable[int], *, priority: Priority = Priority.BACKGROUND
    ) -> int:
        """Learn names for unknown requester ids in a few paged calls; returns how many found.

        The requesters API cannot filter by id, so the newest requesters are paged (100 at a
        time, newest first: the ones with open tickets) until every id is found or the page
        budget is spent. Never one request per row.
        """
        reference = self.reference_snapshot()
        mine = {i for i in ids if i not in reference.requesters and i not in reference.agents}
        if not mine:
            return 0
        # One paging run serves every caller: ids added while it runs are looked for in the
        # pages still to come (earlier pages' names are all recorded already).
        wanted = self._wanted_requesters
        wanted |= mine

        async def load() -> int:
            names = dict(self.reference_snapshot().requesters)
            pager = self.client.list_requesters(priority=priority)
            pages = 0
            try:
                async for page in pager.pages():
                    pages += 1
                    self.calls_made += 1
                    for requester in page:
                        if requester.id is None:
                            continue
                        names[requester.id] = requester.name or f"requester {requester.id}"
                        wanted.discard(requester.id)
                    if not wanted or pages >= self.settings.max_requester_pages:
                        break
            finally:
                wanted.clear()
                self.cache.set("ref:requesters", {str(k): v for k, v in names.items()})
                self._reference = None
            return pages

        await self._flight.run("ref:requesters", load)
        known = self.reference_snapshot().requesters
        return sum(1 for i in mine if i in known)

    def remember_requester(self, requester: Requester | TicketRequester) -> None:
        """Keep a name learned for free (an embedded requester) for later rows and screens."""
        if requester.id is None or not requester.name:
            return
        entry = self.cache.get("ref:requesters")
        names = dict(entry.value) if entry and isinstance(entry.value, dict) else {}
        names[str(requester.id)] = requester.name
        self.cache.set("ref:requesters", names)
        self._reference = None

    # --- ticket mirror ------------------------------------------------------------------------

    @property
    def last_sync(self) -> float | None:
        return self.mirror.meta.last_sync

    def _pick_up_other_process(self) -> None:
        if self.mirror.stored_generation() > self.mirror.meta.generation:
            self.mirror.load()
            self._models.clear()
            self._notify()

    def _full_due(self) -> bool:
        last_full = self.mirror.meta.last_full_sync
        return last_full is None or self.clock() - last_full >= self.settings.full_resync_seconds

    async def sync(
        self, *, full: bool = False, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        """Bring the mirror up to date: a delta since the watermark, or a periodic full load."""
        self._pick_up_other_process()
        do_full = full or self._full_due() or self.mirror.delta_since(0) is None
        key = "sync:full" if do_full else "sync:delta"
        return await self._flight.run(key, lambda: self._sync(do_full, priority))

    async def _sync(
        self, full: bool, priority: Priority, reach_back: datetime | None = None
    ) -> MergeResult:
        started = self.clock()
        if full:
            tickets = await self._full_load(priority)
            result = self.mirror.replace_all(tickets, started_at=started, finished_at=self.clock())
        else:
            since = self.mirror.delta_since(self.settings.delta_margin_seconds)
            assert since is not None  # sync() chose a full load when there is no watermark
            if reach_back is not None:
                since = min(since, reach_back)
            result = await self._delta(since, started, priority)
        for ticket_id in result.added | result.changed | result.removed:
            self._models.pop(ticket_id, None)
        self._notify()
        return result

    async def _delta(self, since: datetime, started: float, priority: Priority) -> MergeResult:
        """Every ticket changed since `since`, with its stats: 3 credits a page instead of 1,
        which is what keeps the first-response clock of every new or changed ticket known."""
        pager = self.client.list_tickets(
            updated_since=since,
            order_type="asc",
            include=("stats",),
            per_page=100,
            priority=priority,
            **self._workspace,
        )
        changes = [_dump(t) for t in await self._collect(pager)]
        return self.mirror.merge(changes, started_at=started, finished_at=self.clock())

    async def learn_first_responses(
        self, *, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        """One delta reaching back far enough to carry the stats of the open tickets a full
        load left unknown (filter bodies have none). Usually a no-op: the mirror keeps what
        earlier deltas learned.

        Only tickets whose first response was due within the look-back count (older ones
        show their resolution clock), and each is tried once per run, so a ticket the list
        never returns cannot make every refresh walk history again.
        """
        self._pick_up_other_process()
        cutoff = datetime.fromtimestamp(
            self.clock() - self.settings.first_response_lookback_seconds, UTC
        )
        unknown = {
            ticket_id: created
            for ticket_id, created in self.mirror.first_response_unknown(cutoff).items()
            if ticket_id not in self._first_response_tried
        }
        if not unknown or self.mirror.delta_since(0) is None:
            return MergeResult()
        self._first_response_tried |= unknown.keys()
        reach_back = min(unknown.values())
        return await self._flight.run(
            "sync:first-response", lambda: self._sync(False, priority, reach_back)
        )

    async def _full_load(self, priority: Priority) -> list[dict[str, Any]]:
        reference = self.reference_snapshot()
        statuses = sorted(reference.open_statuses) or [2, 3]
        node = Q.one_of("status", statuses)
        tickets, complete = await self._filter_all(to_query(node), priority)
        if not complete:
            tickets, complete = [], True
            for code in statuses:
                part, part_complete = await self._filter_all(f"status:{code}", priority)
                tickets.extend(part)
                complete = complete and part_complete
        if not complete:
            pager = self.client.list_tickets(
                updated_since=HISTORY_START,
                order_type="asc",
                per_page=100,
                priority=priority,
                **self._workspace,
            )
            tickets = [_dump(t) for t in await self._collect(pager)]
        return tickets

    async def _filter_all(
        self, query: str, priority: Priority
    ) -> tuple[list[dict[str, Any]], bool]:
        pager = self.client.filter_tickets(query, priority=priority, **self._workspace)
        items = [_dump(t) for t in await self._collect(pager)]
        total = getattr(pager, "total", None)
        return items, total is None or len(items) >= total

    def _model(self, ticket: Mapping[str, Any]) -> Ticket:
        ticket_id = ticket.get("id")
        if isinstance(ticket_id, int):
            model = self._models.get(ticket_id)
            if model is None:
                model = self._models[ticket_id] = _load(Ticket, ticket)
            return model
        return _load(Ticket, ticket)

    # --- queues -------------------------------------------------------------------------------

    def _queue_context(self) -> QueueContext:
        reference = self.reference_snapshot()
        now = self.clock()
        return QueueContext(
            me_id=reference.me.id if reference.me else None,
            my_group_ids=reference.my_group_ids,
            open_statuses=reference.open_statuses,
            now=datetime.fromtimestamp(now, UTC),
            local_today=datetime.fromtimestamp(now).date(),
        )

    def queue_defs(self) -> list[QueueDef]:
        ctx = self._queue_context()
        defs = builtin_queues(ctx)
        names = {d.name for d in defs}
        for spec in (*self.settings.saved_queues, *self._adhoc):
            if spec.name in names:
                continue
            try:
                defs.append(saved_queue(spec, ctx.open_statuses))
            except ValueError:
                continue  # a query that does not parse is shown as an error by the config screen
            names.add(spec.name)
        return defs

    def add_adhoc_queue(self, query: str) -> str:
        """A queue typed at the prompt, for this run only. Raises QueryError before anything
        changes, so a malformed query leaves the queue list as it was."""
        parse(query, TICKET_FIELDS)
        queue = AdhocQueue(query)
        self._adhoc = [q for q in self._adhoc if q.name != queue.name] + [queue]
        return queue.name

    def remove_adhoc_queue(self, query: str) -> None:
        self._adhoc = [q for q in self._adhoc if q.query != query]

    def queue_names(self) -> list[str]:
        return [d.name for d in self.queue_defs()]

    def _queue_def(self, name: str) -> QueueDef:
        for definition in self.queue_defs():
            if definition.name == name:
                return definition
        raise KeyError(f"no queue named {name!r}")

    def _mirror_age(self) -> tuple[float, bool, float]:
        now = self.clock()
        last = self.mirror.meta.last_sync
        if last is None:
            return 0.0, True, 0.0
        return max(0.0, now - last), not self.policy.is_fresh(Kind.QUEUE, last, now), last

    def _remote_row(self, ticket: dict[str, Any]) -> Ticket:
        """A row of a server-side queue: the mirror's copy when it is the same version, since
        only the mirror knows the first-response state (filter bodies carry no stats)."""
        mirrored = self.mirror.get(ticket["id"]) if isinstance(ticket.get("id"), int) else None
        if mirrored is not None and mirrored.get("updated_at") == ticket.get("updated_at"):
            return self._model(mirrored)
        return _load(Ticket, ticket)

    def queue(self, name: str) -> Cached[list[Ticket]]:
        """The queue as the cache knows it, instantly; `stale` says a refresh is due."""
        definition = self._queue_def(name)
        if definition.local:
            age, stale, stored_at = self._mirror_age()
            rows = [self._model(t) for t in definition.select(self.mirror.tickets())]
            if not stale:
                self.calls_saved += 1
            return Cached(rows, age, stale, "cache", stored_at)
        cached = self._cached(Kind.QUEUE, f"queue:{name}")
        if cached is None or not isinstance(cached.value, dict):
            return Cached([], 0.0, True, "cache", 0.0)
        rows = [self._remote_row(t) for t in cached.value.get("tickets", [])]
        if cached.value.get("query") != to_query(definition.node) if definition.node else True:
            return Cached(rows, cached.age_seconds, True, "cache", cached.stored_at)
        if not cached.stale:
            self.calls_saved += 1
        return Cached(rows, cached.age_seconds, cached.stale, "cache", cached.stored_at)

    async def refresh_queue(
        self, name: str, *, priority: Priority = Priority.INTERACTIVE
    ) -> Cached[list[Ticket]]:
        """Make the queue fresh: a mirror sync for local queues, a filter call for others."""
        definition = self._queue_def(name)
        current = self.queue(name)
        if not current.stale:
            return current
        if definition.local:
            await self.sync(priority=priority)
            return self.queue(name)
        assert definition.node is not None
        query = to_query(definition.node)

        async def load() -> None:
            pager = self.client.filter_tickets(query, priority=priority, **self._workspace)
            tickets = [_dump(t) for t in await self._collect(pager)]
            self.cache.set(f"queue:{name}", {"query": query, "tickets": tickets})
            self._notify()

        await self._flight.run(f"queue:{name}", load)
        result = self.queue(name)
        return Cached(result.value, result.age_seconds, result.stale, "network", result.stored_at)

    def queue_counts(self) -> dict[str, int]:
        """Rows per queue from the cache (no calls); remote saved queues count what was cached."""
        counts: dict[str, int] = {}
        tickets = self.mirror.tickets()
        for definition in self.queue_defs():
            if definition.local:
                counts[definition.name] = sum(1 for t in tickets if definition.matches(t))
            else:
                cached = self.cache.get(f"queue:{definition.name}")
                value = cached.value if cached else None
                counts[definition.name] = (
                    len(value.get("tickets", [])) if isinstance(value, dict) else 0
                )
        return counts

    async def watch_queue(
        self, name: str, *, priority: Priority = Priority.INTERACTIVE
    ) -> AsyncIterator[Cached[list[Ticket]]]:
        """Yields the cached queue at once, then a fresh one, then again after every change."""
        first = self.queue(name)
        seen = self._version
        yield first
        if first.stale:
            try:
                fresh = await self.refresh_queue(name, priority=priority)
            except FreshserviceError:
                fresh = self.queue(name)
            seen = self._version
            yield fresh
        while True:
            await self._wait_for_change(seen)
            seen = self._version
            yield self.queue(name)

    # --- ticket detail ------------------------------------------------------------------------

    def peek_ticket(self, ticket_id: int) -> Cached[Ticket] | None:
        """What the cache knows about a ticket, instantly: the detail, else the mirror row."""
        cached = self._cached(Kind.TICKET, f"ticket:{ticket_id}")
        if cached is not None and isinstance(cached.value, dict):
            return Cached(
                _load(Ticket, cached.value),
                cached.age_seconds,
                not self._detail_fresh(ticket_id, cached),
                "cache",
                cached.stored_at,
            )
        row = self.mirror.get(ticket_id)
        if row is not None:
            age, _, stored_at = self._mirror_age()
            return Cached(self._model(row), age, True, "cache", stored_at)
        return None

    def _detail_fresh(self, ticket_id: int, cached: Cached[Any]) -> bool:
        if ticket_id in self.mirror:
            return ticket_detail_is_fresh(
                cached.value.get("updated_at"), self.mirror.updated_at(ticket_id)
            )
        return not cached.stale

    async def ticket(
        self, ticket_id: int, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Cached[Ticket]:
        """The ticket with all its conversations; no call while the mirror shows no change."""
        key = f"ticket:{ticket_id}"
        cached = self._cached(Kind.TICKET, key)
        if (
            not force
            and cached is not None
            and isinstance(cached.value, dict)
            and self._detail_fresh(ticket_id, cached)
        ):
            self.calls_saved += 1
            return Cached(
                _load(Ticket, cached.value), cached.age_seconds, False, "cache", cached.stored_at
            )

        async def load() -> dict[str, Any]:
            ticket = await self._call(
                self.client.get_ticket(
                    ticket_id, include=("conversations", "requester"), priority=priority
                )
            )
            if ticket.requester is not None:
                self.remember_requester(ticket.requester)
            body = _dump(ticket)
            conversations = body.get("conversations") or []
            if len(conversations) >= self.settings.conversations_per_include:
                everything = await self._collect(
                    self.client.list_conversations(ticket_id, priority=priority)
                )
                body["conversations"] = [_dump(c) for c in everything]
            self.cache.set(key, body)
            if ticket_id in self.mirror or ticket.status is not None:
                thread = body.get("conversations") or []
                self.mirror.put(_with_first_response(_mirror_shape(body), thread))
                self._models.pop(ticket_id, None)
            return body

        body = await self._flight.run(key, load)
        return self._network(Kind.TICKET, _load(Ticket, body))

    async def conversations(self, ticket_id: int) -> Cached[list[Conversation]]:
        detail = await self.ticket(ticket_id)
        return Cached(
            list(detail.value.conversations or []),
            detail.age_seconds,
            detail.stale,
            detail.source,
            detail.stored_at,
        )

    async def time_entries(self, ticket_id: int, *, force: bool = False) -> Cached[list[TimeEntry]]:
        return await self._child_list(ticket_id, "time_entries", TimeEntry, force)

    async def tasks(self, ticket_id: int, *, force: bool = False) -> Cached[list[Task]]:
        return await self._child_list(ticket_id, "tasks", Task, force)

    async def activities(self, ticket_id: int, *, force: bool = False) -> Cached[list[Activity]]:
        return await self._child_list(ticket_id, "activities", Activity, force)

    async def _child_list(
        self, ticket_id: int, what: str, model: type[M], force: bool
    ) -> Cached[list[M]]:
        method = {
            "time_entries": self.client.list_time_entries,
            "tasks": self.client.list_tasks,
            "activities": self.client.list_ticket_activities,
        }[what]
        return await self._cached_list(
            Kind.QUEUE,
            f"ticket:{ticket_id}:{what}",
            model,
            lambda: method(ticket_id, priority=Priority.INTERACTIVE),
            force=force,
        )

    def invalidate_ticket(self, ticket_id: int) -> None:
        """Forget everything cached about a ticket (after a write)."""
        self.cache.delete_prefix(f"ticket:{ticket_id}:")
        self.cache.delete(f"ticket:{ticket_id}")

    async def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> Ticket:
        """Write through: the answer updates the mirror row and the cached detail."""
        ticket = await self._call(
            self.client.update_ticket(ticket_id, fields, priority=Priority.INTERACTIVE)
        )
        self.apply_ticket(ticket)
        result: Ticket = ticket
        return result

    def apply_ticket(self, ticket: Ticket) -> None:
        """Take a ticket a write answered with as the truth, so nobody pays to re-read it.

        The answer carries every field but not the thread, so the cached detail keeps its
        conversations; its updated_at matches the mirror's again, which keeps it fresh.
        """
        if ticket.id is None:
            return
        body = _dump(ticket)
        key = f"ticket:{ticket.id}"
        cached = self.cache.get(key)
        self.cache.delete_prefix(f"{key}:")
        if cached is not None and isinstance(cached.value, dict):
            merged = {**cached.value, **{k: v for k, v in body.items() if k != "conversations"}}
            self.cache.set(key, merged)
        self.mirror.put(_mirror_shape(body))
        self._models.pop(ticket.id, None)
        self._notify()

    def add_child(self, ticket_id: int, what: str, item: BaseModel) -> None:
        """A time entry or task we just created joins its cached list without a re-list."""
        key = f"ticket:{ticket_id}:{what}"
        cached = self.cache.get(key)
        if cached is not None and isinstance(cached.value, list):
            self.cache.set(key, [*cached.value, _dump(item)])

    async def _send_now(self, ticket_id: int, write: Awaitable[T]) -> T:
        """Editing or deleting a time entry or task, and timers, have no outbox kind: they go
        out at once, and the ticket's cached children are forgotten so the next look re-lists."""
        result = await write
        self.invalidate_ticket(ticket_id)
        return result

    async def update_time_entry(
        self, ticket_id: int, entry_id: int, fields: Mapping[str, Any]
    ) -> TimeEntry:
        entry: TimeEntry = await self._send_now(
            ticket_id, self.client.update_time_entry(ticket_id, entry_id, fields)
        )
        return entry

    async def delete_time_entry(self, ticket_id: int, entry_id: int) -> None:
        await self._send_now(ticket_id, self.client.delete_time_entry(ticket_id, entry_id))

    async def start_timer(
        self, ticket_id: int, *, agent_id: int | None, note: str = ""
    ) -> TimeEntry:
        fields: dict[str, Any] = {"timer_running": True, "note": note}
        if agent_id is not None:
            fields["agent_id"] = agent_id
        entry: TimeEntry = await self._send_now(
            ticket_id, self.client.create_time_entry(ticket_id, fields)
        )
        return entry

    async def stop_timer(self, ticket_id: int, entry_id: int) -> TimeEntry:
        entry: TimeEntry = await self._send_now(
            ticket_id, self.client.stop_timer(ticket_id, entry_id)
        )
        return entry

    async def update_task(self, ticket_id: int, task_id: int, fields: Mapping[str, Any]) -> Task:
        task: Task = await self._send_now(
            ticket_id, self.client.update_task(ticket_id, task_id, fields)
        )
        return task

    async def delete_task(self, ticket_id: int, task_id: int) -> None:
        await self._send_now(ticket_id, self.client.delete_task(ticket_id, task_id))

    def add_conversation(self, ticket_id: int, conversation: Conversation) -> None:
        """A reply or note we just sent joins the cached thread without a re-read.

        The server bumps the ticket's updated_at; the next delta sync will see that and the
        detail is re-read once then, on the next open. A public answer stops the queue's
        first-response clock now rather than at that sync.
        """
        key = f"ticket:{ticket_id}"
        cached = self.cache.get(key)
        if cached is not None and isinstance(cached.value, dict):
            thread = [*(cached.value.get("conversations") or []), _dump(conversation)]
            self.cache.set(key, {**cached.value, "conversations": thread})
        if conversation.answers_requester:
            at = conversation.created_at
            if not isinstance(at, datetime):
                at = datetime.fromtimestamp(self.clock(), UTC)
            if self.mirror.note_first_response(ticket_id, format_timestamp(at)):
                self._models.pop(ticket_id, None)
        self._notify()

    # --- assets -------------------------------------------------------------------------------

    @property
    def assets(self) -> AssetData:
        """Created on first use, so a run that never opens an asset pays nothing for it."""
        if self._assets is None:
            self._assets = AssetData(self)
        return self._assets

    async def asset_types(self, *, force: bool = False) -> Cached[list[AssetType]]:
        return await self._cached_list(
            Kind.REFERENCE,
            "ref:asset_types",
            AssetType,
            lambda: self.client.list_asset_types(priority=Priority.INTERACTIVE),
            force=force,
        )

    async def asset(self, display_id: int, *, force: bool = False) -> Cached[Asset]:
        key = f"asset:{display_id}"
        cached = self._cached(Kind.ASSET, key)
        if cached is not None and not cached.stale and not force:
            self.calls_saved += 1
            return Cached(
                _load(Asset, cached.value), cached.age_seconds, False, "cache", cached.stored_at
            )

        async def load() -> dict[str, Any]:
            asset = await self._call(
                self.client.get_asset(
                    display_id, include_type_fields=True, priority=Priority.INTERACTIVE
                )
            )
            body = _dump(asset)
            self.cache.set(key, body)
            return body

        body = await self._flight.run(key, load)
        return self._network(Kind.ASSET, _load(Asset, body))

    # --- canned responses ---------------------------------------------------------------------

    async def canned_responses(self) -> list[CannedEntry]:
        """Every canned response with its folder, loaded once per store on first use.

        The folder listing carries each response's content, so inserting one costs no call."""
        if self._canned is not None:
            return self._canned
        entries: list[CannedEntry] = []
        for folder in await self.client.list_canned_response_folders():
            if folder.id is None:
                continue
            for response in await self.client.list_canned_responses(folder.id):
                entries.append(CannedEntry(folder.name or "", response))
        self._canned = entries
        return entries

    async def canned_response(self, response_id: int) -> CannedResponse:
        """One response in full, for an account whose folder listing left its content out."""
        response: CannedResponse = await self.client.get_canned_response(response_id)
        return response

    # --- status -------------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        budget = self.limiter.stats() if self.limiter is not None else None
        made = self.calls_made
        saved = self.calls_saved + self._flight.joined
        return StoreStats(
            remaining=budget.remaining if budget else None,
            limit=budget.limit if budget else None,
            calls_made=budget.calls_made if budget else made,
            credits_spent=budget.credits_spent if budget else 0,
            calls_saved_by_cache=saved,
            hit_rate=saved / (saved + made) if saved + made else 0.0,
            last_sync=self.mirror.meta.last_sync,
            online=self.connectivity.is_online if self.connectivity else self.online,
            paused_until=budget.paused_until if budget else None,
        )
