"""A 403 access_denied reaches the agent as a clear PermissionDenied message.

The sandbox refuses chosen operations (SandboxConfig.denied) the way the reference describes
a role without the privilege (../shared/reference/freshservice-api-v2.txt lines 303 and 332),
so this goes through the real client, its error mapping and the real HTTP answer.
"""

from __future__ import annotations

import pytest

from fstui.api import FreshserviceClient, PermissionDenied
from fstui.sandbox import SandboxConfig, create_app

from .harness import SANDBOX_KEY, sandbox_client


def _client(*denied: str) -> FreshserviceClient:
    return sandbox_client(create_app(SandboxConfig(plan="unlimited", tickets=40, denied=denied)))


async def test_a_refused_update_says_what_was_refused_and_what_to_do() -> None:
    async with _client("PUT /tickets/*") as fs:
        before = await fs.get_ticket(3)
        wanted = 1 if before.priority == 4 else 4
        with pytest.raises(PermissionDenied) as caught:
            await fs.update_ticket(3, {"priority": wanted})
        still = await fs.get_ticket(3)  # reads stay allowed
    error = caught.value
    assert error.status == 403
    message = str(error)
    assert "PUT /tickets/3" in message  # which operation
    assert "You are not authorized to perform this action." in message  # the server's words
    assert "role does not allow this" in message  # why, in the agent's terms
    assert "administrator" in message  # and what to do about it
    assert SANDBOX_KEY not in message
    assert still.priority == before.priority  # nothing was changed


async def test_a_refused_read_is_a_permission_error_not_an_empty_list() -> None:
    async with _client("GET /agents") as fs:
        with pytest.raises(PermissionDenied, match="GET /agents"):
            await fs.list_agents().collect()
