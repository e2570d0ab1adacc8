"""The plan the limiter and the status bar use comes from the headers, not from the config.

Most agents do not know their account's plan; a wrong `plan` in the config must not outlive the
first answer. Against the sandbox on each plan, with the config saying nothing or the wrong one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
from fstui.sandbox.config import DEFAULT_API_KEY, DEMO_AGENT_EMAIL, DEMO_DOMAIN
from fstui.session import assemble_session


@pytest.mark.parametrize(("account", "configured"), [("pro", "starter"), ("growth", None)])
async def test_the_headers_name_the_plan(
    tmp_path: Path, account: str, configured: str | None
) -> None:
    app = create_app(SandboxConfig(tickets=60, plan=account))
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=DEFAULT_API_KEY,
        transport=sandbox_transport(app),
        plan=configured or "starter",
        cache_dir=tmp_path,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="t",
        web_domain=DEMO_DOMAIN,
    )
    try:
        assert session.store.plan == (configured or "starter")  # before any answer
        await session.store.me()  # GET /agents: an account-level answer names the limit
        assert session.store.plan == account
    finally:
        await session.aclose()
