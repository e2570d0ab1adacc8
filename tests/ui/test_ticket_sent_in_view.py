"""A reply or note just sent is on screen (issue #18 item 12), against the in-process sandbox.

The thread kept its scroll position when it grew, so on a long thread the message just sent
landed below the fold and the agent could not see that it went out. Now the thread follows it.
"""

from __future__ import annotations

from pathlib import Path

from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.ticket.thread import ThreadEntry, ThreadView
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, busy, demo_session, pick_ticket, wait_loaded


async def test_a_sent_note_is_scrolled_into_view_on_a_long_thread(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id, queue_ids = await pick_ticket(session, min_conversations=4)
    host = TicketHost(tmp_path, session=session, ticket_id=ticket_id, queue_ids=queue_ids)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        thread = screen.query_one(ThreadView)
        assert thread.max_scroll_y > 0  # longer than the screen: the bug needs a fold
        assert thread.scroll_y == 0
        await pilot.press("m")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        for char in "Rebooted the switch":
            await pilot.press("space" if char == " " else char)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")

        def sent_entry() -> ThreadEntry | None:
            return next(
                (
                    e
                    for e in screen.query(ThreadEntry)
                    if "Rebooted the switch" in (e.entry.html or "")
                ),
                None,
            )

        await until(pilot, lambda: sent_entry() is not None, what="note in the thread")
        await until(pilot, lambda: not busy(screen), what="idle")
        for _ in range(3):
            await pilot.pause()
        entry = sent_entry()
        assert entry is not None
        shown = thread.content_region
        assert entry.region.overlaps(shown), (entry.region, shown)  # on screen, not below
