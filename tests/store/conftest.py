"""Fixtures the store tier shares: the fakes, a fixed clock, a cache, and the store, outbox and
writes service wired to the in-process sandbox.

The classes behind them (and helpers that are not fixtures) live in harness.py beside this file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient, RetryPolicy
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.drafts import Drafts
from fstui.store.outbox import Outbox
from fstui.store.settings import StoreSettings
from fstui.store.store import Store
from fstui.store.writes import Writes

from .harness import Clock, FakeClient, LoseAnswers, World, sandbox_parts


@pytest.fixture
def fake_client() -> FakeClient:
    """A client double that answers from memory and counts every call by name."""
    return FakeClient()


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand (the store's freshness reads it)."""
    return Clock()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[JsonCache]:
    """A fresh cache directory, closed after the test."""
    c = JsonCache(tmp_path / "cache")
    yield c
    c.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A cache folder several Outboxes open in turn: each is one start of fstui."""
    return tmp_path / "cache"


@pytest.fixture
def caches() -> Iterator[list[JsonCache]]:
    """Every JsonCache a test opens (harness.open_box appends), closed at the end."""
    opened: list[JsonCache] = []
    yield opened
    for each in opened:
        each.close()


@pytest.fixture
def sandbox() -> tuple[Any, str]:
    """A 200-ticket sandbox account and its API key."""
    create_app, SandboxConfig, _transport, key = sandbox_parts()
    return create_app(SandboxConfig(tickets=200, plan="unlimited")), key


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """The real writes wiring (store, outbox, drafts, connectivity) on a 200-ticket sandbox
    whose answers `world.transport` can lose; one attempt per request."""
    create_app, SandboxConfig, sandbox_transport, key = sandbox_parts()
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    app = create_app(SandboxConfig(tickets=200, plan="unlimited"))
    transport = LoseAnswers(sandbox_transport(app))
    client = FreshserviceClient(
        "http://127.0.0.1",
        key,
        transport=transport,
        timeout=5.0,
        retry=RetryPolicy(max_attempts=1, base_delay=0.0, max_rate_limit_retries=0),
    )
    await client.__aenter__()
    cache_dir = tmp_path / "cache"
    cache = JsonCache(cache_dir)
    store = Store(client, cache, me_email=DEMO_AGENT_EMAIL, settings=StoreSettings())
    drafts = Drafts(cache)
    outbox = Outbox(cache, client, drafts=drafts)
    w = World(
        app,
        transport,
        client,
        cache_dir,
        cache,
        store,
        Connectivity(),
        outbox,
        Writes(outbox, store, drafts=drafts, cache=cache),
        drafts,
    )
    cache.close()
    w.rebuild()  # the real wiring, as the session does it
    await w.store.sync()
    yield w
    await w.close()
    await client.__aexit__(None, None, None)
