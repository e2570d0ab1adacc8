"""Building team mode for one session: the coordinator and the shared budget, on one client.

The session calls `build_team` when the profile (or ``FSTUI_REDIS_URL``) names a Redis; it
connects lazily, so a Redis that is down when the console starts costs nothing but the status
note, and the console joins as soon as it answers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fstui.api.ratelimit.redis_store import RedisBudgetStore

if TYPE_CHECKING:
    from fstui.api import BudgetStore
    from fstui.api.ratelimit import Clock
    from fstui.store.mirror import TicketMirror
    from fstui.store.team.coordinator import RedisCoordinator
    from fstui.store.team.settings import TeamSettings

__all__ = ["TeamMode", "build_team"]

_log = logging.getLogger(__name__)


@dataclass
class TeamMode:
    """What a session holds in team mode; ``aclose`` hands the lease back and closes Redis."""

    settings: TeamSettings
    namespace: str
    coordinator: RedisCoordinator
    budget: RedisBudgetStore
    _follows: set[asyncio.Task[None]] = field(default_factory=set, repr=False)

    def attach_mirror(self, mirror: TicketMirror) -> None:
        self.coordinator.attach_mirror(mirror)

    def follow_on_news(self, follow: Callable[[], Awaitable[object]]) -> None:
        """Run ``follow`` (the sync service's follower step: apply what was published, no API
        call) as soon as the feed announces another console's update, instead of waiting for
        this console's next refresh. One run at a time; news during a run starts one more."""
        state = {"running": False, "again": False}

        async def run() -> None:
            try:
                while True:
                    state["again"] = False
                    if not self.coordinator.leading:
                        try:
                            await follow()
                        except Exception:
                            _log.warning("team: catching up on news failed", exc_info=True)
                    if not state["again"]:
                        return
            finally:
                state["running"] = False

        def news() -> None:
            if state["running"]:
                state["again"] = True
                return
            state["running"] = True
            task = asyncio.get_running_loop().create_task(run(), name="fstui-team-follow")
            self._follows.add(task)
            task.add_done_callback(self._follows.discard)

        self.coordinator.subscribe(news)

    def status(self) -> str:
        return self.coordinator.status()

    def share_writes(self, events: Any, mirror: TicketMirror, clock: Callable[[], float]) -> None:
        """Publish what this console's own writes answered (the store announces them as
        ``TicketsChanged(source="write")``) so the other consoles show the change at once,
        not after the leader's next delta. ``events`` is the store's `StoreEvents`."""
        from fstui.store.coordination import MirrorUpdate
        from fstui.store.events import TicketsChanged

        waiting: set[int] = set()

        async def send() -> None:
            ids = sorted(waiting)
            waiting.clear()
            bodies = [t for t in (mirror.get(i) for i in ids) if t is not None]
            gone = [i for i in ids if mirror.get(i) is None]
            await self.coordinator.publish(
                MirrorUpdate(
                    tickets=bodies, removed=gone, full=False, sync_from=None, finished_at=clock()
                )
            )

        def heard(event: object) -> None:
            if not isinstance(event, TicketsChanged) or event.source != "write" or not event.ids:
                return
            fresh = not waiting
            waiting.update(event.ids)
            if fresh:  # one publish for the writes announced in the same turn of the loop
                task = asyncio.get_running_loop().create_task(send(), name="fstui-team-write")
                self._follows.add(task)
                task.add_done_callback(self._follows.discard)

        events.subscribe(heard)

    async def aclose(self) -> None:
        for task in list(self._follows):
            task.cancel()
        await self.budget.aclose()
        await self.coordinator.aclose()


def build_team(
    settings: TeamSettings,
    *,
    domain: str,
    fallback_dir: Path | None = None,
    fallback: BudgetStore | None = None,
    refresh_interval: float = 60.0,
    password: str | None = None,
    timeout: float = 1.0,
    retry_interval: float = 5.0,
    expected_consoles: int = 4,
    limiter_clock: Clock | None = None,
    clock: Callable[[], float] | None = None,
) -> TeamMode:
    """Coordinator and budget store for ``domain``'s account.

    ``fallback`` (the session's disk budget, closed by the session) or a disk budget opened in
    ``fallback_dir`` (closed with the team) is the host's own budget while Redis is unreachable;
    ``password`` (else ``redis_password_cmd``, else the URL's) authenticates; ``limiter_clock``
    replaces Redis' clock for simulated time (benchmarks only); ``clock`` (the store's) stamps
    shared reference data, so its age is judged on the store's clock.
    """
    from fstui.api import DiskBudgetStore
    from fstui.store.team.coordinator import RedisCoordinator
    from fstui.store.team.settings import run_password_command, team_namespace

    if password is None and settings.password_cmd:
        password = run_password_command(settings.password_cmd)
    namespace = team_namespace(domain)
    coordinator = RedisCoordinator(
        settings.url,
        namespace=namespace,
        password=password,
        refresh_interval=refresh_interval,
        timeout=timeout,
        retry_interval=retry_interval,
        clock=clock or time.time,
    )
    client: Any = coordinator.client
    owns_fallback = fallback is None
    if fallback is None:
        if fallback_dir is None:
            raise ValueError("build_team needs the host's fallback budget or a directory for it")
        fallback = DiskBudgetStore(fallback_dir)
    budget = RedisBudgetStore(
        client,
        namespace=namespace,
        share=settings.share,
        fallback=fallback,
        owns_fallback=owns_fallback,
        expected_consoles=expected_consoles,
        timeout=timeout,
        retry_interval=retry_interval,
        clock=limiter_clock,
        console_id=coordinator.console_id,
    )
    coordinator.budget = budget
    return TeamMode(settings=settings, namespace=namespace, coordinator=coordinator, budget=budget)
