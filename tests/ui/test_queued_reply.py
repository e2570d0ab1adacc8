"""A reply queued offline is not also a draft: `r` again says it is queued, never sends it twice.

The bug from the field: offline, a reply was queued; `r` restored it as a draft, and once back
online both went out. Now `r` tells the agent a reply is on its way and offers the outbox; a
second reply is a deliberate, empty one. Against the in-process sandbox with the link cut.
"""

from __future__ import annotations

from pathlib import Path

from fstui.sandbox import FaultConfig
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.outbox import OutboxScreen
from tests.pilot_support import TICKET_SIZE, sandbox_of, until

from .harness import TicketHost, busy, demo_session, wait_loaded

FIRST = "first answer"


async def _send(pilot: object, host: TicketHost, text: str) -> None:
    screen = host.ticket_screen
    await pilot.press("r")  # type: ignore[attr-defined]
    await until(pilot, lambda: bool(screen.visible_composers()), what="composer")  # type: ignore[arg-type]
    for char in text:
        await pilot.press("space" if char == " " else char)  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")  # type: ignore[arg-type]
    await pilot.press("y")  # type: ignore[attr-defined]
    await until(  # type: ignore[arg-type]
        pilot, lambda: not screen.visible_composers() and not busy(screen), what="sent", seconds=20
    )


async def test_r_on_a_queued_reply_offers_the_outbox_and_never_sends_it_twice(
    tmp_path: Path,
) -> None:
    session = await demo_session(tmp_path)
    sandbox = sandbox_of(session)
    host = TicketHost(tmp_path, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ticket_id = screen.ticket_id
        sandbox.faults = FaultConfig(offline=True)
        await _send(pilot, host, FIRST)
        assert session.writes.queued_message(ticket_id, "reply") is not None

        await pilot.press("r")  # again: the queued reply is not restored as a draft
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="asked")
        assert not screen.visible_composers()
        await pilot.press("n")  # "show me the queued one"
        await until(pilot, lambda: isinstance(host.screen, OutboxScreen), what="outbox")
        await pilot.press("escape")

        await pilot.press("r")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="asked")
        await pilot.press("y")  # a second reply on purpose: the composer starts empty
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        assert screen.visible_composers()[0].state.text == ""
        await pilot.press("escape")

        sandbox.faults = FaultConfig()
        session.outbox._resend_grace = 0  # look for the earlier attempt now, not in a minute
        await session.outbox.flush()
        thread = sandbox.db.thread(ticket_id).conversations
        assert sum(FIRST in (c.get("body") or "") for c in thread) == 1


async def test_an_offline_property_change_is_shown_as_queued_then_delivered(
    tmp_path: Path,
) -> None:
    """The header says what is queued (`Queued: Priority Low → Urgent`) until the outbox
    delivers it, then shows the ticket as the server answered."""
    from fstui.ui.modals.picker import PickerScreen

    session = await demo_session(tmp_path)
    sandbox = sandbox_of(session)
    host = TicketHost(tmp_path, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ticket_id = screen.ticket_id
        sandbox.faults = FaultConfig(offline=True)
        session.connectivity.mark_offline()
        await pilot.press("P")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        for char in "urgent":
            await pilot.press(char)
        await pilot.press("enter")
        header = screen.query_one("#ticket-header")
        await until(pilot, lambda: "Queued: Priority" in str(header.render()), what="queued shown")
        assert "→ Urgent" in str(header.render())
        sandbox.faults = FaultConfig()
        session.outbox._resend_grace = 0
        await session.outbox.flush()
        await until(
            pilot, lambda: "Queued:" not in str(header.render()), what="delivered", seconds=20
        )
        assert sandbox.db.tickets[ticket_id]["priority"] == 4
        assert screen.ticket is not None and screen.ticket.priority == 4
