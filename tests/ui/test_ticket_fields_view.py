"""The fields view (F on a ticket): every form field with its value, each custom type edited.

Against the in-process sandbox: what the agent types or picks lands on the server's ticket
(custom_fields merged key by key, reference line 1890), through the conflict-checked save; a
change someone else made meanwhile is shown and nothing is overwritten unasked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.ticket.fields_view import FieldsView
from tests.pilot_support import TICKET_SIZE, sandbox_db, until

from .harness import TicketHost, wait_loaded


async def open_fields(pilot: Any) -> FieldsView:
    screen = await wait_loaded(pilot)
    await pilot.press("F")
    await until(pilot, lambda: isinstance(pilot.app.screen, FieldsView), what="fields view")
    view = pilot.app.screen
    assert isinstance(view, FieldsView)
    await until(pilot, lambda: bool(view.rows), what="the form's rows")
    assert view.edits.context is screen.context
    return view


def server_row(pilot: Any, view: FieldsView) -> dict[str, Any]:
    session = pilot.app.session
    row: dict[str, Any] = sandbox_db(session).tickets[view.edits.context.ticket_id]
    return row


async def edit_row(pilot: Any, view: FieldsView, name: str, *keys: str, back: bool = True) -> None:
    index = [r.name for r in view.rows].index(name)
    view.query_one(DataTable).move_cursor(row=index)
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not view, what=f"editor of {name}")
    await pilot.press(*keys)
    if back:
        await until(pilot, lambda: pilot.app.screen is view, what=f"back from {name}")


def shown_value(view: FieldsView, name: str) -> str:
    index = [r.name for r in view.rows].index(name)
    cell = view.query_one(DataTable).get_row_at(index)[1]
    return str(cell)


async def test_every_custom_field_type_is_edited_and_lands_on_the_server(
    tmp_path: Path,
) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        view = await open_fields(pilot)
        names = [r.name for r in view.rows]
        for expected in ("affected_service", "vip_request", "asset_tag", "office", "needed_by"):
            assert expected in names
        steps = [
            ("affected_service", ("*VPN", "enter"), "affected_service", "VPN"),
            ("vip_request", ("*yes", "enter"), "vip_request", True),
            ("asset_tag", ("*LT-0042", "enter"), "asset_tag", "LT-0042"),
            ("steps_to_reproduce", ("*Plug in", "enter", "*Wait", "ctrl+s"), None, None),
            ("affected_users", ("*25", "enter"), "affected_users", 25),
            ("estimated_cost", ("*99.5", "enter"), "estimated_cost", 99.5),
            ("needed_by", ("*2024-07-01", "enter"), "needed_by", "2024-07-01"),
            ("office", ("*Soho > Ground", "enter"), "building", "Soho"),
        ]
        for name, keys, server_key, wanted in steps:
            presses = [k for key in keys for k in (list(key[1:]) if key[0] == "*" else [key])]
            await edit_row(pilot, view, name, *presses)
            if server_key is None:
                await until(
                    pilot,
                    lambda: (
                        (server_row(pilot, view).get("custom_fields") or {}).get(
                            "steps_to_reproduce"
                        )
                        == "Plug in\nWait"
                    ),
                    what="the paragraph saved",
                )
                continue
            await until(
                pilot,
                lambda k=server_key, w=wanted: (  # type: ignore[misc]
                    (server_row(pilot, view).get("custom_fields") or {}).get(k) == w
                ),
                what=f"{name} saved",
            )
        custom = server_row(pilot, view)["custom_fields"]
        assert (custom["office"], custom["building"], custom["floor"]) == (
            "London",
            "Soho",
            "Ground",
        )
        assert shown_value(view, "office") == "London > Soho > Ground"
        assert shown_value(view, "vip_request") == "yes"
        assert shown_value(view, "estimated_cost") == "99.5"


async def test_a_change_made_meanwhile_is_shown_before_overwriting(tmp_path: Path) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        view = await open_fields(pilot)
        row = server_row(pilot, view)
        row["subject"] = "Changed by a colleague"
        row["updated_at"] = "2024-06-03T09:45:00Z"
        await edit_row(pilot, view, "asset_tag", *"LT-7", "enter", back=False)
        await until(
            pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), what="conflict asked"
        )
        assert "colleague" in str(pilot.app.screen._body).lower()  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: pilot.app.screen is view, what="back on the view")
        assert (server_row(pilot, view).get("custom_fields") or {}).get("asset_tag") is None


async def test_resolving_a_ticket_asks_for_the_field_required_to_close_it(
    tmp_path: Path,
) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        db = sandbox_db(app.session)
        row = db.tickets[screen.ticket_id]
        row.setdefault("custom_fields", {})["affected_service"] = None
        await pilot.press("f5")
        await until(
            pilot,
            lambda: (
                screen.ticket is not None
                and (screen.ticket.custom_fields or {}).get("affected_service", "x") is None
            ),
            what="reloaded without a service",
        )
        await pilot.press("s")
        await until(pilot, lambda: isinstance(pilot.app.screen, PickerScreen), what="status")
        await pilot.press(*"Resolved", "enter")
        await until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, PickerScreen) and "required" in pilot.app.screen._title
            ),
            what="asked for the affected service",
        )
        await pilot.press(*"Wi-Fi", "enter")
        await until(pilot, lambda: row["status"] == 4, what="resolved")
        assert row["custom_fields"]["affected_service"] == "Wi-Fi"
