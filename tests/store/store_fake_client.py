"""A small in-memory stand-in for FreshserviceClient that counts every call it answers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from fstui.api.models import Agent, Conversation, Group, Requester, Ticket, TicketField
from fstui.query import TICKET_FIELDS, evaluate, parse


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

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


class FakeClient:
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
