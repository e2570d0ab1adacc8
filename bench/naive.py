"""The baseline client: the usage notes' pattern, with no cache at all.

Every view fetches everything it shows, every time it is shown, paginating with per_page=30 and
sleeping 3.6 s between pages; a 429 is slept out (Retry-After) and the request repeated. What
each view fetches:

- queue: every page of the My open filter, plus the agents and groups lists (names in columns);
- ticket: the ticket, every page of its conversations, and its requester (name and email);
- time tab: the ticket's time entries (again after adding one);
- assets: the asset types, the first page of a type's assets, one asset by display id.

"Me" is looked up once per session (a generous assumption: a naive script would often hard-code
it). Writes are sent once each, then the view is shown again, as a page reload would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from fstui.sandbox import DEMO_AGENT_EMAIL
from fstui.sandbox.config import DEFAULT_API_KEY

PER_PAGE = 30
PAGE_SLEEP = 3.6
Sleep = Callable[[float], Awaitable[None]]


class NaiveDriver:
    def __init__(self, http: httpx.AsyncClient, sleep: Sleep) -> None:
        self.http = http
        self.sleep = sleep
        self.me_id: int | None = None
        self.throttled = 0
        self.statuses: dict[int, int] = {}

    @classmethod
    def client(
        cls, base_url: str, transport: httpx.AsyncBaseTransport | None = None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=base_url,
            auth=(DEFAULT_API_KEY, "X"),
            transport=transport,
            timeout=30.0,
            headers={"Accept": "application/json"},
        )

    async def _request(self, method: str, url: str, **kwargs: Any) -> Any:
        while True:
            response = await self.http.request(method, url, **kwargs)
            if response.status_code == 429:
                self.throttled += 1
                await self.sleep(float(response.headers.get("Retry-After", "60")))
                continue
            response.raise_for_status()
            return response.json() if response.content else None

    async def _all_pages(
        self, url: str, key: str, params: dict[str, Any] | None = None
    ) -> list[Any]:
        items: list[Any] = []
        page = 1
        while True:
            body = await self._request(
                "GET", url, params={**(params or {}), "page": page, "per_page": PER_PAGE}
            )
            batch = body.get(key, []) if isinstance(body, dict) else []
            items.extend(batch)
            if len(batch) < PER_PAGE:
                return items
            page += 1
            await self.sleep(PAGE_SLEEP)

    # --- views ----------------------------------------------------------------------------

    async def _queue_view(self) -> list[int]:
        query = f'"agent_id:{self.me_id} AND (status:2 OR status:3 OR status:6)"'
        tickets = await self._all_pages("/tickets/filter", "tickets", {"query": query})
        await self._all_pages("/agents", "agents")
        await self._all_pages("/groups", "groups")
        for t in tickets:
            self.statuses[int(t["id"])] = int(t.get("status") or 2)
        return [int(t["id"]) for t in tickets]

    async def open_queue(self) -> list[int]:
        body = await self._request("GET", "/agents", params={"email": DEMO_AGENT_EMAIL})
        self.me_id = int(body["agents"][0]["id"])
        return await self._queue_view()

    async def refresh_queue(self) -> None:
        await self._queue_view()

    async def back_to_queue(self) -> None:
        await self._queue_view()

    async def open_ticket(self, ticket_id: int) -> None:
        body = await self._request("GET", f"/tickets/{ticket_id}")
        ticket = body["ticket"]
        self.statuses[ticket_id] = int(ticket.get("status") or 2)
        await self._all_pages(f"/tickets/{ticket_id}/conversations", "conversations")
        requester = ticket.get("requester_id")
        if requester is not None:
            try:
                await self._request("GET", f"/requesters/{requester}")
            except httpx.HTTPStatusError:
                await self._request("GET", f"/agents/{requester}")

    async def reply(self, ticket_id: int, text: str) -> None:
        await self._request("POST", f"/tickets/{ticket_id}/reply", json={"body": text})
        await self.open_ticket(ticket_id)

    async def add_time_entry(self, ticket_id: int) -> None:
        url = f"/tickets/{ticket_id}/time_entries"
        await self._all_pages(url, "time_entries")
        entry = {"time_spent": "00:15", "note": "triage", "billable": False}
        if self.me_id is not None:
            entry["agent_id"] = self.me_id
        await self._request("POST", url, json={"time_entry": entry})
        await self._all_pages(url, "time_entries")

    async def change_status(self, ticket_id: int) -> None:
        status = 3 if self.statuses.get(ticket_id) != 3 else 2
        await self._request("PUT", f"/tickets/{ticket_id}", json={"status": status})
        await self.open_ticket(ticket_id)

    async def open_assets(self) -> list[int]:
        types = await self._all_pages("/asset_types", "asset_types")
        parents = {t.get("parent_asset_type_id") for t in types}
        return [int(t["id"]) for t in types if t["id"] not in parents]

    async def open_asset_type(self, type_id: int) -> list[int]:
        body = await self._request(
            "GET",
            "/assets",
            params={"filter": f'"asset_type_id:{type_id}"', "page": 1, "per_page": PER_PAGE},
        )
        return [int(a["display_id"]) for a in body.get("assets", [])]

    async def open_asset(self, display_id: int) -> None:
        await self._request("GET", f"/assets/{display_id}")
