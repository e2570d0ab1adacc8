"""Driving the ticket screen with the keyboard against the in-process sandbox.

Each test checks what reached the account (through a second, independent client) or what the
agent sees, not the screen's internals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fstui.api.models import Conversation
from fstui.session import Session
from fstui.store.drafts import DraftKey
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.ticket.tasks import TasksPane
from fstui.ui.screens.ticket.thread import ThreadEntry
from fstui.ui.screens.ticket.time import TimeEntriesPane
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, other_client, settle, type_text, wait_loaded


async def conversations_on(session: Session, ticket_id: int) -> list[Conversation]:
    async with other_client(session) as client:
        return [c async for c in client.list_conversations(ticket_id)]


async def test_reply_is_confirmed_sent_once_and_shown(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ticket_id = screen.ticket_id
        assert host.session is not None
        before = len(await conversations_on(host.session, ticket_id))
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        await type_text(pilot, "Hello from the test")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(pilot, lambda: not screen.visible_composers(), what="composer closed")
        await settle(pilot, screen)
        after = await conversations_on(host.session, ticket_id)
        mine = [c for c in after if "Hello from the test" in (c.body or "")]
        assert len(after) == before + 1 and len(mine) == 1
        assert not mine[0].private and not mine[0].incoming
        shown = [e.entry for e in screen.query(ThreadEntry)]
        assert any("Hello from the test" in (e.html or "") for e in shown)
        assert host.session is not None
        assert screen.context.drafts.load(DraftKey(ticket_id, "reply")) is None


async def test_private_note_and_draft_restore(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ticket_id = screen.ticket_id
        await pilot.press("m")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        await type_text(pilot, "internal only")
        await pilot.press("escape")  # closes, keeps the draft
        await until(pilot, lambda: not screen.visible_composers(), what="closed")
        draft = screen.context.drafts.load(DraftKey(ticket_id, "note"))
        assert draft is not None and draft.text == "internal only"
        await pilot.press("m")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer again")
        assert screen.visible_composers()[0].state.text == "internal only"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(pilot, lambda: not screen.visible_composers(), what="sent")
        await settle(pilot, screen)
        assert host.session is not None
        notes = [
            c
            for c in await conversations_on(host.session, ticket_id)
            if "internal only" in (c.body or "")
        ]
        assert len(notes) == 1 and notes[0].private is True


async def test_editor_path_uses_the_stand_in_editor(
    host: TicketHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "import sys;open(sys.argv[1],'a').write('written in the editor')"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'{sys.executable} -c "{script}"')
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        await pilot.press("ctrl+e")
        composer = screen.visible_composers()[0]
        await until(
            pilot, lambda: "written in the editor" in composer.state.text, what="editor text"
        )
        draft = screen.context.drafts.load(DraftKey(screen.ticket_id, "reply"))
        assert draft is not None and "written in the editor" in draft.text


async def test_status_change_without_conflict(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert screen.ticket is not None
        await pilot.press("s")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        await type_text(pilot, "pending")
        await pilot.press("enter")
        await settle(pilot, screen)
        assert host.session is not None
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(screen.ticket_id)
        assert fresh.status == 3
        assert screen.ticket is not None and screen.ticket.status == 3
        assert "Pending" in str(screen.query_one("#ticket-header").render())


async def test_property_change_with_conflict_shows_changes_and_asks(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ticket_id = screen.ticket_id
        assert host.session is not None
        async with other_client(host.session) as client:
            await client.update_ticket(ticket_id, {"priority": 4})
        await pilot.press("U")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        await type_text(pilot, "high")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="conflict")
        dialog = host.screen
        assert isinstance(dialog, ConfirmScreen)
        shown = str(dialog.query_one("Static").render())
        assert "Priority" in shown and "Urgent" in shown
        await pilot.press("n")  # keep theirs
        await settle(pilot, screen)
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(ticket_id)
        assert fresh.priority == 4 and fresh.urgency != 3
        assert screen.ticket is not None and screen.ticket.priority == 4

        # Now accept: the change goes through on top of theirs.
        async with other_client(host.session) as client:
            await client.update_ticket(ticket_id, {"priority": 1})
        await pilot.press("U")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        await type_text(pilot, "high")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="conflict")
        await pilot.press("y")
        await settle(pilot, screen)
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(ticket_id)
        assert fresh.urgency == 3 and fresh.priority == 1


async def test_take_it_assigns_me_and_opens(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("T")
        await settle(pilot, screen)
        assert host.session is not None
        me = screen.labels.me_agent_id
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(screen.ticket_id)
        assert me is not None and fresh.responder_id == me and fresh.status == 2


async def test_time_entries_add_edit_delete(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(TimeEntriesPane)
        await pilot.press("2")
        await until(pilot, lambda: pane.loaded, what="time tab")
        count = len(pane.entries)
        await pilot.press("a")
        await type_text(pilot, "01:15")
        await pilot.press("enter")
        await type_text(pilot, "fixed printer")
        await pilot.press("enter")
        await until(pilot, lambda: len(pane.entries) == count + 1, what="entry added")
        added = next(e for e in pane.entries if e.note == "fixed printer")
        assert added.time_spent == "01:15"
        table = pane.query_one("DataTable")
        table.move_cursor(row=pane.entries.index(added))  # type: ignore[attr-defined]
        await pilot.press("e")
        await until(pilot, lambda: host.screen is not screen, what="form")
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "00:45")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any(e.time_spent == "00:45" for e in pane.entries),
            what="entry edited",
        )
        edited = next(e for e in pane.entries if e.note == "fixed printer")
        table.move_cursor(row=pane.entries.index(edited))  # type: ignore[attr-defined]
        await pilot.press("d")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(pilot, lambda: len(pane.entries) == count, what="entry deleted")
        assert all(e.note != "fixed printer" for e in pane.entries)


async def test_timer_start_stop_and_one_timer_rule(tmp_path: Path) -> None:
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        first = screen.ticket_id
        pane = screen.query_one(TimeEntriesPane)
        await pilot.press("2")
        await until(pilot, lambda: pane.loaded, what="time tab")
        await pilot.press("t")
        await until(pilot, lambda: any(e.timer_running for e in pane.entries), what="timer running")
        # Move to the next ticket of the queue and start a timer there: it must ask first.
        await pilot.press("]")
        await until(pilot, lambda: screen.ticket_id != first, what="next ticket")
        await until(pilot, lambda: pane.loaded, what="time tab of next ticket")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="offer")
        offer = str(host.screen.query_one("Static").render())
        assert f"#{first}" in offer
        await pilot.press("y")
        await until(pilot, lambda: any(e.timer_running for e in pane.entries), what="timer here")
        assert host.session is not None
        async with other_client(host.session) as client:
            old = [e async for e in client.list_time_entries(first)]
        assert not any(e.timer_running for e in old)
        await pilot.press("t")  # stop
        await until(pilot, lambda: not any(e.timer_running for e in pane.entries), what="stopped")
        assert screen.context.writes.running_timer() is None


async def test_add_and_complete_task(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(TasksPane)
        await pilot.press("3")
        await until(pilot, lambda: pane.loaded, what="tasks tab")
        count = len(pane.tasks)
        await pilot.press("a")
        await type_text(pilot, "Order toner")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(pane.tasks) == count + 1, what="task added")
        task = next(t for t in pane.tasks if t.title == "Order toner")
        assert task.status == 1
        pane.query_one("DataTable").move_cursor(row=pane.tasks.index(task))  # type: ignore[attr-defined]
        await pilot.press("x")
        await until(
            pilot,
            lambda: any(t.title == "Order toner" and t.status == 3 for t in pane.tasks),
            what="task completed",
        )


async def test_next_and_previous_walk_the_queue(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        ids = screen.queue_ids
        start = ids.index(screen.ticket_id)
        await pilot.press("n")
        await until(pilot, lambda: screen.ticket_id == ids[start + 1], what="next")
        await until(
            pilot,
            lambda: screen.ticket is not None and screen.ticket.id == ids[start + 1],
            what="next loaded",
        )
        await settle(pilot, screen)
        header = str(screen.query_one("#ticket-header").render())
        assert f"#{ids[start + 1]}" in header
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.ticket_id == ids[start], what="previous")


async def test_copy_url_uses_osc52_clipboard(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("y")
        assert host.clipboard == host.session.ticket_url(screen.ticket_id)  # type: ignore[union-attr]


async def test_cold_open_costs_one_view_with_three_includes(tmp_path: Path) -> None:
    """The view (1) plus conversations, requester and tags, one credit each on a show
    (reference line 891; tags only when asked for, line 894): 4, and no other call."""
    from .harness import demo_session, pick_ticket

    session = await demo_session(tmp_path / "a")
    ticket_id, ids = await pick_ticket(session)
    await session.aclose()
    # A fresh cache with reference data warm, as after the queue screen: count the ticket's cost.
    cold = await demo_session(tmp_path / "b")
    before = cold.client.budget().credits_spent
    host = TicketHost(tmp_path / "b", ticket_id=ticket_id, queue_ids=ids, session=cold)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        await wait_loaded(pilot)
    spent = cold.client.budget().credits_spent - before
    assert spent == 4
