"""Queue screen flows an agent uses all day, against the in-process sandbox."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from fstui.store.queues import ALL_OPEN, MY_OPEN, UNASSIGNED
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import until

from .harness import loaded, make_app, queue_screen


async def switch_to(pilot: object, name: str) -> None:
    screen = queue_screen(pilot.app)  # type: ignore[attr-defined]
    while screen.queue_name != name:
        await pilot.press("right_square_bracket")  # type: ignore[attr-defined]


async def test_opens_on_my_open_with_counts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = queue_screen(app)
        assert screen.queue_name == MY_OPEN
        counts = screen.store.queue_counts()
        assert table.total_count == counts[MY_OPEN] > 0
        me = screen.store.reference_snapshot().me
        assert me is not None
        for key in table.visible_keys():
            row = table.row_for_key(key)
            assert row is not None and row.responder_id == me.id


async def test_filter_narrows_as_you_type_and_escape_restores(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await switch_to(pilot, ALL_OPEN)
        total = table.total_count
        word = (table.current_row.subject or "").split()[0]
        await pilot.press("slash", *word.lower())
        assert 0 < table.visible_count < total
        for key in table.visible_keys():
            row = table.row_for_key(key)
            assert row is not None
            requester = queue_screen(app).store.names.requester(row.requester_id)
            haystack = f"{row.id} {row.subject} {requester}"
            assert word.lower() in haystack.lower()
        await pilot.press("escape")
        assert table.visible_count == total


async def test_sort_by_column_and_reverse(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await switch_to(pilot, ALL_OPEN)
        await pilot.press("s")  # first sortable column: id
        ids = [table.row_for_key(k).id for k in table.visible_keys()]  # type: ignore[union-attr]
        assert table.sort_column == "id" and ids == sorted(ids)
        await pilot.press("S")
        ids = [table.row_for_key(k).id for k in table.visible_keys()]  # type: ignore[union-attr]
        assert ids == sorted(ids, reverse=True)


async def test_enter_opens_the_ticket_under_the_cursor(tmp_path: Path) -> None:
    from fstui.ui.screens.ticket import TicketScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await pilot.press("down")
        wanted = table.cursor_key
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket screen")
        assert app.screen.ticket_id == wanted  # type: ignore[attr-defined]


async def test_marking_one_all_and_none(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await switch_to(pilot, ALL_OPEN)
        await pilot.press("space", "space")
        assert len(table.marked_keys) == 2
        await pilot.press("m")
        assert len(table.marked_keys) == table.visible_count
        await pilot.press("M")
        assert not table.marked_keys


async def test_bulk_take_assigns_marked_tickets_to_me(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await switch_to(pilot, UNASSIGNED)
        before = table.total_count
        await pilot.press("space", "space")
        chosen = set(table.marked_keys)
        await pilot.press("t")
        assert isinstance(app.screen, ConfirmScreen)
        summary = app.screen.query_one("Static").render()
        assert "2 API credits" in str(summary) or "Cost: 2" in str(Text.from_markup(str(summary)))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, BulkProgressScreen), "progress")
        progress = app.screen
        assert isinstance(progress, BulkProgressScreen)
        await until(pilot, lambda: progress._finished, "bulk finished")
        assert sorted(progress.result.done) == sorted(chosen) and not progress.result.failed
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "queue again")
        store = queue_screen(app).store
        me = store.reference_snapshot().me
        assert me is not None
        for ticket_id in chosen:
            assert store.mirror.get(ticket_id)["responder_id"] == me.id  # type: ignore[index]
        assert table.total_count == before - 2
        assert not chosen & set(table.visible_keys())


async def test_malformed_query_points_at_the_problem_and_changes_nothing(tmp_path: Path) -> None:
    from textual.widgets import Static

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = queue_screen(app)
        names_before = screen.store.queue_names()
        rows_before = table.visible_keys()
        await pilot.press("colon", *"priority:>>3", "enter")
        error = screen.query_one("#queue-error", Static)
        await until(pilot, lambda: error.display, "error shown")
        shown = str(error.render())
        assert "priority:>>3" in shown and "^" in shown
        assert screen.queue_name == MY_OPEN
        assert screen.store.queue_names() == names_before
        assert table.visible_keys() == rows_before


async def test_good_query_becomes_a_queue(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = queue_screen(app)
        await pilot.press("colon", *"priority:4", "enter")
        await until(pilot, lambda: screen.queue_name.startswith("?"), "ad-hoc queue")
        assert table.total_count > 0
        for key in table.visible_keys():
            assert table.row_for_key(key).priority == 4  # type: ignore[union-attr]


async def _bulk_with_picker(pilot: object, app: object, key: str, choice: str) -> list[int]:
    """Mark the first two rows, open the picker with `key`, choose `choice`, confirm, wait."""
    table = queue_screen(app).table
    await pilot.press("g", "space", "space", key)  # type: ignore[attr-defined]
    chosen = sorted(k for k in table.marked_keys if isinstance(k, int))
    await pilot.press(*choice, "enter")  # type: ignore[attr-defined]
    assert isinstance(app.screen, ConfirmScreen)  # type: ignore[attr-defined]
    await pilot.press("y")  # type: ignore[attr-defined]
    await until(pilot, lambda: isinstance(app.screen, BulkProgressScreen), "progress")  # type: ignore[arg-type, attr-defined]
    progress = app.screen  # type: ignore[attr-defined]
    await until(pilot, lambda: progress._finished, "bulk finished")  # type: ignore[arg-type]
    assert sorted(progress.result.done) == chosen and not progress.result.failed, progress.result
    await pilot.press("enter")  # type: ignore[attr-defined]
    return chosen


async def test_bulk_assign_to_an_agent_with_the_fuzzy_picker(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await switch_to(pilot, ALL_OPEN)
        store = queue_screen(app).store
        agent = sorted(store.reference_snapshot().agents.values(), key=lambda a: a.name)[3]
        chosen = await _bulk_with_picker(pilot, app, "a", agent.name)
        for ticket_id in chosen:
            assert store.mirror.get(ticket_id)["responder_id"] == agent.id  # type: ignore[index]


async def test_bulk_set_group_and_priority(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await switch_to(pilot, ALL_OPEN)
        store = queue_screen(app).store
        chosen = await _bulk_with_picker(pilot, app, "w", "Network")
        network = next(
            g for g, v in store.reference_snapshot().groups.items() if v.name == "Network"
        )
        for ticket_id in chosen:
            assert store.mirror.get(ticket_id)["group_id"] == network  # type: ignore[index]
        chosen = await _bulk_with_picker(pilot, app, "p", "Urgent")
        for ticket_id in chosen:
            assert store.mirror.get(ticket_id)["priority"] == 4  # type: ignore[index]


async def test_new_urgent_ticket_in_my_open_is_highlighted_and_rings(tmp_path: Path) -> None:
    from fstui.api import FreshserviceClient
    from fstui.sandbox import sandbox_transport

    app = make_app(tmp_path)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = queue_screen(app)
        screen.session.bell_on_urgent = True
        me = screen.store.reference_snapshot().me
        assert me is not None
        sandbox = screen.session.extras["sandbox_app"]
        async with FreshserviceClient(
            "http://127.0.0.1", "sandbox-demo-key", transport=sandbox_transport(sandbox)
        ) as other:
            created = await other.create_ticket(
                {
                    "subject": "Payroll system down",
                    "description": "<p>All of finance is blocked</p>",
                    "email": "someone@acme-demo.test",
                    "priority": 4,
                    "status": 2,
                    "responder_id": me.id,
                }
            )
        await pilot.press("r")
        await until(pilot, lambda: created.id in table.visible_keys(), "new ticket shown")
        assert rings == [1]
        assert screen._row_style(table.row_for_key(created.id)) == "bold"  # type: ignore[arg-type]


async def test_due_shows_first_response_until_answered_then_resolution(tmp_path: Path) -> None:
    from fstui.ui.screens.ticket import TicketScreen

    from .harness import type_text

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = queue_screen(app)

        def due_of(ticket_id: object) -> str:
            row = table.row_for_key(ticket_id)  # type: ignore[arg-type]
            assert row is not None
            return str(screen._cells(row)[7])

        waiting = [
            k
            for k in table.visible_keys()
            if table.row_for_key(k).first_response_given is False  # type: ignore[union-attr]
        ]
        assert waiting, "My open should hold a ticket still awaiting its first response"
        ticket_id = waiting[0]
        assert due_of(ticket_id).startswith("FR ")
        answered = [k for k in table.visible_keys() if k not in waiting]
        assert answered and not any(due_of(k).startswith("FR") for k in answered)

        table.move_cursor_to_key(ticket_id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket screen")
        ticket = app.screen
        await until(pilot, lambda: ticket.ticket is not None, "ticket loaded")  # type: ignore[attr-defined]
        await pilot.press("r")
        await until(pilot, lambda: bool(ticket.visible_composers()), "composer")  # type: ignore[attr-defined]
        await type_text(pilot, "On it")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not ticket, "confirm")
        await pilot.press("y")
        await until(pilot, lambda: not ticket.visible_composers(), "reply sent")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back on the queue")
        assert not due_of(ticket_id).startswith("FR")
