"""Each fault kind, as an httpx client sees it through sandbox_transport."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from fstui.sandbox import FaultConfig

from .harness import client_for, make_app


async def test_offline_is_a_connect_error_and_recovers() -> None:
    app = make_app()
    async with client_for(app) as client:
        app.state.sandbox.faults.offline = True
        with pytest.raises(httpx.ConnectError):
            await client.get("/tickets")
        app.state.sandbox.faults.offline = False
        assert (await client.get("/tickets")).status_code == 200


async def test_dropped_connection_after_the_write_was_applied() -> None:
    app = make_app(faults=FaultConfig(drop_rate=1.0))
    db = app.state.sandbox.db
    before = len(db.thread(7).conversations)
    async with client_for(app) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/tickets/7/notes", json={"body": "sent once"})
    assert len(db.thread(7).conversations) == before + 1  # the answer was lost, not the note


async def test_error_rate_answers_5xx() -> None:
    app = make_app(faults=FaultConfig(error_rate=1.0, seed=3))
    async with client_for(app) as client:
        statuses = {(await client.get("/groups")).status_code for _ in range(30)}
    assert statuses <= {500, 502, 503} and len(statuses) >= 2


async def test_rate_limit_burst_gives_the_next_n_requests_429() -> None:
    app = make_app()
    app.state.sandbox.faults.rate_limit_burst = 2
    async with client_for(app) as client:
        codes = [(await client.get("/groups")).status_code for _ in range(3)]
        first = await client.get("/groups")
    assert codes == [429, 429, 200]
    assert first.status_code == 200


async def test_malformed_json_is_cut_off() -> None:
    app = make_app(faults=FaultConfig(malformed_json_rate=1.0))
    async with client_for(app) as client:
        response = await client.get("/groups")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_latency_is_added_to_every_response() -> None:
    app = make_app(faults=FaultConfig(latency_s=0.2))
    async with client_for(app) as client:
        started = time.perf_counter()
        await client.get("/groups")
        assert time.perf_counter() - started >= 0.2
        db = app.state.sandbox.db
        before = len(db.thread(9).conversations)
        with pytest.raises(httpx.ReadTimeout):
            await client.post("/tickets/9/notes", json={"body": "slow"}, timeout=0.05)
        await asyncio.sleep(0.3)
    # The client gave up, but the server finished the work: the note exists once.
    assert len(db.thread(9).conversations) == before + 1
