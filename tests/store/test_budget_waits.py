"""When the budget runs low a request waits its turn, the store says for what, then it loads.

The case from the field: `]` pressed quickly on Starter drains the ticket-view sub-limit
(50 credits a minute in fstui's plan table) while the account still has room; the ticket screen
stayed blank with no word. Now the wait is announced with the limit's name and cleared when the
request gets through, against the sandbox over HTTP (virtual time for the limiter).
"""

from __future__ import annotations

from pathlib import Path

from fstui.api import FreshserviceClient, ManualClock, Operation, Priority, RateLimiter
from fstui.store.budget_words import describe_budget
from fstui.store.cache import JsonCache
from fstui.store.events import BudgetWaiting, StoreEvent
from fstui.store.store import Store

from .harness import sandbox_parts


async def test_a_drained_view_budget_is_named_and_the_ticket_loads_by_itself(
    tmp_path: Path,
) -> None:
    create_app, SandboxConfig, sandbox_transport, key = sandbox_parts()
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    app = create_app(SandboxConfig(tickets=200, plan="unlimited"))
    clock = ManualClock()
    limiter = RateLimiter("starter", clock=clock, safety_margin=0.0)
    async with FreshserviceClient(
        "http://127.0.0.1", key, transport=sandbox_transport(app), limiter=limiter
    ) as client:
        cache = JsonCache(tmp_path)
        store = Store(client, cache, me_email=DEMO_AGENT_EMAIL, limiter=limiter, api_key=key)
        heard: list[StoreEvent] = []
        store.events.subscribe(heard.append)
        await store.sync(priority=Priority.INTERACTIVE)
        ticket_id = next(iter(t["id"] for t in store.mirror.tickets()))
        while limiter.stats().tightest is None or limiter.stats().tightest[0] != "view_ticket":
            await limiter.acquire(Operation.VIEW_TICKET, 1, Priority.INTERACTIVE)
        remaining, limit, words = describe_budget(limiter.stats())
        assert words == "ticket views" and limit == 50 and remaining is not None
        while (limiter.stats().tightest or ("", 1, 1))[1] > 0:
            await limiter.acquire(Operation.VIEW_TICKET, 1, Priority.INTERACTIVE)
        waits = len([e for e in heard if isinstance(e, BudgetWaiting)])
        loaded = await store.ticket(ticket_id)
        assert loaded.value.id == ticket_id
        told = [e.message for e in heard if isinstance(e, BudgetWaiting)][waits:]
        assert told[0].startswith("waiting for API budget: ticket views 50/min, ~")
        assert told[-1] == ""  # cleared once the request went out
        assert store.events.waiting == ""
        cache.close()
