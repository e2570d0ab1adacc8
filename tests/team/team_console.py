"""One fstui console in a process of its own, for tests/team/test_team_two_hosts.py.

Usage: team_console.py MODE REDIS_URL API_URL API_KEY CACHE_DIR NAME [options as JSON]

- ``budget``: ``count`` GET /tickets/1 calls under the team budget (or, with ``solo``, a budget
  of its own), starting at ``start_at``; prints one JSON line with the statuses it saw.
- ``sync``: every ``interval`` seconds, lead (a delta sync from the API, published) or follow
  (apply what the leader published, no API call); prints one JSON line per round with its
  role, status note, API calls so far and the subjects of the ``watch`` tickets.

Each process has its own cache directory: a console on another host.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from harness import apply, delta_update, full_update

from fstui.api import FreshserviceClient, MemoryBudgetStore, RateLimiter
from fstui.api.ratelimit import Reservation
from fstui.store.cache import JsonCache
from fstui.store.mirror import TicketMirror
from fstui.store.team import TeamSettings, build_team


class Counting(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response

    @property
    def calls(self) -> int:
        return sum(self.statuses.values())


class Recording(RateLimiter):
    """Remembers when (on the budget's clock: Redis' TIME) each reservation was granted."""

    reserved_at: list[float]

    async def acquire(self, *args: Any, **kwargs: Any) -> Reservation:
        reservation = await super().acquire(*args, **kwargs)
        self.__dict__.setdefault("reserved_at", []).append(reservation.at)
        return reservation


def say(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


async def budget(args: list[str], options: dict[str, Any]) -> None:
    redis_url, api_url, api_key, cache_dir, name = args
    limits = {"account": int(options["limit"])}
    window = float(options["window"])
    team = None
    if options.get("solo"):
        store: Any = MemoryBudgetStore()
    else:
        team = build_team(
            TeamSettings(url=redis_url, share=1.0),
            domain=api_url,
            fallback_dir=Path(cache_dir) / "budget",
            timeout=5.0,  # a loaded machine is slow, not down (a refused connection fails at once)
        )
        store = team.budget
    limiter = Recording("starter", limits=limits, window=window, store=store, safety_margin=0)
    transport = Counting()
    async with FreshserviceClient(api_url, api_key, transport=transport, limiter=limiter) as client:
        await asyncio.sleep(max(0.0, float(options["start_at"]) - time.time()))
        left = int(options["count"])

        async def agent() -> None:  # several views loading at once, as in the app
            nonlocal left
            while left > 0:
                left -= 1
                await client.get_ticket(1)

        await asyncio.gather(*(agent() for _ in range(int(options.get("parallel", 1)))))
    say(
        name=name,
        statuses={str(k): v for k, v in transport.statuses.items()},
        reserved_at=limiter.reserved_at,
        fell_back=team is not None and team.budget.fallbacks > 0,
    )
    if team is not None:
        await team.aclose()


async def sync(args: list[str], options: dict[str, Any]) -> None:
    redis_url, api_url, api_key, cache_dir, name = args
    interval = float(options["interval"])
    watch = [int(i) for i in options.get("watch", [])]
    team = build_team(
        TeamSettings(url=redis_url, share=0.6),
        domain=api_url,
        fallback_dir=Path(cache_dir) / "budget",
        refresh_interval=interval,
        retry_interval=interval,
        timeout=0.5,
    )
    mirror = TicketMirror(JsonCache(Path(cache_dir) / "cache", secrets=(api_key,)))
    mirror.load()
    team.attach_mirror(mirror)
    coordinator = team.coordinator
    limiter = RateLimiter("pro", store=team.budget)
    transport = Counting()
    async with FreshserviceClient(api_url, api_key, transport=transport, limiter=limiter) as client:
        round_no = 0
        while True:
            round_no += 1
            leading = await coordinator.should_lead()
            if leading:
                started = time.time()
                since = mirror.delta_since(60) or datetime(2000, 1, 1, tzinfo=UTC)
                pager = client.list_tickets(updated_since=since, order_type="asc", per_page=100)
                bodies = [t.model_dump(mode="json") async for t in pager]
                if mirror.loaded:
                    result = mirror.merge(bodies, started_at=started, finished_at=time.time())
                    await coordinator.publish(delta_update(mirror, result, time.time()))
                else:
                    mirror.replace_all(bodies, started_at=started, finished_at=time.time())
                    await coordinator.publish(full_update(mirror, time.time()))
            else:
                for update in await coordinator.catch_up():
                    apply(mirror, update)
            subjects = {str(i): (mirror.get(i) or {}).get("subject") for i in watch}
            say(
                name=name,
                round=round_no,
                role="leader" if leading else "follower",
                status=coordinator.status(),
                calls=transport.calls,
                tickets=len(mirror),
                loaded=mirror.loaded,
                subjects=subjects,
            )
            await asyncio.sleep(interval)


def main() -> None:
    mode, *rest = sys.argv[1:]
    options = json.loads(rest[5]) if len(rest) > 5 else {}
    runner = budget if mode == "budget" else sync
    asyncio.run(runner(rest[:5], options))


if __name__ == "__main__":
    main()
