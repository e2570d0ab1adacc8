"""Opening a session: a warm cache opens offline read-only; a demo leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.api.errors import NetworkError
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.session import open_account_session, open_demo_session
from fstui.store.queues import ALL_OPEN


async def test_unreachable_account_with_a_warm_cache_opens_offline(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(tickets=80, plan="unlimited"))

    async def open_session() -> object:
        return await open_account_session(
            domain="http://127.0.0.1",
            api_key=app.state.sandbox.config.api_key,
            me_email=DEMO_AGENT_EMAIL,
            profile_name="t",
            plan=None,
            cache_dir=tmp_path,
            transport=sandbox_transport(app),
        )

    first = await open_session()
    await first.store.sync()  # type: ignore[attr-defined]
    rows = len(first.store.queue(ALL_OPEN).value)  # type: ignore[attr-defined]
    await first.aclose()  # type: ignore[attr-defined]
    assert rows > 0

    app.state.sandbox.faults.offline = True
    second = await open_session()
    try:
        with pytest.raises(NetworkError):
            await second.store.sync()  # type: ignore[attr-defined]
        assert not second.connectivity.is_online  # type: ignore[attr-defined]
        assert not second.store.stats().online  # type: ignore[attr-defined]
        assert len(second.store.queue(ALL_OPEN).value) == rows  # type: ignore[attr-defined]
    finally:
        await second.aclose()  # type: ignore[attr-defined]


async def test_demo_session_removes_its_scratch_cache_on_close() -> None:
    session = await open_demo_session(tickets=40)
    scratch = session.scratch_dir
    assert scratch is not None and scratch.exists()
    await session.aclose()
    assert not scratch.exists()
