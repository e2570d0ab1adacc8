"""The client against the embedded sandbox (fstui/sandbox): real routes, real 429s."""

from __future__ import annotations

import time
from typing import Any

import pytest

from fstui.api import (
    Conversation,
    FreshserviceClient,
    RateLimiter,
    RetryPolicy,
    Task,
    Ticket,
    TimeEntry,
)

from .harness import sandbox_client

try:
    from fstui.sandbox import SandboxConfig, create_app
except ImportError:  # the sandbox is built in parallel; run these once it lands
    pytest.skip(
        "fstui.sandbox (create_app, sandbox_transport) not available", allow_module_level=True
    )


def _client(config: Any, limiter: RateLimiter, **kw: Any) -> FreshserviceClient:
    return sandbox_client(create_app(config), limiter=limiter, **kw)


async def test_ticket_with_conversations_time_entries_and_tasks() -> None:
    config = SandboxConfig(plan="unlimited", tickets=200)
    async with _client(config, RateLimiter("unlimited")) as fs:
        first = await fs.list_tickets(per_page=30).first_page()
        assert first and all(isinstance(t, Ticket) for t in first)
        ticket = await fs.get_ticket(first[0].id or 0, include=["conversations"])
        assert ticket.id == first[0].id and ticket.subject
        conversations = await fs.list_conversations(ticket.id or 0).collect()
        entries = await fs.list_time_entries(ticket.id or 0).collect()
        tasks = await fs.list_tasks(ticket.id or 0).collect()
    assert all(isinstance(c, Conversation) for c in conversations)
    assert all(isinstance(e, TimeEntry) for e in entries)
    assert all(isinstance(t, Task) for t in tasks)
    assert all(t.rejected_fields == {} for t in first)


async def test_filter_tickets_reports_total() -> None:
    config = SandboxConfig(plan="unlimited", tickets=200)
    async with _client(config, RateLimiter("unlimited")) as fs:
        pager = fs.filter_tickets("status:2 OR status:3")
        items = await pager.collect()
    assert pager.total == len(items)


@pytest.mark.slow
async def test_limiter_learns_the_sandbox_limit_and_recovers_from_429s() -> None:
    window, limit = 2.0, 6
    config = SandboxConfig(
        plan="unlimited", limits={"account": limit}, window_seconds=window, tickets=200
    )
    # our table believes in 500/min: the sandbox's headers and 429s must slow us down
    limiter = RateLimiter("enterprise", window=window)
    async with _client(config, limiter, retry=RetryPolicy(max_rate_limit_retries=10)) as fs:
        started = time.monotonic()
        for _ in range(3 * limit):
            await fs.list_groups().first_page()
        elapsed = time.monotonic() - started
    stats = limiter.stats()
    assert stats.learned_limits.get("account") == limit
    assert elapsed >= window  # it had to wait for the window to roll over
    assert stats.calls_made >= 3 * limit
