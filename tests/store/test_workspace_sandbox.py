"""A profile's `workspace_id` reaches the sandbox's second workspace (issue #21 item 5).

The session is assembled the way `fstui` assembles it for a profile (fstui.session
.assemble_session) on the in-process sandbox, whose account has the reference's two
workspaces (2 "IT", primary; 3 "HR"; ../shared/reference/freshservice-api-v2.txt line 11648).
Without workspace_id Freshservice answers from the primary workspace; 0 is all of them
(line 1243). What the agent would notice: the queues hold that workspace's tickets, and the
form has that workspace's fields.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from fstui.sandbox import (
    DEMO_AGENT_EMAIL,
    DEMO_DOMAIN,
    SandboxConfig,
    create_app,
    sandbox_transport,
)
from fstui.session import Session, assemble_session

NOW = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)


class TicketListSpy(httpx.AsyncBaseTransport):
    """Remembers the workspace_id of every ticket read that goes through it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.workspaces: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.startswith("/api/v2/tickets"):
            self.workspaces.append(request.url.params.get("workspace_id"))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _session(tmp_path: Path, workspace_id: int | None) -> tuple[Session, set[int], set[int]]:
    app = create_app(SandboxConfig(tickets=400, plan="unlimited", now=NOW))
    db = app.state.sandbox.db
    it = {t for t, row in db.tickets.items() if row["workspace_id"] == 2}
    hr = {t for t, row in db.tickets.items() if row["workspace_id"] == 3}
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=app.state.sandbox.config.api_key,
        transport=sandbox_transport(app),
        plan="unlimited",
        cache_dir=tmp_path,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="hr",
        web_domain=DEMO_DOMAIN,
        workspace_id=workspace_id,
    )
    return session, it, hr


async def _mirrored(session: Session) -> set[int]:
    await session.store.reference()
    await session.store.sync()
    return {row["id"] for row in session.store.mirror.tickets()}


async def test_a_non_primary_workspace_profile_mirrors_that_workspaces_tickets(
    tmp_path: Path,
) -> None:
    session, it, hr = await _session(tmp_path, workspace_id=3)
    try:
        mirrored = await _mirrored(session)
        fields = {f.name for f in session.store.reference_snapshot().ticket_fields}
    finally:
        await session.aclose()
    assert mirrored, "HR has open tickets"
    assert mirrored <= hr
    assert not mirrored & it
    assert "hr_case_type" in fields and "affected_service" not in fields


async def test_without_a_workspace_the_primary_one_and_with_0_all(tmp_path: Path) -> None:
    default, it, hr = await _session(tmp_path / "default", workspace_id=None)
    try:
        primary = await _mirrored(default)
    finally:
        await default.aclose()
    everything, _, _ = await _session(tmp_path / "all", workspace_id=0)
    try:
        every = await _mirrored(everything)
    finally:
        await everything.aclose()
    assert primary and primary <= it
    assert every & hr and every & it
    assert every == primary | (every & hr)


@pytest.mark.parametrize("workspace_id", [3, 0])
async def test_the_ticket_reads_carry_the_workspace(tmp_path: Path, workspace_id: int) -> None:
    """Every ticket list request the session makes names the profile's workspace."""
    app = create_app(SandboxConfig(tickets=200, plan="unlimited", now=NOW))
    spy = TicketListSpy(sandbox_transport(app))
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=app.state.sandbox.config.api_key,
        transport=spy,
        plan="unlimited",
        cache_dir=tmp_path,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="ws",
        web_domain=DEMO_DOMAIN,
        workspace_id=workspace_id,
    )
    try:
        await _mirrored(session)
    finally:
        await session.aclose()
    assert spy.workspaces and set(spy.workspaces) == {str(workspace_id)}
