"""What the UI tests build their apps from: the real app on a frozen demo, the ticket host, the
ITSM cases, the asset screens' app and the notification list's host.

Holds no tests itself. Fixtures built from these (`demo_app`, `host`) live in conftest.py beside
this file; `until`, the sizes and the readers every Pilot tier shares live in
tests/pilot_support.py. Each app keeps the clock its snapshots were drawn with.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from fstui.api import FreshserviceClient
from fstui.screenshots import demo_app, wait_for_queue
from fstui.session import Session, open_demo_session
from fstui.store.notifications import Kind, Notification
from fstui.ui.app import FstuiApp, ScreenRouter
from fstui.ui.messages import OpenTicket
from fstui.ui.screens.notifications import NotificationsScreen
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.styles import BASE_SHEET
from fstui.ui.themes import DEFAULT_THEME, EXTRA_THEMES
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import sandbox_db, until

# -- the whole app on the demo, queue first ----------------------------------------------------

QUEUE_NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
QUEUE_TICKETS = 300


def make_app(tmp_path: Path, tickets: int = QUEUE_TICKETS) -> FstuiApp:
    """The whole app (welcome skipped) on a demo sandbox with a fixed clock."""
    app = demo_app(tmp_path, tickets=tickets, now=QUEUE_NOW)
    assert isinstance(app, FstuiApp)
    return app


def demo_app_with(
    cache_dir: Path,
    prepare: Callable[[Session], object],
    *,
    tickets: int = QUEUE_TICKETS,
    now: datetime = QUEUE_NOW,
    config_path: Path | None = None,
) -> FstuiApp:
    """The real app whose demo session is handed to `prepare` before any screen loads (to
    plant data or faults); its config file beside the cache unless `config_path` says where."""

    async def launch() -> Session:
        session = await open_demo_session(
            tickets=tickets, now=now, clock=now.timestamp, cache_dir=cache_dir
        )
        prepare(session)
        return session

    return FstuiApp(
        launcher=launch, config_path=config_path or cache_dir / "config.toml", clock=lambda: now
    )


async def loaded(pilot: Pilot[Any]) -> FastTable[Any]:
    """The queue's table once its first rows are shown."""
    await wait_for_queue(pilot)
    return pilot.app.screen.query_one(FastTable)


def queue_screen(app: Any) -> QueueScreen:
    """The screen on top, which the test expects to be the queue."""
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` key by key, as an agent would (a newline is enter)."""
    for char in text:
        await pilot.press("enter" if char == "\n" else ("space" if char == " " else char))


# -- one ticket screen ---------------------------------------------------------------------------

TICKET_NOW = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
TICKET_DEMO_TICKETS = 200


async def demo_session(cache_dir: Path) -> Session:
    """The ticket tests' demo session, reference data loaded."""
    session = await open_demo_session(
        tickets=TICKET_DEMO_TICKETS, now=TICKET_NOW, cache_dir=cache_dir
    )
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
            launcher=None, config_path=cache_dir / "config.toml", clock=lambda: TICKET_NOW
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


def busy(screen: Screen[Any]) -> bool:
    """Is any worker of the screen or of one of its rooms still running (load, write, tab)?"""
    return any(
        w.is_running and (w.node is screen or screen in getattr(w.node, "ancestors", ()))
        for w in screen.app.workers
    )


async def wait_loaded(pilot: Pilot[Any]) -> TicketScreen:
    """The host's ticket screen once its thread is shown and nothing is loading."""
    app = pilot.app
    assert isinstance(app, TicketHost)
    await asyncio.wait_for(app.ready.wait(), 20)
    screen = app.ticket_screen
    await until(
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


async def settle(pilot: Pilot[Any], screen: TicketScreen) -> None:
    """Wait until the ticket screen has nothing running, then let it draw."""
    await until(pilot, lambda: not busy(screen), what="screen idle")
    await pilot.pause()


def other_client(session: Session) -> FreshserviceClient:
    """A second agent's client on the same sandbox account (to check what reached it)."""
    from fstui.sandbox import sandbox_transport

    app = session.extras["sandbox_app"]
    return FreshserviceClient(
        "http://127.0.0.1/api/v2",
        app.state.sandbox.config.api_key,
        transport=sandbox_transport(app),
        plan="unlimited",
    )


# -- the ITSM cases (issue #20): what the frozen demo lacks, arranged on the sandbox -----------


def service_request_with_items(session: Session) -> int:
    """The first service request that has requested items (the demo's catalog orders)."""
    db = sandbox_db(session)
    ids = sorted(t for t, rows in db.desk.requested_items.items() if rows)
    assert ids, "no demo service request with requested items"
    return ids[0]


def waiting_for_me(session: Session, ticket_id: int) -> dict[str, Any]:
    """Make the ticket's first approval wait for the demo agent (the frozen 200-ticket demo
    has every approval answered); the ticket's approval status follows (Requested)."""
    db = sandbox_db(session)
    me = db.agent_by_id[db.me_id]
    approval: dict[str, Any] = db.desk.approvals[ticket_id][0]
    approval["approval_status"] = {"id": 0, "name": "requested"}
    approval["approver_id"] = me["id"]
    approval["approver_name"] = f"{me['first_name']} {me['last_name']}"
    approval["latest_remark"] = ""
    db.tickets[ticket_id]["_approval_status"] = 0
    return approval


def approvals_on_server(session: Session, ticket_id: int) -> list[dict[str, Any]]:
    return list(sandbox_db(session).desk.approvals.get(ticket_id, []))


def parent_with_child(session: Session) -> tuple[int, int]:
    db = sandbox_db(session)
    child, parent = sorted(db.desk.parent_of.items())[0]
    return parent, child


def ticket_with_problem(session: Session) -> tuple[int, int]:
    db = sandbox_db(session)
    ticket_id, problem = sorted(db.itsm.ticket_problem.items())[0]
    return ticket_id, problem


def ticket_with_problem_and_change(session: Session) -> int:
    """A ticket whose Related tab shows a problem and a change."""
    db = sandbox_db(session)
    both = sorted(set(db.itsm.ticket_problem) & set(db.itsm.change_initiating))
    return both[0] if both else sorted(db.itsm.ticket_problem)[0]


def incident_for_child(session: Session) -> int:
    """An incident that may take a child: not a child itself, not a service request."""
    db = sandbox_db(session)
    for ticket_id, row in sorted(db.tickets.items()):
        if (
            row.get("type") == "Incident"
            and ticket_id not in db.desk.parent_of
            and not row.get("deleted")
            and not row.get("spam")
            and row["status"] == 2
        ):
            return ticket_id
    raise AssertionError("no open incident for a child ticket")


class ItsmHost(TicketHost):
    """The ticket host on a ticket chosen from the demo session once it exists (snapshots
    cannot open a session before the app runs), with the case arranged first."""

    def __init__(
        self,
        cache_dir: Path,
        choose: Callable[[Session], int],
        arrange: Callable[[Session, int], object] | None = None,
    ) -> None:
        super().__init__(cache_dir)
        self._choose = choose
        self._arrange = arrange

    async def _start(self) -> None:
        session = await demo_session(self._cache_dir)
        ticket_id = self._choose(session)
        if self._arrange is not None:
            self._arrange(session, ticket_id)
        self._given_session = session
        self._ticket_id = ticket_id
        self._queue_ids = [ticket_id]
        await super()._start()


# -- the asset screens -------------------------------------------------------------------------

ASSETS_NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
ASSETS_TICKETS = 200


class AssetsTestApp(ScreenRouter):
    """Routes like the app (OpenTicket from a detail opens the ticket), without its bindings.

    The session is opened inside the app's own event loop (snap_compare runs the app in its
    own); the asset tests wait with `until(..., settle=True)`, since the list loader idles
    between pages.
    """

    CSS_PATH = str(BASE_SHEET)

    def __init__(self, cache_dir: Path, make_screen: Callable[[Session], Screen[Any]]) -> None:
        super().__init__()
        self._cache_dir = cache_dir
        self._make_screen = make_screen
        self.clock = lambda: ASSETS_NOW
        self.session: Session | None = None

    async def on_mount(self) -> None:
        for theme in EXTRA_THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        self.session = await open_demo_session(
            tickets=ASSETS_TICKETS, now=ASSETS_NOW, cache_dir=self._cache_dir
        )
        await self.push_screen(self._make_screen(self.session))

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()


# -- the notification list, on fixed data ---------------------------------------------------------

NOTIFICATIONS_NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
NOTIFICATIONS_AT = NOTIFICATIONS_NOW.timestamp()


def sample_notifications() -> list[Notification]:
    T = NOTIFICATIONS_AT
    return [
        Notification("a:1", Kind.ASSIGNED, 101, "#101 assigned to you", "VPN drops hourly", T - 60),
        Notification("f:2", Kind.FIRST_RESPONSE_DUE, 102, "#102: first response due in 9 min",
                     "[bold red]Printer[/] on floor 3 jams", T - 300),
        Notification("r:3", Kind.REPLY, 103, "#103: the requester replied", "Laptop won't boot",
                     T - 3600, quiet=True),
        Notification("g:4", Kind.GROUP, 104, "#104 new in your group", "New starter: accounts",
                     T - 7200),
        Notification("p:5", Kind.APPROVAL, None, "Approval waiting for you",
                     "requested by Ronald Weasley", T - 86400),
    ]  # fmt: skip


class NotificationsHost(App[None]):
    """Pushes the list on start and records what the list asked the app to open."""

    def __init__(self, items: list[Notification], *, seen_at: float | None = None) -> None:
        super().__init__()
        self.items = items
        self.seen_at = seen_at
        self.opened: list[int] = []
        self.result: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Static("queue underneath")

    def on_mount(self) -> None:
        screen = NotificationsScreen(self.items, seen_at=self.seen_at, now=NOTIFICATIONS_NOW)
        self.push_screen(screen, self.result.append)

    def on_open_ticket(self, message: OpenTicket) -> None:
        self.opened.append(message.ticket_id)


FORMS_NOW = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
"""The clock the form tests run on (a date placeholder is judged against it)."""


class FormHost(App[None]):
    """Shows one form; keeps what it was dismissed with."""

    def __init__(self, form: Any) -> None:
        super().__init__()
        self.form = form
        self.result: Any = "not dismissed"
        self.clock = lambda: FORMS_NOW

    def on_mount(self) -> None:
        self.push_screen(self.form, self._done)

    def _done(self, value: Any) -> None:
        self.result = value
