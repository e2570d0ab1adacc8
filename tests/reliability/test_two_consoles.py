"""Two consoles, each with its own cache, edit the same ticket on one account.

Console 1 is the demo session (driven through its store and outbox, as its ticket screen
would); console 2 is a second profile on the same sandbox, driven with the keyboard. Console 2
loaded the ticket before console 1 saved, so its save must notice and ask, not overwrite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fstui.sandbox import DEMO_AGENT_EMAIL, sandbox_transport
from fstui.session import Session, open_account_session, open_demo_session
from fstui.store.outbox import Outcome
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from tests.pilot_support import TICKET_SIZE, sandbox_db, sandbox_of, until
from tests.ui.harness import TicketHost, busy, other_client, wait_loaded

from .harness import FIXED_NOW

pytestmark = pytest.mark.slow


def open_ticket(session: Session) -> tuple[int, int]:
    """An open ticket (status Open) and a priority it does not have yet."""
    db = sandbox_db(session)
    ticket_id = min(t for t, row in db.tickets.items() if row["status"] == 2 and not row["deleted"])
    return ticket_id, db.tickets[ticket_id]["priority"] % 4 + 1


async def on_account(session: Session, ticket_id: int) -> Any:
    """The ticket as the account holds it, read by a third, independent client."""
    async with other_client(session) as client:
        return await client.get_ticket(ticket_id)


async def test_second_console_sees_the_first_change_and_asks(tmp_path: Path) -> None:
    first = await open_demo_session(tickets=60, now=FIXED_NOW, cache_dir=tmp_path / "one")
    second = await open_account_session(
        domain="http://127.0.0.1",
        api_key=sandbox_of(first).config.api_key,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="second",
        plan=None,
        cache_dir=tmp_path / "two",
        transport=sandbox_transport(first.extras["sandbox_app"]),
    )
    try:
        ticket_id, new_priority = open_ticket(first)
        first_view = (await first.store.ticket(ticket_id)).value  # console 1 has it open
        host = TicketHost(
            tmp_path / "two", ticket_id=ticket_id, queue_ids=[ticket_id], session=second
        )
        async with host.run_test(size=TICKET_SIZE) as pilot:
            screen = await wait_loaded(pilot)  # console 2 has it open too
            assert screen.ticket is not None and screen.ticket.status == 2

            saved = await first.writes.update_ticket(first_view, {"priority": new_priority})
            assert saved.outcome is Outcome.SENT

            await pilot.press("s")  # console 2 sets Pending on what it loaded earlier
            await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
            for key in "pending":
                await pilot.press(key)
            await pilot.press("enter")
            await until(
                pilot, lambda: isinstance(host.screen, ConfirmScreen), what="conflict dialog"
            )
            shown = str(host.screen.query_one("Static").render())
            assert "Priority" in shown, shown
            assert "changed this ticket" in shown

            await pilot.press("n")  # keep theirs
            await until(pilot, lambda: not busy(screen), what="screen idle")
            await pilot.pause()
            fresh = await on_account(first, ticket_id)
            assert fresh.priority == new_priority, "console 1's change was overwritten"
            assert fresh.status == 2, "console 2 saved although the agent said no"
            assert screen.ticket is not None and screen.ticket.priority == new_priority
            assert not second.outbox.pending() and not screen.context.session.outbox.pending()
            assert host.is_running
    finally:
        await second.aclose()
        await first.aclose()
