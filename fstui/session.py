"""Assembling client, limiter and store for one run: a real account or the demo sandbox.

This is the only place that knows how the layers are wired; the UI receives a
ready `Session` and talks to `session.store`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fstui.api import DiskBudgetStore, FreshserviceClient
    from fstui.store.connectivity import Connectivity
    from fstui.store.drafts import Drafts
    from fstui.store.outbox import Outbox
    from fstui.store.queues import SavedQueueSpec
    from fstui.store.store import Store
    from fstui.store.team import TeamSettings
    from fstui.store.writes import Writes


@dataclass
class Session:
    """Everything a screen needs to reach the account.

    One outbox, one drafts store and one connectivity tracker per session: every screen
    writes through the same queue, so writes stay ordered and each goes out exactly once.
    """

    client: FreshserviceClient
    store: Store
    outbox: Outbox
    drafts: Drafts
    connectivity: Connectivity
    writes: Writes
    """The one front for every write (outbox, applied to the store when delivered)."""
    profile_name: str
    web_domain: str
    me_email: str
    demo: bool = False
    refresh_interval: float = 60.0
    bell_on_urgent: bool = False
    cache_warning: str | None = None
    budget: DiskBudgetStore | None = None
    scratch_dir: Path | None = None  # a demo's throwaway cache, removed on close
    extras: dict[str, Any] = field(default_factory=dict)

    def ticket_url(self, ticket_id: int) -> str:
        return f"https://{self.web_domain}/a/tickets/{ticket_id}"

    async def aclose(self) -> None:
        try:
            team = self.extras.pop("team", None)
            if team is not None:  # hands the sync lease back: another console leads at once
                await team.aclose()
            await self.store.aclose()
            await self.outbox.aclose()
            await self.connectivity.aclose()
            await self.client.__aexit__(None, None, None)
        finally:
            self.store.cache.close()
            if self.budget is not None:
                self.budget.close()
            if self.scratch_dir is not None:
                shutil.rmtree(self.scratch_dir, ignore_errors=True)


async def open_demo_session(
    *,
    tickets: int = 4000,
    seed: int = 1,
    now: datetime | None = None,
    clock: Callable[[], float] | None = None,
    cache_dir: Path | None = None,
    plan: str = "pro",
    refresh_interval: float = 60.0,
) -> Session:
    """The embedded sandbox in-process: no port, no account, no config."""
    from fstui.sandbox import (
        DEMO_AGENT_EMAIL,
        DEMO_DOMAIN,
        SandboxConfig,
        create_app,
        sandbox_transport,
    )

    config = SandboxConfig(tickets=tickets, seed=seed, now=now, plan=plan)
    app = create_app(config)
    scratch = None if cache_dir else Path(tempfile.mkdtemp(prefix="fstui-demo-"))
    directory = cache_dir or scratch
    assert directory is not None
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=config.api_key,
        transport=sandbox_transport(app),
        plan=plan,
        cache_dir=directory,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="demo",
        web_domain=DEMO_DOMAIN,
        clock=clock,
        refresh_interval=refresh_interval,
    )
    session.demo = True
    session.scratch_dir = scratch
    session.extras["sandbox_app"] = app
    return session


async def open_kept_demo_session(
    directory: Path | None = None,
    *,
    fresh: bool = False,
    tickets: int = 4000,
    refresh_interval: float = 60.0,
) -> Session:
    """`fstui --demo`: the demo kept in a per-user directory (fstui.sandbox.demo).

    The cache is opened and the session assembled without the sandbox: it is generated (off the
    event loop) when the first request needs it, so a warm start paints the queue from the cache
    first. `fresh` throws the directory away and starts over.
    """
    from fstui.sandbox.config import DEFAULT_API_KEY, DEMO_AGENT_EMAIL, DEMO_DOMAIN
    from fstui.sandbox.demo import KeptDemo, LazySandboxTransport, demo_directory

    demo = KeptDemo(directory or demo_directory(), tickets=tickets)
    demo.prepare(fresh=fresh)
    transport = LazySandboxTransport(demo.config())
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=DEFAULT_API_KEY,
        transport=transport,
        plan=demo.plan,
        cache_dir=demo.cache_dir,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="demo",
        web_domain=DEMO_DOMAIN,
        refresh_interval=refresh_interval,
    )
    session.demo = True
    session.extras["sandbox_transport"] = transport
    return session


async def open_account_session(
    *,
    domain: str,
    api_key: str,
    me_email: str,
    profile_name: str,
    plan: str | None,
    cache_dir: Path | None = None,
    trace: Callable[[str], None] | None = None,
    refresh_interval: float = 60.0,
    saved_queues: tuple[SavedQueueSpec, ...] = (),
    transport: Any = None,
    workspace_id: int | None = None,
    team: TeamSettings | None = None,
    download_dir: Path | None = None,
) -> Session:
    """A real Freshservice account (or a sandbox served on loopback); `team` turns on team
    mode (see fstui.store.team.team_settings)."""
    from fstui.api import resolve_base_url
    from fstui.store.cache import resolve_cache_dir

    base_url = resolve_base_url(domain)
    warning = None
    if cache_dir is None:
        location = resolve_cache_dir(profile_name)
        cache_dir, warning = location.path, location.warning
    from urllib.parse import urlsplit

    session = await assemble_session(
        base_url=base_url,
        api_key=api_key,
        transport=transport,
        plan=plan or "starter",
        cache_dir=cache_dir,
        me_email=me_email,
        profile_name=profile_name,
        web_domain=urlsplit(base_url).netloc,
        trace=trace,
        refresh_interval=refresh_interval,
        saved_queues=saved_queues,
        workspace_id=workspace_id,
        team=team,
        download_dir=download_dir,
    )
    session.cache_warning = warning
    await _check_account(session)
    return session


async def _check_account(session: Session) -> None:
    """One call (cached for hours) that tells a bad key or domain apart from no network.

    With no network but a warm cache the session opens anyway, read-only from the
    cache; everything else is raised so the welcome screen can say what is wrong.
    """
    from fstui.api import NetworkError, RequestTimeout

    try:
        me = await session.store.me()
    except (NetworkError, RequestTimeout):
        if session.store.mirror.loaded:  # open read-only from the cache; the prober retries
            session.connectivity.mark_offline()
            return
        await session.aclose()
        raise
    except BaseException:
        await session.aclose()
        raise
    if me is None:
        await session.aclose()
        from fstui.config import ConfigError

        raise ConfigError(
            f"No agent with email {session.me_email} in this account: check `email` in the profile."
        )


async def assemble_session(
    *,
    base_url: str,
    api_key: str,
    transport: Any,
    plan: str,
    cache_dir: Path,
    me_email: str,
    profile_name: str,
    web_domain: str,
    clock: Callable[[], float] | None = None,
    trace: Callable[[str], None] | None = None,
    refresh_interval: float = 60.0,
    saved_queues: tuple[SavedQueueSpec, ...] = (),
    budget_dir: Path | None = None,
    limiter_clock: Any = None,
    workspace_id: int | None = None,
    team: TeamSettings | None = None,
    download_dir: Path | None = None,
) -> Session:
    """Wire cache, limiter, client, store, outbox and connectivity for one account.

    `clock` drives the store and cache, `limiter_clock` the rate limiter, and `budget_dir`
    moves the shared budget out of the cache dir: benchmarks run on simulated time and
    share one budget between processes that each have their own cache.
    """
    import time

    from fstui.api import DiskBudgetStore, FreshserviceClient, LimitRecorder, Priority, RateLimiter
    from fstui.store.cache import JsonCache
    from fstui.store.connectivity import Connectivity
    from fstui.store.drafts import Drafts
    from fstui.store.freshness import FreshnessPolicy
    from fstui.store.outbox import Outbox
    from fstui.store.settings import StoreSettings
    from fstui.store.store import Store
    from fstui.store.writes import Writes

    cache = JsonCache(cache_dir, secrets=(api_key,), clock=clock or time.time)
    budget = DiskBudgetStore(budget_dir or cache_dir / "budget")
    mode = None
    if team is not None:  # team mode: the budget and the sync shared through Redis
        from fstui.store.team import build_team

        mode = build_team(
            team,
            domain=web_domain,
            fallback=budget,
            refresh_interval=refresh_interval,
            limiter_clock=limiter_clock,
            clock=clock,
        )
    limiter = RateLimiter(plan, store=mode.budget if mode else budget, clock=limiter_clock)
    # Every answer's X-Ratelimit-Total is recorded: the headers, not the config, say the plan.
    limits = LimitRecorder(transport)
    client = FreshserviceClient(
        base_url, api_key, transport=limits, limiter=limiter, plan=plan, trace=trace
    )
    await client.__aenter__()

    async def probe() -> None:  # one cheap GET while offline, to notice the way back
        await client.list_ticket_form_fields(priority=Priority.BACKGROUND)

    # The client already retried a GET several times before a network error reaches the store,
    # so one such error means the account is out of reach.
    connectivity = Connectivity(probe=probe, failure_threshold=1)
    settings = StoreSettings(
        freshness=FreshnessPolicy(queue_ttl=refresh_interval),
        saved_queues=saved_queues,
        workspace_id=workspace_id,
        download_dir=download_dir,
    )
    store = Store(
        client,
        cache,
        me_email=me_email,
        settings=settings,
        clock=clock or time.time,
        limiter=limiter,
        api_key=api_key,
        connectivity=connectivity,
        plan=plan,
        coordinator=mode.coordinator if mode else None,
    )
    store.detected_plan = limits.plan
    if mode is not None:
        mode.attach_mirror(store.mirror)
        mode.follow_on_news(store.syncer.follow)  # a peer's change shows without waiting
        mode.share_writes(store.events, store.mirror, clock or time.time)  # and ours on theirs
    drafts = Drafts(cache)
    outbox = Outbox(cache, client, drafts=drafts, connectivity=connectivity)
    # Listening before the retry loop starts: what a previous run left queued and this run
    # delivers is applied to the store too.
    writes = Writes(outbox, store, drafts=drafts, cache=cache, reader=store)
    store.assets.writes = writes  # asset links through the outbox too (no call made here)
    outbox.start()
    session = Session(
        budget=budget,
        client=client,
        store=store,
        outbox=outbox,
        drafts=drafts,
        connectivity=connectivity,
        writes=writes,
        profile_name=profile_name,
        web_domain=web_domain,
        me_email=me_email,
        refresh_interval=refresh_interval,
    )
    if mode is not None:
        session.extras["team"] = mode  # a TeamMode: coordinator.status() for the status bar
    return session
