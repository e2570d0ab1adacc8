"""Bulk resolve on an account that requires a field to resolve: asked once, not failed per ticket.

The demo account marks "Affected service" required_for_closure (the sandbox refuses a resolve
without it, as Freshservice does). Marking two tickets, one with a service and one without,
and resolving them asks for the service once; the one that lacked it gets the answer, the one
that had one keeps its own, and both are resolved.
"""

from __future__ import annotations

from pathlib import Path

from fstui.store.queues import ALL_OPEN
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import sandbox_db, until

from .harness import loaded, make_app


async def test_bulk_resolve_asks_for_the_required_field_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        while screen.queue_name != ALL_OPEN:
            await pilot.press("right_square_bracket")
        await pilot.press("g", "space", "space")
        chosen = sorted(k for k in screen.table.marked_keys if isinstance(k, int))
        assert len(chosen) == 2
        db = sandbox_db(app.session)
        first, second = (db.tickets[i] for i in chosen)
        first.setdefault("custom_fields", {})["affected_service"] = None
        second.setdefault("custom_fields", {})["affected_service"] = "Email"
        for ticket_id, service in ((chosen[0], None), (chosen[1], "Email")):
            row = screen.store.mirror.get(ticket_id)  # what the list showed (custom fields too)
            assert row is not None
            row["custom_fields"] = {**row["custom_fields"], "affected_service": service}
        pickers: list[str] = []
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "status picker")
        await pilot.press(*"Resolved", "enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, PickerScreen) and "required" in app.screen._title,
            "asked for the affected service",
        )
        pickers.append(app.screen._title)  # type: ignore[attr-defined]
        assert "2 tickets" in pickers[0]
        await pilot.press(*"VPN", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the bulk confirm")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, BulkProgressScreen), "progress")
        progress = app.screen
        assert isinstance(progress, BulkProgressScreen)
        await until(pilot, lambda: progress._finished, "bulk finished")
        assert not progress.result.failed
        assert sorted(progress.result.done) == chosen
        assert [db.tickets[i]["status"] for i in chosen] == [4, 4]
        assert db.tickets[chosen[0]]["custom_fields"]["affected_service"] == "VPN"
        # the one that had a service keeps its own
        assert db.tickets[chosen[1]]["custom_fields"]["affected_service"] == "Email"
        assert len(pickers) == 1  # asked once for both
