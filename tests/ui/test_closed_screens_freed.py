"""A ticket closed while its read still waits (for budget, a slow link) is let go at once.

The store's shared call outlives the screen that asked (its answer lands in the cache for the
next open). It used to start in a copy of the asking worker's context, which held the worker and
through it the closed screen with every widget it drew: the terminal bench saw RSS climb by
~0.8 MiB per ticket opened once reads queued for budget (issue #22, bench/RESULTS.md section 8).
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import until

from .harness import loaded, make_app


async def test_a_ticket_closed_while_its_read_waits_is_freed_and_the_read_still_lands(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        session: Any = app.session
        ticket_id = int(table.cursor_key)
        session.store.plumbing.cache.delete(f"ticket:{ticket_id}")  # a cold open: a real read
        session.extras["sandbox_app"].state.sandbox.faults.latency_s = 1.5  # a slow link
        flight = session.store.plumbing.flight

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), what="the ticket")
        screen = weakref.ref(app.screen)
        await until(pilot, lambda: flight.in_flight(f"ticket:{ticket_id}"), what="the read")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        await pilot.pause()

        assert flight.in_flight(f"ticket:{ticket_id}")  # the read is still waiting ...
        gc.collect()
        assert screen() is None  # ... and the closed screen is gone all the same

        await until(
            pilot,
            lambda: session.store.peek_ticket(ticket_id) is not None,
            what="the read landed in the cache",
            seconds=10,
        )
