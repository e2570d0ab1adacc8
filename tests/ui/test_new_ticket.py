"""The new-ticket form as an agent meets it, on the real app over the in-process sandbox.

N on the queue opens the form; the agent searches the requester, types the subject, picks a
custom dropdown and a checkbox and types a date; ctrl+s creates the ticket once and it opens.
Required fields are marked and checked before anything is sent; a server refusal points at
its row; offline the create queues and is delivered exactly once when the account is back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from fstui.ui.modals.requester_search import RequesterPick, RequesterSearchScreen
from fstui.ui.modals.value_prompt import ValuePromptScreen
from fstui.ui.screens.new_ticket import ATTACHMENTS, NewTicketScreen
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import sandbox_db, sandbox_of, until

from .harness import loaded, make_app


def on_server(app: Any, subject: str) -> list[dict[str, Any]]:
    return [r for r in sandbox_db(app.session).tickets.values() if r.get("subject") == subject]


async def open_form(pilot: Any) -> NewTicketScreen:
    await loaded(pilot)
    assert isinstance(pilot.app.screen, QueueScreen)
    await pilot.press("N")
    await until(pilot, lambda: isinstance(pilot.app.screen, NewTicketScreen), "the form")
    form = pilot.app.screen
    assert isinstance(form, NewTicketScreen)
    await until(pilot, lambda: bool(form.rows), "the account's form fields")
    return form


async def go_to(pilot: Any, form: NewTicketScreen, name: str) -> None:
    form.query_one(DataTable).move_cursor(row=form.shown_rows().index(name))
    await pilot.pause()


async def edit(pilot: Any, form: NewTicketScreen, name: str, *typed: str) -> None:
    """Enter on the row, type into the modal it opens, enter."""
    await go_to(pilot, form, name)
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not form, f"the editor of {name}")
    await pilot.press(*typed, "enter")
    await until(pilot, lambda: pilot.app.screen is form, f"back from {name}")


async def pick_requester(pilot: Any, form: NewTicketScreen, typed: str) -> RequesterPick:
    await go_to(pilot, form, "requester")
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, RequesterSearchScreen), "search")
    search = pilot.app.screen
    assert isinstance(search, RequesterSearchScreen)
    await pilot.press(*typed)
    await until(pilot, lambda: bool(search.picks), "requesters found")
    first = search.picks[0]
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is form, "back on the form")
    return first


def row_problem(form: NewTicketScreen, name: str) -> str:
    return form.problems.get(name, "")


async def test_create_with_custom_and_required_fields_opens_the_new_ticket(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        db = sandbox_db(app.session)
        someone = db.requesters[3]
        # Nothing typed: ctrl+s marks the required rows and sends nothing.
        before = len(db.tickets)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(form.problems), "required fields marked")
        assert "requester" in form.problems and "subject" in form.problems
        assert len(db.tickets) == before
        # The requester is found by the first letters of the name (GET /requesters?query=~).
        picked = await pick_requester(pilot, form, someone["first_name"][:4])
        assert picked.id is not None
        await edit(pilot, form, "subject", *"Phone: printer jams on floor 3")
        await edit(pilot, form, "affected_service", *"Printing")
        await edit(pilot, form, "vip_request", *"yes")
        await edit(pilot, form, "needed_by", *"2024-06-10")
        await edit(pilot, form, "affected_users", *"12")
        assert not form.problems
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "the new ticket opens")
        rows = on_server(app, "Phone: printer jams on floor 3")
        assert len(rows) == 1
        row = rows[0]
        assert app.screen.ticket_id == row["id"]  # type: ignore[attr-defined]
        assert row["requester_id"] == picked.id
        assert row["source"] == 3  # Phone, the desk's default
        custom = row["custom_fields"]
        assert custom["affected_service"] == "Printing"
        assert custom["vip_request"] is True
        assert custom["needed_by"] == "2024-06-10"
        assert custom["affected_users"] == 12


async def test_a_typed_value_the_field_cannot_take_is_refused_in_the_box(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        await go_to(pilot, form, "affected_users")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ValuePromptScreen), "the box")
        await pilot.press(*"12a", "enter")
        assert isinstance(app.screen, ValuePromptScreen)  # still open, saying why
        assert "whole number" in str(app.screen.query_one("#value-problem").render())
        await pilot.press("escape")
        assert form.values.get("affected_users") is None


async def test_a_server_validation_error_points_at_its_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        # A requester removed since the search (the local check cannot know): the server's
        # 400 names requester_id, and the form marks the requester row.
        form.requester = RequesterPick(987654321, "gone@example.com", "Gone <gone@example.com>")
        form.redraw()
        await edit(pilot, form, "subject", *"Walk-up: laptop will not boot")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(form.problems), "the server's problem on its row")
        assert "no record" in row_problem(form, "requester").lower()
        assert isinstance(app.screen, NewTicketScreen)  # the form stays for the fix
        assert on_server(app, "Walk-up: laptop will not boot") == []
        assert not app.session.writes.entries()  # type: ignore[union-attr]
        table = form.query_one(DataTable)
        assert form.shown_rows()[table.cursor_row] == "requester"


async def test_an_offline_create_is_delivered_exactly_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        someone = sandbox_db(app.session).requesters[5]
        await pick_requester(pilot, form, someone["first_name"][:4])
        await edit(pilot, form, "subject", *"Walk-up: badge reader dead")
        sandbox_of(app.session).faults.offline = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "the form closes")
        session = app.session
        assert session is not None
        assert [e.kind for e in session.writes.entries()] == ["create_ticket"]
        assert on_server(app, "Walk-up: badge reader dead") == []
        sandbox_of(app.session).faults.offline = False
        await until(
            pilot,
            lambda: not session.writes.entries(),
            "delivered when back online",
            seconds=120,  # a failed attempt is in doubt: looked up after the outbox's grace
        )
        await session.writes.flush()  # another pass must not create a second one
        assert len(on_server(app, "Walk-up: badge reader dead")) == 1


async def test_attaching_a_file_shows_its_size_and_refuses_one_over_40_mb(
    tmp_path: Path,
) -> None:
    log = tmp_path / "files" / "vpn.log"
    log.parent.mkdir()
    log.write_text("line\n" * 300)
    huge = tmp_path / "files" / "dump.bin"
    with huge.open("wb") as handle:  # sparse: 41 MB on paper, nothing on disk
        handle.truncate(41 * 1024 * 1024)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: pilot.app.screen is not form, "the path prompt")
        await pilot.press(*str(huge))
        size_line = str(app.screen.query_one("#path-size").render())
        assert "over the 40 MB" in size_line
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is form, "back on the form")
        assert form.files == [] and "40 MB" in form.problems[ATTACHMENTS]
        await pilot.press("ctrl+o")
        await until(pilot, lambda: pilot.app.screen is not form, "the path prompt")
        await pilot.press(*str(log)[:-3])  # completion finishes the name
        await pilot.press("right")
        await pilot.pause()
        assert "1.5 KB" in str(app.screen.query_one("#path-size").render())
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is form, "back on the form")
        assert form.files == [str(log.resolve())]
        assert ATTACHMENTS not in form.problems
