"""After browsing with ]/[ on the ticket screen, esc puts the queue's cursor on the ticket last
shown, not on row 1 (issue #18 item 16)."""

from __future__ import annotations

from pathlib import Path

from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import until

from .harness import loaded, make_app


async def test_escape_returns_to_the_ticket_last_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        while app.screen.queue_name != "All open":  # type: ignore[attr-defined]
            await pilot.press("right_square_bracket")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket screen")
        ticket = app.screen
        assert isinstance(ticket, TicketScreen)
        first = ticket.ticket_id
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: ticket.ticket_id != first, "moved on")
        await pilot.pause(0.2)
        shown = ticket.ticket_id
        keys = table.visible_keys()
        assert keys.index(shown) >= 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "queue again")
        await pilot.pause()
        assert table.cursor_key == shown
