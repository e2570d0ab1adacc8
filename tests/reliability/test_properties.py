"""Properties the other suites state by example, checked over random inputs.

- the client's pagination against the real sandbox yields every item exactly once for any
  data size and page size;
- the rate limiter never spends more than its budget in any window, whatever the arrivals.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fstui.api import FreshserviceClient, Priority
from fstui.api.ratelimit.clock import ManualClock
from fstui.api.ratelimit.limiter import RateLimiter
from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
from fstui.sandbox.config import PRIMARY_WORKSPACE_ID

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tickets=st.integers(min_value=0, max_value=130), per_page=st.integers(1, 100))
async def test_ticket_pagination_yields_every_ticket_exactly_once(
    tickets: int, per_page: int
) -> None:
    app = create_app(SandboxConfig(tickets=tickets, now=NOW, plan="unlimited"))
    rows = app.state.sandbox.db.tickets.values()
    # As the API lists: not deleted or spam, and without workspace_id only the primary
    # workspace's tickets (reference line 1243).
    expected = {
        r["id"]
        for r in rows
        if not r["deleted"] and not r["spam"] and r["workspace_id"] == PRIMARY_WORKSPACE_ID
    }
    async with FreshserviceClient(
        "http://127.0.0.1/api/v2",
        app.state.sandbox.config.api_key,
        transport=sandbox_transport(app),
        plan="unlimited",
    ) as client:
        since = datetime(2000, 1, 1, tzinfo=UTC)
        pager = client.list_tickets(updated_since=since, per_page=per_page)
        seen = [t.id async for t in pager]
    assert len(seen) == len(set(seen)), "an item came twice"
    assert set(seen) == expected, "an item was missed"


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(1, 30),
    arrivals=st.lists(
        st.tuples(
            st.floats(0, 90, allow_nan=False),
            st.integers(1, 3),
            st.sampled_from([Priority.INTERACTIVE, Priority.BACKGROUND]),
        ),
        max_size=60,
    ),
)
async def test_limiter_never_exceeds_budget_in_any_window(
    limit: int, arrivals: list[tuple[float, int, Priority]]
) -> None:
    clock = ManualClock()
    start = clock.now()
    limiter = RateLimiter(
        "unlimited", limits={"account": limit}, clock=clock, safety_margin=0, window=60.0
    )
    granted: list[tuple[float, int]] = []

    async def arrive(at: float, credits: int, priority: Priority) -> None:
        credits = min(credits, limit)
        while clock.now() < start + at:
            await clock.sleep(start + at - clock.now())
        await limiter.acquire(credits=credits, priority=priority)
        granted.append((clock.now(), credits))

    await asyncio.wait_for(
        asyncio.gather(*(arrive(*a) for a in sorted(arrivals, key=lambda a: a[0]))), 30
    )
    assert len(granted) == len(arrivals)
    for moment, _ in granted:
        spent = sum(c for t, c in granted if moment <= t < moment + 60.0)
        assert spent <= limit, f"{spent} credits within 60 s of {moment - start:.1f}"
