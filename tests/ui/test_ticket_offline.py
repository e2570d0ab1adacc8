"""The ticket screen offline and back (issue #18 item 8), against the in-process sandbox.

Offline, a ticket whose cached copy is out of date used to open with a blank conversation and a
red status line; once the link was back, that error and `cached … ago` stayed until F5. Now the
cached conversation shows with an offline note, and the connection coming back reads the ticket
again by itself: the note and the age go, and what arrived meanwhile is in the thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fstui.sandbox import FaultConfig
from fstui.ui.screens.ticket.status import TicketStatus
from fstui.ui.screens.ticket.thread import ThreadEntry
from tests.pilot_support import TICKET_SIZE, sandbox_db, until

from .harness import TicketHost, busy, demo_session, other_client, pick_ticket

CLOSED = 5


def status_text(host: TicketHost) -> str:
    return str(host.ticket_screen.query_one(TicketStatus).render())


def thread_text(host: TicketHost) -> str:
    return " ".join(e.entry.html or "" for e in host.ticket_screen.query(ThreadEntry))


async def test_offline_shows_the_cached_conversation_and_coming_back_clears_the_note(
    tmp_path: Path,
) -> None:
    session = await demo_session(tmp_path)
    ticket_id, queue_ids = await pick_ticket(session)  # its detail is in the cache now
    cached_count = len((await session.store.ticket(ticket_id)).value.conversations or []) + 1
    async with other_client(session) as client:  # someone else answers meanwhile
        await client.add_note(ticket_id, "<p>Checked by the night shift</p>", private=True)
    await session.store.sync()  # the mirror knows the ticket moved: the cached copy is old
    sandbox: Any = session.extras["sandbox_app"].state.sandbox
    sandbox.faults = FaultConfig(offline=True)

    host = TicketHost(tmp_path, session=session, ticket_id=ticket_id, queue_ids=queue_ids)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        await until(pilot, lambda: host.ready.is_set(), what="ticket screen")
        screen = host.ticket_screen
        await until(pilot, lambda: not busy(screen), what="the load gave up", seconds=30)
        await pilot.pause()
        assert len(screen.query(ThreadEntry)) == cached_count  # the cached thread, not blank
        assert "Checked by the night shift" not in thread_text(host)
        assert "offline" in status_text(host).lower()
        assert "cached" in status_text(host).lower()

        sandbox.faults = FaultConfig()
        session.connectivity.record_success()  # a request got through: the link is back
        await until(
            pilot,
            lambda: "Checked by the night shift" in thread_text(host),
            what="the thread read again",
            seconds=30,
        )
        await until(pilot, lambda: not busy(screen), what="idle")
        await pilot.pause()
        status = status_text(host).lower()
        assert "offline" not in status and "cached" not in status
        assert f"{queue_ids.index(ticket_id) + 1}/{len(queue_ids)} in queue" in status


async def test_offline_a_ticket_never_read_here_says_so_and_loads_once_back(
    tmp_path: Path,
) -> None:
    """Not "check the domain in your config": the link is down and nothing is cached; the
    ticket loads by itself when the connection is back."""
    session = await demo_session(tmp_path)
    await session.store.sync()
    db = sandbox_db(session)
    closed = min(i for i, t in db.tickets.items() if t.get("status") == CLOSED)
    assert session.store.peek_ticket(closed) is None  # not cached, not in the open mirror
    sandbox: Any = session.extras["sandbox_app"].state.sandbox
    sandbox.faults = FaultConfig(offline=True)

    host = TicketHost(tmp_path, session=session, ticket_id=closed)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        await until(pilot, lambda: host.ready.is_set(), what="ticket screen")
        screen = host.ticket_screen
        await until(pilot, lambda: not busy(screen), what="the load gave up", seconds=30)
        await pilot.pause()
        status = status_text(host)
        assert "Offline" in status and "not been read on this machine" in status
        assert "config" not in status

        sandbox.faults = FaultConfig()
        session.connectivity.record_success()
        await until(pilot, lambda: screen.ticket is not None, what="the ticket", seconds=30)
        await until(pilot, lambda: not busy(screen), what="idle")
        await pilot.pause()
        assert "Offline" not in status_text(host)
