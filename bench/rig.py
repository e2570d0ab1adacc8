"""fstui's own layers wired for a benchmark: the session the UI gets, with clocks we choose.

`fstui.session` wires the same objects but always on wall time; here the store, the limiter and
(in-process) the sandbox can share one `VirtualClock`, and the budget directory can be shared by
several processes. Reads and writes then go through the very adapters the screens use
(`Writes`: the outbox front, `AssetData`: store + asset listings).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.meter import CreditMeter
from fstui.api.ratelimit.clock import Clock
from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_DOMAIN, SandboxConfig, create_app
from fstui.sandbox.config import DEFAULT_API_KEY
from fstui.sandbox.transport import SandboxTransport
from fstui.session import Session, assemble_session
from fstui.store.assets import AssetData
from fstui.store.store import Store
from fstui.store.writes import Writes


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
    writes: Writes
    assets: AssetData

    @property
    def store(self) -> Store:
        return self.session.store

    async def aclose(self) -> None:
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
    session = await assemble_session(
        base_url=base_url,
        api_key=DEFAULT_API_KEY,
        transport=transport,
        plan=plan,
        cache_dir=cache_dir,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="bench",
        web_domain=DEMO_DOMAIN,
        clock=now,
        budget_dir=budget_dir,
        limiter_clock=clock,
    )
    extras: dict[str, Any] = session.extras
    extras["bench"] = True
    asset_clock = now or time.monotonic
    return Rig(
        session,
        session.writes,
        AssetData(
            session.store.plumbing, session.store.mirror, session.store.tickets, clock=asset_clock
        ),
    )
