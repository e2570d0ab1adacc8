"""Team mode through the session the app opens: two consoles, each with its own cache directory,
the same sandbox account and one real Redis.

The store-level follower path is the lead's sync service (`Store.refresh` → follow); here it is
driven through `assemble_session` with ``team=`` exactly as the app wires it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.session import Session, assemble_session
from fstui.store.queues import ALL_OPEN
from fstui.store.team import TeamMode, TeamSettings


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.url.path}?{request.url.query.decode()}")
        return await self.inner.handle_async_request(request)


async def open_console(app: Any, cache: Path, redis_url: str) -> tuple[Session, Counting]:
    transport = Counting(sandbox_transport(app))
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=app.state.sandbox.config.api_key,
        transport=transport,
        plan="pro",
        cache_dir=cache,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="team",
        web_domain="acme.freshservice.com",
        team=TeamSettings(url=redis_url),
    )
    return session, transport


async def test_a_second_console_shows_its_queues_from_the_leader_without_a_ticket_call(
    tmp_path: Path, redis_url: str
) -> None:
    app = create_app(SandboxConfig(tickets=120, plan="pro"))
    leader, _ = await open_console(app, tmp_path / "host-a", redis_url)
    follower, calls = await open_console(app, tmp_path / "host-b", redis_url)
    try:
        team = leader.extras["team"]
        assert isinstance(team, TeamMode)
        await leader.store.syncer.sync(full=True)
        assert team.status() == "team: leading"
        rows = {t.id for t in leader.store.queue(ALL_OPEN).value}
        assert rows

        await follower.store.refresh(initial=True)
        assert follower.extras["team"].status() == "team: following"
        assert {t.id for t in follower.store.queue(ALL_OPEN).value} == rows
        # no full load and no delta: the open set came from the leader. (The deleted/spam sweep
        # still runs on every console; it belongs to the leader alone: see the report.)
        synced = [
            p
            for p in calls.paths
            if p.startswith("/api/v2/tickets")
            and "filter=deleted" not in p
            and "filter=spam" not in p
        ]
        assert synced == [], calls.paths
    finally:
        await follower.aclose()
        await leader.aclose()


async def test_closing_the_leading_session_hands_the_lease_over(
    tmp_path: Path, redis_url: str
) -> None:
    app = create_app(SandboxConfig(tickets=30, plan="pro"))
    first, _ = await open_console(app, tmp_path / "a", redis_url)
    second, _ = await open_console(app, tmp_path / "b", redis_url)
    try:
        assert await first.extras["team"].coordinator.should_lead()
        assert not await second.extras["team"].coordinator.should_lead()
        await first.aclose()
        assert await second.extras["team"].coordinator.should_lead()
    finally:
        await second.aclose()


async def test_a_follower_shows_the_leaders_delta_without_refreshing(
    tmp_path: Path, redis_url: str
) -> None:
    import asyncio

    app = create_app(SandboxConfig(tickets=60, plan="pro"))
    leader, _ = await open_console(app, tmp_path / "host-a", redis_url)
    follower, calls = await open_console(app, tmp_path / "host-b", redis_url)
    try:
        await leader.store.syncer.sync(full=True)
        await follower.store.refresh(initial=True)
        target = next(t.id for t in follower.store.queue(ALL_OPEN).value if t.id is not None)
        # another agent changes the ticket (through the API, not through either console)
        async with httpx.AsyncClient(
            transport=sandbox_transport(app), base_url="http://127.0.0.1/api/v2"
        ) as other:
            answer = await other.put(
                f"/tickets/{target}",
                json={"subject": "Scanner on floor 3 is offline"},
                auth=(app.state.sandbox.config.api_key, "X"),
            )
            assert answer.status_code == 200
        await asyncio.sleep(0.3)  # the follower's feed reader is listening by now
        before = len(calls.paths)
        await leader.store.syncer.sync()  # the leader's next refresh: one delta, published
        for _ in range(300):  # a safety net against a hang, not a speed check
            row = follower.store.mirror.get(target)
            if row is not None and row.get("subject") == "Scanner on floor 3 is offline":
                break
            await asyncio.sleep(0.05)
        assert follower.store.mirror.get(target)["subject"] == "Scanner on floor 3 is offline"  # type: ignore[index]
        assert len(calls.paths) == before  # the follower made no call to learn it
    finally:
        await follower.aclose()
        await leader.aclose()


async def test_the_leaders_own_write_shows_on_the_follower_at_once(
    tmp_path: Path, redis_url: str
) -> None:
    import asyncio

    app = create_app(SandboxConfig(tickets=60, plan="pro"))
    leader, _ = await open_console(app, tmp_path / "host-a", redis_url)
    follower, calls = await open_console(app, tmp_path / "host-b", redis_url)
    try:
        await leader.store.syncer.sync(full=True)
        await follower.store.refresh(initial=True)
        await asyncio.sleep(0.3)  # the follower's feed reader is listening by now
        target = next(t.id for t in leader.store.queue(ALL_OPEN).value if t.id is not None)
        before = len(calls.paths)
        # the agent at the leading console writes; its next delta would find nothing new
        await leader.store.update_ticket(target, {"subject": "Badge printer out of ribbon"})
        for _ in range(300):  # a safety net against a hang, not a speed check
            row = follower.store.mirror.get(target)
            if row is not None and row.get("subject") == "Badge printer out of ribbon":
                break
            await asyncio.sleep(0.05)
        shown = follower.store.mirror.get(target)
        assert shown is not None and shown["subject"] == "Badge printer out of ribbon"
        assert len(calls.paths) == before
    finally:
        await follower.aclose()
        await leader.aclose()
