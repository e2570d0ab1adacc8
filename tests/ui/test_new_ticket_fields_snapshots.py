"""What an agent sees in the new-ticket form and the fields view, demo data, fixed clock.

The form is shown after a first ctrl+s with the requester left empty (the required rows
marked, the problem said on its row); the fields view lists every form field of a demo ticket.
Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_new_ticket_fields_snapshots.py --snapshot-update`, then look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fstui.ui.screens.new_ticket import NewTicketScreen
from fstui.ui.screens.ticket.fields_view import FieldsView
from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare, until

from .harness import TicketHost, loaded, make_app, wait_loaded


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_new_ticket_form(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("N")
        await until(pilot, lambda: isinstance(pilot.app.screen, NewTicketScreen), what="form")
        form = pilot.app.screen
        assert isinstance(form, NewTicketScreen)
        await until(pilot, lambda: bool(form.rows), what="rows")
        form.values["subject"] = "Phone: printer jams on floor 3"
        form.values["affected_service"] = "Printing"
        form.redraw()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(form.problems), what="problems marked")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_fields_view(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(pilot.app.screen, FieldsView), what="view")
        view = pilot.app.screen
        assert isinstance(view, FieldsView)
        await until(pilot, lambda: bool(view.rows), what="rows")
        await pilot.pause()

    assert snap_compare(TicketHost(tmp_path), terminal_size=size, run_before=run_before)
