"""fstui's own layers wired for a benchmark: the session the UI gets, with clocks we choose.

`fstui.session` wires the same objects but always on wall time; here the store, the limiter and
(in-process) the sandbox can share one `VirtualClock`, and the budget directory can be shared by
several processes. Reads and writes then go through the very adapters the screens use
(`TicketData`: store + outbox, `AssetData`: store + asset listings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.meter import CreditMeter
from fstui.api import FreshserviceClient, RateLimiter
from fstui.api.ratelimit import DiskBudgetStore
from fstui.api.ratelimit.clock import Clock
from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_DOMAIN, SandboxConfig, create_app
from fstui.sandbox.config import DEFAULT_API_KEY
from fstui.sandbox.transport import SandboxTransport
from fstui.session import Session
from fstui.store.cache import JsonCache
from fstui.store.store import Store
from fstui.ui.screens.assets.data import AssetData
from fstui.ui.screens.ticket.data import TicketData


def metered_sandbox(
    *,
    plan: str,
    tickets: int,
    now: datetime,
    clock: Callable[[], datetime] | None = None,
    meter_clock: Callable[[], float] | None = None,
    seed: int = 1,
) -> CreditMeter:
    """A fresh sandbox account behind a credit meter."""
    app = create_app(SandboxConfig(plan=plan, tickets=tickets, now=now, clock=clock, seed=seed))
    if meter_clock is None:
        return CreditMeter(app)
    return CreditMeter(app, clock=meter_clock)


def in_process(meter: CreditMeter) -> httpx.AsyncBaseTransport:
    return SandboxTransport(meter)  # type: ignore[arg-type]  # duck-typed: .state.sandbox


@dataclass
class Rig:
    session: Session
    tickets: TicketData
    assets: AssetData

    @property
    def store(self) -> Store:
        return self.session.store

    async def aclose(self) -> None:
        await self.tickets.outbox.aclose()
        await self.session.aclose()


async def open_rig(
    *,
    cache_dir: Path,
    plan: str,
    base_url: str = "http://127.0.0.1/api/v2",
    transport: httpx.AsyncBaseTransport | None = None,
    budget_dir: Path | None = None,
    clock: Clock | None = None,
    now: Callable[[], float] | None = None,
) -> Rig:
    """A session on `base_url`; `clock` drives the limiter, `now` the store (default: wall)."""
    import time

    # The cache stamps entries with the store's clock, or every entry would look stale (or
    # from the future) to a store on simulated time.
    cache = JsonCache(cache_dir, secrets=(DEFAULT_API_KEY,), clock=now or time.time)
    limiter = RateLimiter(
        plan, store=DiskBudgetStore(budget_dir or cache_dir / "budget"), clock=clock
    )
    client = FreshserviceClient(
        base_url, DEFAULT_API_KEY, transport=transport, limiter=limiter, plan=plan
    )
    await client.__aenter__()
    store = Store(
        client,
        cache,
        me_email=DEMO_AGENT_EMAIL,
        clock=now or time.time,
        limiter=limiter,
        api_key=DEFAULT_API_KEY,
    )
    session = Session(
        client=client,
        store=store,
        profile_name="bench",
        web_domain=DEMO_DOMAIN,
        me_email=DEMO_AGENT_EMAIL,
    )
    extras: dict[str, Any] = session.extras
    extras["bench"] = True
    asset_clock = now or time.monotonic
    return Rig(session, TicketData.for_session(session), AssetData(session, clock=asset_clock))
