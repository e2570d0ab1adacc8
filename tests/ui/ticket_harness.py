"""Shared set-up for the ticket screen tests: a demo session and an app that shows one ticket.

Holds no tests itself; `test_ticket_*.py` import from it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

from fstui.session import Session, open_demo_session
from fstui.ui.app import FstuiApp
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.themes import DEFAULT_THEME, EXTRA_THEMES
from tests.pilot_support import until

FIXED_NOW = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
TICKETS = 200


async def demo_session(cache_dir: Path) -> Session:
    session = await open_demo_session(tickets=TICKETS, now=FIXED_NOW, cache_dir=cache_dir)
    await session.store.reference()
    return session


async def pick_ticket(
    session: Session, *, min_conversations: int = 2, need: str | None = None
) -> tuple[int, list[int]]:
    """A deterministic open ticket and the ids of its queue.

    need=None: a thread of at least two kinds of messages; "time"/"tasks": the first ticket
    that has time entries / tasks (the demo data rarely has both on one ticket); "related": the
    first open ticket whose requester has another open one, with an asset linked to it.
    """
    await session.store.sync()
    if need == "related":
        return await _related_ticket(session)
    name = session.store.queue_names()[-1]
    tickets = sorted(
        (t for t in session.store.queue(name).value if t.id is not None),
        key=lambda t: t.id or 0,
    )
    ids = [t.id for t in tickets if t.id is not None]
    for ticket_id in ids:
        if need == "time" and not (await session.store.time_entries(ticket_id)).value:
            continue
        if need == "tasks" and not (await session.store.tasks(ticket_id)).value:
            continue
        if need is None:
            detail = (await session.store.ticket(ticket_id)).value
            kinds = {(c.private, c.incoming, c.source) for c in detail.conversations or []}
            if len(detail.conversations or []) < min_conversations or len(kinds) < 2:
                continue
        return ticket_id, ids
    raise AssertionError(f"no demo ticket for {need or 'a varied thread'}")


async def _related_ticket(session: Session) -> tuple[int, list[int]]:
    rows = session.store.mirror.tickets()
    by_requester: dict[Any, list[int]] = {}
    for row in rows:
        by_requester.setdefault(row.get("requester_id"), []).append(int(row["id"]))
    shared = sorted(i for ids in by_requester.values() if len(ids) > 1 for i in ids)
    if not shared:
        raise AssertionError("no demo requester with two open tickets")
    ticket_id = shared[0]
    db = sandbox_db(session)
    if not db.ticket_assets.get(ticket_id):
        db.ticket_assets[ticket_id] = [min(db.assets)]
    return ticket_id, shared


def sandbox_db(session: Session) -> Any:
    """The in-process sandbox's data, to arrange a case the generated demo lacks."""
    return session.extras["sandbox_app"].state.sandbox.db


class TicketHost(FstuiApp):
    """The real app class (themes, clock, styles) showing one ticket screen."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        ticket_id: int | None = None,
        queue_ids: list[int] | None = None,
        session: Session | None = None,
        need: str | None = None,
        queue_name: str | None = None,
    ) -> None:
        super().__init__(
            launcher=None, config_path=cache_dir / "config.toml", clock=lambda: FIXED_NOW
        )
        self._cache_dir = cache_dir
        self._ticket_id = ticket_id
        self._queue_ids = queue_ids
        self._given_session = session
        self._need = need
        self._queue_name = queue_name
        self.ready = asyncio.Event()

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not FstuiApp.on_mount: no welcome or queue screen underneath
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.run_worker(self._start(), exclusive=True)

    async def _start(self) -> None:
        session = self._given_session or await demo_session(self._cache_dir)
        self.session = session
        if self._ticket_id is None and self._queue_name is not None:
            await session.store.sync()
            rows = session.store.queue(self._queue_name).value
            self._queue_ids = [t.id for t in rows if t.id is not None]
            self._ticket_id = self._queue_ids[0]
        if self._ticket_id is None:
            self._ticket_id, self._queue_ids = await pick_ticket(session, need=self._need)
        await self.push_screen(
            TicketScreen(session, self._ticket_id, self._queue_ids, queue_name=self._queue_name)
        )
        self.ready.set()

    @property
    def ticket_screen(self) -> TicketScreen:
        screen = self.screen
        assert isinstance(screen, TicketScreen), type(screen)
        return screen


wait_until = until  # the one `until` (tests/pilot_support.py), by the name these tests use


def busy(screen: TicketScreen) -> bool:
    """Is any worker of the screen or of one of its rooms still running (load, write, tab)?"""
    return any(
        w.is_running and (w.node is screen or screen in getattr(w.node, "ancestors", ()))
        for w in screen.app.workers
    )


async def wait_loaded(pilot: Pilot[Any]) -> TicketScreen:
    app = pilot.app
    assert isinstance(app, TicketHost)
    await asyncio.wait_for(app.ready.wait(), 20)
    screen = app.ticket_screen
    await wait_until(
        pilot,
        lambda: (
            screen.ticket is not None
            and bool(screen.ticket.conversations is not None)
            and len(screen.query("ThreadEntry")) > 0
            and not busy(screen)
        ),
        what="ticket loaded",
    )
    await pilot.pause()
    return screen


RunBefore = Callable[[Pilot[Any]], Awaitable[None]]
