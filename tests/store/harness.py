"""What the store tests build on: two in-memory stand-ins for FreshserviceClient (one answers
reads and counts every call, one records what writes reached "the server" and fails on
cue), a clock moved by hand, and the wiring to run the store against the in-process sandbox
(a transport that counts requests, one that loses answers, a whole writes world).

Holds no tests itself; the fixtures built from these live in conftest.py beside this file.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from fstui.api import FreshserviceClient, Priority
from fstui.api.errors import FreshserviceError
from fstui.api.models import Agent, Conversation, Group, Requester, Ticket, TicketField
from fstui.query import TICKET_FIELDS, evaluate, parse
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff, Connectivity
from fstui.store.drafts import Drafts
from fstui.store.outbox import Outbox, Outcome, SubmitResult
from fstui.store.settings import StoreSettings
from fstui.store.store import Store
from fstui.store.writes import WriteEvent, Writes


class FakePager:
    def __init__(self, client: FakeClient, name: str, items: list[Any], page_size: int = 100):
        self._client = client
        self._name = name
        self._items = items
        self._page_size = page_size
        self.total: int | None = None

    async def pages(self) -> AsyncIterator[list[Any]]:
        for start in range(0, max(len(self._items), 1), self._page_size):
            self._client.calls[self._name] += 1
            await asyncio.sleep(self._client.latency)
            self.total = len(self._items)
            yield self._items[start : start + self._page_size]

    async def collect(self) -> list[Any]:
        out: list[Any] = []
        async for page in self.pages():
            out.extend(page)
        return out


def ts(day: int, hour: int = 0) -> str:
    return f"2030-01-{day:02d}T{hour:02d}:00:00Z"


NOW = 1893456000.0 + 5 * 86400  # 2030-01-06T00:00:00Z


class Clock:
    """The store's and the cache's clock, moved by hand."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeClient:
    """A small in-memory stand-in for FreshserviceClient that counts every call it answers."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.latency = 0.0
        self.limiter = None
        self.agents = [
            Agent(id=1, first_name="Alex", last_name="Morgan", email="me@x.test", member_of=[10]),
            Agent(id=2, first_name="Sam", last_name="Lee", email="sam@x.test"),
        ]
        self.groups = [Group(id=10, name="Service Desk"), Group(id=11, name="Network")]
        self.requesters = [
            Requester(id=100 + i, first_name="Req", last_name=str(i)) for i in range(250)
        ]
        self.fields = [
            TicketField(
                name="status",
                choices=[
                    {"id": 2, "value": "Open"},
                    {"id": 3, "value": "Pending"},
                    {"id": 4, "value": "Resolved"},
                    {"id": 5, "value": "Closed"},
                    {"id": 6, "value": "Waiting on vendor"},
                ],
            )
        ]
        self.tickets: dict[int, dict[str, Any]] = {}
        self.list_includes: list[tuple[str, ...]] = []
        self.threads: dict[int, list[Conversation]] = {}

    def add_ticket(self, ticket_id: int, **fields: Any) -> None:
        base = {
            "id": ticket_id,
            "subject": f"ticket {ticket_id}",
            "status": 2,
            "priority": 1,
            "requester_id": 100 + ticket_id % 250,
            "responder_id": None,
            "group_id": None,
            "updated_at": ts(1),
            "created_at": ts(1),
        }
        base.update(fields)
        self.tickets[ticket_id] = base

    def _pager(self, name: str, items: list[Any], page_size: int = 100) -> FakePager:
        return FakePager(self, name, items, page_size)

    def list_agents(self, *, email: str | None = None, priority: Any = None) -> FakePager:
        found = [a for a in self.agents if email is None or a.email == email]
        return self._pager("list_agents", found)

    def list_groups(self, *, priority: Any = None) -> FakePager:
        return self._pager("list_groups", self.groups)

    def list_departments(self, *, priority: Any = None) -> FakePager:
        return self._pager("list_departments", [])

    def list_locations(self, *, priority: Any = None) -> FakePager:
        return self._pager("list_locations", [])

    async def list_ticket_form_fields(self, *, priority: Any = None) -> list[TicketField]:
        self.calls["list_ticket_form_fields"] += 1
        return list(self.fields)

    def list_requesters(
        self, *, email: str | None = None, page: int | None = None, priority: Any = None
    ) -> FakePager:
        """Newest first, 100 a page; `page` starts later in the list, as the API's does."""
        skip = ((page or 1) - 1) * 100
        return self._pager("list_requesters", list(reversed(self.requesters))[skip:])

    def _body(self, ticket: dict[str, Any], include: Any = ()) -> Ticket:
        """As the server answers: a ticket's `stats` only when asked for (include=stats)."""
        if "stats" in include:
            return Ticket(**ticket)
        return Ticket(**{k: v for k, v in ticket.items() if k != "stats"})

    def filter_tickets(self, query: str, *, priority: Any = None, start_page: int = 1) -> FakePager:
        node = parse(query, TICKET_FIELDS)
        found = [
            self._body(t)
            for t in self.tickets.values()
            if evaluate(node, t, TICKET_FIELDS) and not t.get("deleted")
        ][(start_page - 1) * 30 :]
        return self._pager("filter_tickets", found, page_size=30)

    def list_tickets(
        self,
        *,
        updated_since: datetime | None = None,
        order_type: str | None = None,
        include: Any = (),
        per_page: int = 100,
        priority: Any = None,
        filter: str | None = None,
    ) -> FakePager:
        """Like the API: deleted tickets only under `filter=deleted`, never otherwise."""
        assert updated_since is not None
        self.list_includes.append(tuple(include))
        cutoff = updated_since.strftime("%Y-%m-%dT%H:%M:%SZ")
        found = [
            self._body(t, include)
            for t in self.tickets.values()
            if t["updated_at"] >= cutoff
            and bool(t.get("deleted")) == (filter == "deleted")
            and (filter != "spam" or t.get("spam"))
        ]
        return self._pager("list_tickets", found)

    async def get_ticket(
        self, ticket_id: int, *, include: Any = (), priority: Any = None
    ) -> Ticket:
        self.calls["get_ticket"] += 1
        await asyncio.sleep(self.latency)
        body = self._body(self.tickets[ticket_id], include)
        return body.model_copy(update={"conversations": list(self.threads.get(ticket_id, []))})

    async def update_ticket(
        self, ticket_id: int, fields: dict[str, Any], *, priority: Any = None
    ) -> Ticket:
        self.calls["update_ticket"] += 1
        self.tickets[ticket_id].update(fields)
        return Ticket(**self.tickets[ticket_id])

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


# -- writes: what reached the server ---------------------------------------------------------


@dataclass
class Fault:
    """Raise `error`; with `applied=True` the server applies the write first (lost answer)."""

    error: FreshserviceError
    applied: bool = False


@dataclass
class FakeWriteClient:
    """A scriptable stand-in for FreshserviceClient: records what reached "the server"."""

    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, list[Conversation]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    """Consumed one per write call, in order."""
    read_faults: list[FreshserviceError] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    time_entries: list[dict[str, Any]] = field(default_factory=list)
    gate: asyncio.Event | None = None
    """When set, replies wait for it (a slow request in flight)."""
    _next_id: int = 1000

    def ticket(self, ticket_id: int, **fields: Any) -> dict[str, Any]:
        base = {"id": ticket_id, "status": 2, "priority": 1, "updated_at": "2024-05-01T10:00:00Z"}
        self.tickets[ticket_id] = {**base, **fields}
        return self.tickets[ticket_id]

    def bodies(self, ticket_id: int) -> list[str]:
        return [c.body or "" for c in self.conversations.get(ticket_id, [])]

    def _write(self, name: str, apply: Any) -> Any:
        self.calls.append(name)
        fault = self.faults.pop(0) if self.faults else None
        if fault is not None and not fault.applied:
            raise fault.error
        result = apply()
        if fault is not None:
            raise fault.error
        return result

    def _read(self, name: str) -> None:
        self.calls.append(name)
        if self.read_faults:
            raise self.read_faults.pop(0)

    def _add_conversation(self, ticket_id: int, body: str, *, private: bool) -> Conversation:
        self._next_id += 1
        conv = Conversation(id=self._next_id, ticket_id=ticket_id, body=body, private=private)
        if ticket_id in self.tickets:  # like Freshservice, a conversation touches the ticket
            self.tickets[ticket_id]["updated_at"] = f"2024-05-01T10:{self._next_id % 60:02d}:00Z"
        self.conversations.setdefault(ticket_id, []).append(conv)
        return conv

    async def reply(
        self,
        ticket_id: int,
        body: str,
        *,
        cc_emails: Sequence[str] = (),
        bcc_emails: Sequence[str] = (),
    ) -> Conversation:
        if self.gate is not None:
            await self.gate.wait()
        return self._write("reply", lambda: self._add_conversation(ticket_id, body, private=False))  # type: ignore[no-any-return]

    async def add_note(self, ticket_id: int, body: str, *, private: bool = True) -> Conversation:
        return self._write(  # type: ignore[no-any-return]
            "add_note", lambda: self._add_conversation(ticket_id, body, private=private)
        )

    async def update_ticket(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            ticket = self.tickets[ticket_id]
            ticket.update(fields)
            ticket["updated_at"] = "2024-05-01T11:11:11Z"
            return dict(ticket)

        return self._write("update_ticket", apply)  # type: ignore[no-any-return]

    async def get_ticket(self, ticket_id: int) -> dict[str, Any]:
        self._read("get_ticket")
        return dict(self.tickets[ticket_id])

    async def list_conversations(self, ticket_id: int) -> AsyncIterator[Conversation]:
        self._read("list_conversations")
        for conv in list(self.conversations.get(ticket_id, [])):
            yield conv

    async def create_time_entry(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            entry = {"ticket_id": ticket_id, **fields}
            self.time_entries.append(entry)
            return entry

        return self._write("create_time_entry", apply)  # type: ignore[no-any-return]


# -- outboxes on a real folder, restarted ----------------------------------------------------


def open_box(folder: Path, caches: list[JsonCache], client: Any, **kwargs: Any) -> Outbox:
    """An Outbox on `folder`, as a start of fstui makes it; a second call is a restart."""
    cache = JsonCache(folder)
    caches.append(cache)
    return Outbox(cache, client, **kwargs)


def offline() -> Connectivity:
    """A connectivity that says the network is gone (no probe: it comes back when told)."""
    state = Connectivity(failure_threshold=1)
    state.mark_offline()
    return state


async def settle(condition: Callable[[], object], rounds: int = 300) -> bool:
    """Let the event loop run until `condition()` holds or `rounds` short sleeps pass."""
    for _ in range(rounds):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return bool(condition())


# -- the in-process sandbox -------------------------------------------------------------------


def sandbox_parts() -> tuple[Any, Any, Any, str]:
    """(create_app, SandboxConfig, sandbox_transport, api key) or skip when not built yet."""
    try:
        from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
        from fstui.sandbox.config import DEFAULT_API_KEY
    except ImportError as exc:  # pragma: no cover - only while the sandbox is being written
        pytest.skip(f"sandbox not available: {exc}")
    return create_app, SandboxConfig, sandbox_transport, DEFAULT_API_KEY


class CountingTransport(httpx.AsyncBaseTransport):
    """Wraps a transport and remembers each request's method and path, and each status."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str]] = []
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        response = await self.inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response

    def reset(self) -> None:
        self.requests.clear()

    @property
    def count(self) -> int:
        return len(self.requests)


def make_store(client: FakeClient, tmp_path: Path, clock: Clock, **settings: object) -> Store:
    """The store on the read fake, its cache and freshness on the hand-moved clock."""
    cache = JsonCache(tmp_path / "cache", clock=clock)
    return Store(
        client,  # type: ignore[arg-type]
        cache,
        me_email="me@x.test",
        settings=StoreSettings(**settings),  # type: ignore[arg-type]
        clock=clock,
    )


@asynccontextmanager
async def wired_store(
    sandbox: tuple[Any, str], cache_dir: Path
) -> AsyncIterator[tuple[Store, CountingTransport]]:
    """The store on a real client to the sandbox, reference and queues loaded, every request
    counted."""
    app, key = sandbox
    _, _, sandbox_transport, _ = sandbox_parts()
    counting = CountingTransport(sandbox_transport(app))
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    async with FreshserviceClient("http://127.0.0.1", key, transport=counting) as client:
        cache = JsonCache(cache_dir)
        store = Store(
            client, cache, me_email=DEMO_AGENT_EMAIL, settings=StoreSettings(), api_key=key
        )
        await store.reference()
        await store.sync()
        yield store, counting
        cache.close()


class LoseAnswers(httpx.AsyncBaseTransport):
    """Lets the server process matching requests, then loses the answer on the way back.

    Built with `match`, it loses the first `times` matching answers; without, none until
    `lose()` says which.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        match: Callable[[httpx.Request], bool] | None = None,
        error: type[httpx.TransportError] = httpx.ReadTimeout,
        times: int = 1,
    ) -> None:
        self.inner = inner
        self.match: Callable[[httpx.Request], bool] = match or (lambda _r: False)
        self.error = error
        self.remaining = times if match is not None else 0
        self.requests: list[tuple[str, str]] = []

    def lose(self, match: Callable[[httpx.Request], bool], times: int = 1) -> None:
        self.match, self.remaining = match, times

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        response = await self.inner.handle_async_request(request)
        if self.remaining > 0 and self.match(request):
            self.remaining -= 1
            await response.aread()
            raise self.error("answer lost on the way back", request=request)
        return response


FAST = Backoff(initial=0.01, maximum=0.05, jitter=0.0)
"""Reconnect and resend backoff in hundredths of a second (the shape is tested elsewhere)."""


@dataclass
class World:
    app: Any
    transport: LoseAnswers
    client: FreshserviceClient
    cache_dir: Path
    cache: JsonCache
    store: Store
    connectivity: Connectivity
    outbox: Outbox
    writes: Writes
    drafts: Drafts
    events: list[WriteEvent] = field(default_factory=list)
    news: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def faults(self) -> Any:
        return self.app.state.sandbox.faults

    def rebuild(self) -> None:
        """A restart: a new cache handle, store, outbox and writes service on the same dir."""
        self.cache = JsonCache(self.cache_dir)
        self.connectivity = Connectivity(failure_threshold=1, probe=self._probe, backoff=FAST)
        self.store = Store(
            self.client, self.cache, me_email=self.store.me_email, connectivity=self.connectivity
        )
        self.drafts = Drafts(self.cache)
        self.outbox = Outbox(
            self.cache,
            self.client,
            drafts=self.drafts,
            connectivity=self.connectivity,
            resend_grace=0.0,
            backoff=FAST,
        )
        self.writes = Writes(
            self.outbox, self.store, drafts=self.drafts, cache=self.cache, reader=self.store
        )
        self.writes.add_listener(self._heard)

    async def _probe(self) -> None:
        await self.client.list_ticket_form_fields(priority=Priority.BACKGROUND)

    def _heard(self, event: WriteEvent) -> None:
        self.events.append(event)
        self.news.set()

    async def _until(self, done: Callable[[], bool]) -> None:
        """Wait for write events until `done()`; the timeout only guards against a hang."""

        async def wait() -> None:
            while not done():
                self.news.clear()
                await self.news.wait()

        await asyncio.wait_for(wait(), timeout=30)

    async def delivered(self, ticket_id: int, count: int = 1) -> None:
        """Until `count` writes to the ticket were announced delivered."""

        def enough() -> bool:
            mine = [e for e in self.events if e.what == "delivered" and e.ticket_id == ticket_id]
            return len(mine) >= count

        await self._until(enough)

    async def settled(self, result: SubmitResult) -> Outcome:
        """Flush, then the last outcome announced for `result`'s write once it stopped being
        merely queued (the reconnect flush may have got there first)."""
        token = result.write.idempotency_token
        await self.outbox.flush()

        def last() -> WriteEvent | None:
            mine = [e for e in self.events if e.token == token and e.what != "queued"]
            return mine[-1] if mine else None

        await self._until(lambda: last() is not None)
        event = last()
        assert event is not None and event.outcome is not None
        return event.outcome

    async def close(self) -> None:
        await self.outbox.aclose()
        await self.connectivity.aclose()
        self.cache.close()
