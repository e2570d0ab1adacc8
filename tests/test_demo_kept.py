"""`fstui --demo` keeps its account and cache between runs; `--fresh` starts over."""

from __future__ import annotations

from pathlib import Path

from fstui.sandbox.demo import LazySandboxTransport
from fstui.session import Session, open_kept_demo_session
from fstui.store.queues import ALL_OPEN


def _transport(session: Session) -> LazySandboxTransport:
    transport = session.extras["sandbox_transport"]
    assert isinstance(transport, LazySandboxTransport)
    return transport


async def _first_run(directory: Path) -> tuple[int, str]:
    """A run that loads every open ticket and changes one subject; (its id, the subject)."""
    session = await open_kept_demo_session(directory, tickets=60)
    try:
        await session.store.sync(full=True)
        ticket = session.store.queue(ALL_OPEN).value[0]
        subject = "Kept between runs"
        await session.store.update_ticket(ticket.id, {"subject": subject})
        return ticket.id, subject
    finally:
        await session.aclose()


async def test_a_second_demo_run_shows_the_queue_and_the_writes_of_the_first(
    tmp_path: Path,
) -> None:
    ticket_id, subject = await _first_run(tmp_path)

    session = await open_kept_demo_session(tmp_path, tickets=60)
    try:
        # the queue is there before the sandbox has been asked anything (built lazily)
        rows = session.store.queue(ALL_OPEN).value
        assert _transport(session).app is None
        assert any(row.id == ticket_id and row.subject == subject for row in rows)
        # and the account itself still has the write: the server answers with it
        fetched = await session.client.get_ticket(ticket_id)
        assert fetched.subject == subject
    finally:
        await session.aclose()


async def test_fresh_starts_the_demo_over(tmp_path: Path) -> None:
    ticket_id, subject = await _first_run(tmp_path)

    session = await open_kept_demo_session(tmp_path, tickets=60, fresh=True)
    try:
        assert session.store.queue(ALL_OPEN).value == []  # nothing cached any more
        fetched = await session.client.get_ticket(ticket_id)
        assert fetched.subject != subject  # the account was generated anew
    finally:
        await session.aclose()
