"""Plan from learned limits: the reference's table (freshservice-api-v2.txt lines 39-60) read
backwards, account bucket first, sub-limits only where they are unambiguous."""

from __future__ import annotations

import httpx
import pytest

from fstui.api import FreshserviceClient
from fstui.api.ratelimit import MemoryBudgetStore, RateLimiter
from fstui.api.ratelimit.plan_detect import (
    LimitRecorder,
    bucket_of,
    detect_plan,
    plan_from_account_limit,
    plan_in_effect,
)
from fstui.sandbox import SandboxConfig, create_app, sandbox_transport


@pytest.mark.parametrize(
    ("total", "plan"),
    [(100, "starter"), (200, "growth"), (400, "pro"), (500, "enterprise"), (3000, None)],
)
def test_account_limit_names_the_plan(total: int, plan: str | None) -> None:
    assert plan_from_account_limit(total) == plan
    assert detect_plan({"account": total}) == plan


def test_sub_limits_name_the_plan_in_their_own_bucket() -> None:
    assert detect_plan({"list_agents": 140}) == "enterprise"
    assert detect_plan({"view_ticket": 140}) == "pro"  # same number, other bucket, other plan
    assert detect_plan({"list_tickets": 70, "view_ticket": 80}) == "growth"
    assert detect_plan({"list_tickets": 70, "view_ticket": 140}) is None  # they disagree
    assert detect_plan({}) is None


def test_plan_in_effect_prefers_the_headers() -> None:
    assert plan_in_effect({"account": 400}, "starter") == ("pro", True)
    assert plan_in_effect({}, None) == ("starter", False)
    assert plan_in_effect({"account": 3000}, "Growth") == ("growth", False)


def test_buckets_follow_the_limiter_classification() -> None:
    assert bucket_of("GET", "/api/v2/groups") == "account"
    assert bucket_of("GET", "/api/v2/agents") == "list_agents"
    assert bucket_of("PUT", "/api/v2/tickets/5") == "update_ticket"


@pytest.mark.parametrize("plan", ["starter", "growth", "pro", "enterprise"])
async def test_the_recorder_sees_what_the_limiter_table_hides(plan: str) -> None:
    # A limiter built for the right plan learns nothing (its table already says so); the
    # recorder still hears the header, so detection works whatever the table was.
    recorder = LimitRecorder(sandbox_transport(create_app(SandboxConfig(tickets=20, plan=plan))))
    limiter = RateLimiter(plan, store=MemoryBudgetStore())
    async with FreshserviceClient(
        "http://127.0.0.1", "sandbox-demo-key", transport=recorder, limiter=limiter
    ) as client:
        [group async for group in client.list_groups()]
    assert recorder.plan() == plan
    assert "account" not in limiter.stats().learned_limits


async def test_a_response_without_headers_records_nothing() -> None:
    recorder = LimitRecorder(httpx.MockTransport(lambda request: httpx.Response(200, json={})))
    async with httpx.AsyncClient(transport=recorder) as client:
        await client.get("http://127.0.0.1/api/v2/groups")
    assert recorder.totals == {} and recorder.plan() is None
