"""Per-plan buckets, credits for includes, 429 + Retry-After and window resets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .harness import client_for, make_app


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 15, 30, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_headers_report_the_operation_bucket_and_decrease() -> None:
    app = make_app(plan="starter")
    async with client_for(app) as client:
        first = await client.get("/tickets")
        second = await client.get("/tickets")
        groups = await client.get("/groups")
    assert first.headers["X-Ratelimit-Total"] == "40"  # list tickets sub-limit on starter
    assert int(second.headers["X-Ratelimit-Remaining"]) == 38
    assert second.headers["X-Ratelimit-Used-CurrentRequest"] == "1"
    assert groups.headers["X-Ratelimit-Total"] == "100"  # account bucket: no sub-limit
    assert int(groups.headers["X-Ratelimit-Remaining"]) == 97


async def test_includes_cost_extra_credits() -> None:
    app = make_app(plan="pro")
    async with client_for(app) as client:
        show = await client.get("/tickets/5?include=conversations")
        listing = await client.get("/tickets?include=stats")
        plain = await client.get("/tickets/5")
    assert show.headers["X-Ratelimit-Used-CurrentRequest"] == "2"
    assert listing.headers["X-Ratelimit-Used-CurrentRequest"] == "3"
    assert plain.headers["X-Ratelimit-Used-CurrentRequest"] == "1"


async def test_empty_bucket_answers_429_until_the_window_resets() -> None:
    clock = FakeClock()
    app = make_app(plan="starter", limits={"account": 5}, window_seconds=60, clock=clock)
    async with client_for(app) as client:
        for _ in range(5):
            assert (await client.get("/agents/0")).status_code == 404  # invalid ones count too
        refused = await client.get("/groups")
        assert refused.status_code == 429
        assert refused.json() == {
            "message": "The API rate limit allotted for your Freshservice domain has been exhausted"
        }
        assert refused.headers["Retry-After"] == "60"
        assert refused.headers["X-Ratelimit-Remaining"] == "0"
        clock.now += timedelta(seconds=45)
        later = await client.get("/groups")
        assert later.status_code == 429
        assert later.headers["Retry-After"] == "15"
        clock.now += timedelta(seconds=15)
        assert (await client.get("/groups")).status_code == 200


async def test_sub_limit_refuses_while_other_operations_continue() -> None:
    app = make_app(plan="starter", limits={"list_tickets": 2})
    async with client_for(app) as client:
        assert (await client.get("/tickets")).status_code == 200
        assert (await client.get("/tickets")).status_code == 200
        assert (await client.get("/tickets")).status_code == 429
        assert (await client.get("/tickets/1")).status_code == 200


async def test_unlimited_plan_never_refuses() -> None:
    app = make_app(plan="unlimited")
    async with client_for(app) as client:
        for _ in range(300):
            response = await client.get("/groups")
        assert response.status_code == 200
