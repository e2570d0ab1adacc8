"""Offline, the check before sending answers at once (found in a tmux run on a 20,000-ticket
Starter sandbox that was stopped: `ctrl+s` on a reply showed nothing for about 8 s while the
check's ticket read waited out the client's connect retries, then the confirm appeared and the
reply queued anyway). Known offline, the check makes no request and says so; the outbox checks
the thread itself when it delivers."""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.api import FreshserviceClient, NetworkError, NotSent
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.store import Store

from .harness import CountingTransport, sandbox_parts


async def test_known_offline_the_check_asks_nothing_and_says_why(tmp_path: Path) -> None:
    create_app, SandboxConfig, sandbox_transport, key = sandbox_parts()
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    transport = CountingTransport(sandbox_transport(create_app(SandboxConfig(tickets=50))))
    client = FreshserviceClient("http://127.0.0.1", key, transport=transport)
    connectivity = Connectivity(failure_threshold=1)
    cache = JsonCache(tmp_path / "cache")
    async with client:
        store = Store(client, cache, me_email=DEMO_AGENT_EMAIL, connectivity=connectivity)
        connectivity.record_failure(NetworkError("Could not connect"))
        assert not connectivity.is_online
        with pytest.raises(NotSent):
            await store.conversation_check.arrived(3, seen_ids=[], seen_updated_at=None)
        assert transport.count == 0
        connectivity.record_success()  # back: the check reads the ticket again
        await store.conversation_check.arrived(3, seen_ids=[], seen_updated_at=None)
        assert transport.count >= 1
        await connectivity.aclose()
    cache.close()
