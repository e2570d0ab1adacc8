"""Sending a reply and a note from the ticket screen while the account fails, then recovering.

What the agent must see: the UI says the message is queued, the typed text is kept as a draft,
nothing crashes; once the account is back and the outbox flushes, each message exists exactly
once on the ticket.

The flush is triggered by hand, as `session.writes`' outbox `flush()`: the ticket screen has no
timer of its own, and waiting for the session's reconnect flush would take its backoff in
real seconds. The outbox gets `resend_grace=0` and the client a millisecond RetryPolicy (a
driven retry policy): a reply refused with a 5xx is "in doubt", and the default grace waits 30 s
before concluding it never arrived.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.api.retry import RetryPolicy
from fstui.sandbox import FaultConfig
from fstui.store.drafts import DraftKey
from fstui.store.outbox import Outcome
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import TICKET_SIZE, sandbox_db, sandbox_of, toasts, until
from tests.ui.harness import TicketHost, busy, demo_session, wait_loaded

REPLY = "Reply typed while the account fails"
NOTE = "Note typed while offline"
pytestmark = pytest.mark.slow


async def compose_and_send(pilot: object, host: TicketHost, key: str, text: str) -> None:
    screen = host.ticket_screen
    await pilot.press(key)  # type: ignore[attr-defined]
    await until(pilot, lambda: bool(screen.visible_composers()), what="composer")  # type: ignore[arg-type]
    for char in text:
        await pilot.press("space" if char == " " else char)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")  # type: ignore[arg-type]
    await pilot.press("y")  # type: ignore[attr-defined]
    await until(  # type: ignore[arg-type]
        pilot,
        lambda: not screen.visible_composers() and not busy(screen),
        seconds=20,
        what="send finished",
    )


def copies(host: TicketHost, ticket_id: int, text: str) -> int:
    assert host.session is not None
    db = sandbox_db(host.session)
    return sum(text in (c.get("body") or "") for c in db.thread(ticket_id).conversations)


async def test_reply_and_note_survive_faults_and_arrive_once(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    # Retries per policy, but in milliseconds: the policy's shape is tested in tests/api.
    session.client._session.retry = RetryPolicy(base_delay=0.01, max_delay=0.05)
    outbox = session.outbox
    outbox._resend_grace = 0  # an answer lost in a fault may be looked for at once here
    drafts = session.drafts
    sandbox = sandbox_of(session)
    host = TicketHost(tmp_path, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert isinstance(screen, TicketScreen)
        ticket_id = screen.ticket_id

        sandbox.faults = FaultConfig(error_rate=1.0)  # every request answers 5xx
        await compose_and_send(pilot, host, "r", REPLY)
        assert any("Reply" in n and "queued" in n for n in toasts(host)), toasts(host)
        # Nothing lost: the reply waits in the outbox (not also as a draft `r` would restore and
        # send a second time).
        queued = session.writes.queued_message(ticket_id, "reply")
        assert queued is not None and REPLY in queued.text, "the typed reply was lost"
        assert drafts.load(DraftKey(ticket_id, "reply")) is None
        assert copies(host, ticket_id, REPLY) == 0

        sandbox.faults = FaultConfig(offline=True)  # then the account is unreachable
        await compose_and_send(pilot, host, "m", NOTE)
        assert any("Note" in n and "queued" in n for n in toasts(host)), toasts(host)
        queued_note = session.writes.queued_message(ticket_id, "note")
        assert queued_note is not None and NOTE in queued_note.text
        still = await outbox.flush()  # a retry while still offline changes nothing
        assert all(r.outcome is Outcome.QUEUED for r in still)
        assert len(outbox.pending()) == 2
        assert host.is_running and host.screen is screen
        assert "Traceback" not in "".join(toasts(host))

        sandbox.faults = FaultConfig()  # the account is back
        results = await outbox.flush()
        assert [r.outcome for r in results] == [Outcome.SENT, Outcome.SENT], results
        again = await outbox.flush()  # a second flush (or the session's) sends nothing
        assert again == []
        assert copies(host, ticket_id, REPLY) == 1, "the reply must arrive exactly once"
        assert copies(host, ticket_id, NOTE) == 1, "the note must arrive exactly once"
        assert drafts.load(DraftKey(ticket_id, "reply")) is None, "sent draft not cleared"
        assert drafts.load(DraftKey(ticket_id, "note")) is None
        assert await session.outbox.flush() == []
        assert host.is_running
    await session.aclose()
