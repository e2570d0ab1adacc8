"""Issue #20 on the ticket screen, as an agent meets it against the in-process sandbox:
requested items (stage and quantity through the outbox), approvals (request, remind, cancel;
approve/reject only in the web UI), the approval status in the header, the Related tab's family,
problem and change, child tickets, and the knowledge base from the composer."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, TextArea

from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.knowledge_search import KnowledgeSearch
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.modals.web_only import WebOnlyScreen
from fstui.ui.screens.itsm_record import ItsmRecordScreen
from fstui.ui.screens.new_ticket import NewTicketScreen
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.screens.ticket.approvals import ApprovalsPane
from fstui.ui.screens.ticket.header import TicketHeader
from fstui.ui.screens.ticket.related import RelatedPane
from fstui.ui.screens.ticket.requested_items import RequestedItemsPane
from tests.pilot_support import TICKET_SIZE, sandbox_db, toasts, until

from .harness import (
    TicketHost,
    approvals_on_server,
    demo_session,
    incident_for_child,
    other_client,
    parent_with_child,
    service_request_with_items,
    settle,
    ticket_with_problem,
    type_text,
    wait_loaded,
    waiting_for_me,
)


async def open_tab(pilot: Pilot[Any], key: str, pane_type: type[Any]) -> tuple[TicketScreen, Any]:
    screen = await wait_loaded(pilot)
    pane = screen.query_one(pane_type)
    await pilot.press(key)
    await until(pilot, lambda: pane.loaded, what=f"tab {key}")
    await settle(pilot, screen)
    return screen, pane


async def pick(pilot: Pilot[Any], host: TicketHost, words: str) -> None:
    """Type into the open picker and take the best match."""
    await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
    await type_text(pilot, words)
    await pilot.pause()
    await pilot.press("enter")


# --- service requests ----------------------------------------------------------------------


async def test_requested_items_show_the_catalog_names_quantity_stage_and_fields(
    tmp_path: Path,
) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    rows = sandbox_db(session).desk.requested_items[ticket_id]
    catalog = {i["display_id"]: i["name"] for i in sandbox_db(session).desk.service_items}
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        _, pane = await open_tab(pilot, "6", RequestedItemsPane)
        table = pane.query_one(DataTable)
        assert table.row_count == len(rows)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert shown == [catalog[r["service_item_id"]] for r in rows]  # names, not ids
        assert str(table.get_row_at(0)[1]) == str(rows[0]["quantity"])
        fields = str(pane.query_one("#item-fields").render())
        assert "business justification" in fields


async def test_a_stage_and_a_quantity_change_reach_the_server_through_the_outbox(
    tmp_path: Path,
) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    item_id = sandbox_db(session).desk.requested_items[ticket_id][0]["id"]
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_tab(pilot, "6", RequestedItemsPane)
        pane.query_one(DataTable).focus()
        await pilot.press("g")
        await pick(pilot, host, "Delivered")
        await until(pilot, lambda: pane.items[0].stage_id == 2, what="stage redrawn")
        await settle(pilot, screen)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(host.screen, PromptScreen), what="prompt")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await until(pilot, lambda: pane.items[0].quantity == 3, what="quantity redrawn")
        await settle(pilot, screen)
        async with other_client(session) as client:
            items = await client.list_requested_items(ticket_id)
        mine = next(i for i in items if i.id == item_id)
        assert mine.stage_id == 2 and mine.quantity == 3  # reference lines 3858-3890
        assert not session.writes.counts().queued


# --- approvals ----------------------------------------------------------------------------


async def test_the_header_says_an_approval_is_waiting(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    waiting_for_me(session, ticket_id)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        header = str(screen.query_one(TicketHeader).render())
        assert "Approval Requested" in header


async def test_approvals_tab_lists_then_reminds_and_cancels_on_the_server(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    approval = waiting_for_me(session, ticket_id)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_tab(pilot, "7", ApprovalsPane)
        assert [a.id for a in pane.approvals] == [approval["id"]]
        table = pane.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "Requested"
        assert approval["approver_name"] in str(table.get_row_at(0)[3])
        table.focus()
        await pilot.press("M")
        await until(pilot, lambda: any("Reminder sent" in t for t in toasts(host)), what="reminded")
        await settle(pilot, screen)
        await pilot.press("X")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(
            pilot, lambda: bool(pane.approvals) and not pane.approvals[0].waiting, what="redrawn"
        )
        await settle(pilot, screen)
        assert approvals_on_server(session, ticket_id)[0]["approval_status"]["id"] == 3
        assert str(table.get_row_at(0)[0]) == "Cancelled"


async def test_requesting_an_approval_from_two_agents_sends_one_request_each(
    tmp_path: Path,
) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    before = len(approvals_on_server(session, ticket_id))
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_tab(pilot, "7", ApprovalsPane)
        pane.query_one(DataTable).focus()
        await pilot.press("plus")
        await pick(pilot, host, "Anyone")
        await pick(pilot, host, "(me)")
        await until(
            pilot,
            lambda: isinstance(host.screen, PickerScreen) and "approver 2" in host.screen._title,
            what="second approver",
        )
        await pilot.press("enter")  # the best remaining agent
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="third")
        await pilot.press("escape")  # done picking
        await until(pilot, lambda: len(pane.approvals) == before + 2, what="two requested")
        await settle(pilot, screen)
    fresh = approvals_on_server(session, ticket_id)[before:]
    me = sandbox_db(session).me_id
    assert len(fresh) == 2 and fresh[0]["approver_id"] == me != fresh[1]["approver_id"]
    assert all(a["approval_type"] == 2 and a["approval_status"]["id"] == 0 for a in fresh)


async def test_approve_says_the_api_cannot_and_offers_the_web_link(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    waiting_for_me(session, ticket_id)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_tab(pilot, "7", ApprovalsPane)
        before = approvals_on_server(session, ticket_id)[0]["approval_status"]["id"]
        pane.query_one(DataTable).focus()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(host.screen, WebOnlyScreen), what="modal")
        modal = host.screen
        assert isinstance(modal, WebOnlyScreen)
        said = str(modal.query_one("#webonly-body").render())
        assert "not something Freshservice's API allows" in said
        url = session.ticket_url(ticket_id)
        assert modal.url == url
        await pilot.press("y")
        await until(pilot, lambda: host.screen is screen, what="closed")
        assert host.clipboard == url  # Textual's copy, the URL we built
        assert approvals_on_server(session, ticket_id)[0]["approval_status"]["id"] == before


# --- related: family, problem, change; child tickets ---------------------------------------


async def test_related_shows_the_child_and_enter_opens_it(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    parent, child = parent_with_child(session)
    host = TicketHost(tmp_path, ticket_id=parent, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_tab(pilot, "5", RelatedPane)
        assert pane.links is not None and child in pane.links.child_ids
        assert f"ticket:{child}" in pane.link_keys
        table = pane.query_one("#related-links", DataTable)
        table.focus()
        table.move_cursor(row=pane.link_keys.index(f"ticket:{child}"))
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(host.screen, TicketScreen) and host.screen is not screen,
            what="child opened",
        )
        assert host.ticket_screen.ticket_id == child


async def test_the_linked_problem_opens_read_only_with_its_description(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id, problem_id = ticket_with_problem(session)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        _, pane = await open_tab(pilot, "5", RelatedPane)
        key = f"problem:{problem_id}"
        assert key in pane.link_keys
        table = pane.query_one("#related-links", DataTable)
        table.focus()
        table.move_cursor(row=pane.link_keys.index(key))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ItsmRecordScreen), what="record")
        record_screen = host.screen
        assert isinstance(record_screen, ItsmRecordScreen)
        await until(pilot, lambda: record_screen.record is not None, what="record loaded")
        await pilot.pause()
        async with other_client(session) as client:
            problem = await client.get_problem(problem_id)
        summary = str(record_screen.query_one("#itsm-summary").render())
        assert f"PRB-{problem_id}" in summary and (problem.subject or "") in summary
        body = str(record_screen.query_one("#itsm-description").render())
        assert "<" not in body and (problem.description_text or "")[:20] in body


async def test_a_child_ticket_is_created_under_the_ticket_and_listed(tmp_path: Path) -> None:
    """`c` opens the new-ticket form for a child (issue #20: "the new-ticket form, prefilled
    from the parent"): requester, subject, priority and group come from the parent and stay
    editable; ctrl+s creates it under the parent, the agent stays on the parent, and the
    Related tab lists the child."""
    session = await demo_session(tmp_path)
    parent = incident_for_child(session)
    db = sandbox_db(session)
    host = TicketHost(tmp_path, ticket_id=parent, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(RelatedPane)
        await pilot.press("5")
        await until(pilot, lambda: pane.loaded, what="related")
        await settle(pilot, screen)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(host.screen, NewTicketScreen), what="form")
        form = host.screen
        assert isinstance(form, NewTicketScreen)
        await until(pilot, lambda: bool(form.rows), what="form fields")
        row = db.tickets[parent]
        assert form.values["subject"] == row["subject"]
        assert form.values["priority"] == row["priority"]
        assert form.requester is not None and form.requester.id == row["requester_id"]
        assert str(parent) in str(form.query_one("#new-title").render())
        form.query_one(DataTable).move_cursor(row=form.shown_rows().index("subject"))
        await pilot.press("enter")
        await until(pilot, lambda: host.screen is not form, what="subject editor")
        await pilot.press("ctrl+u", *"Replace the docking station", "enter")
        await until(pilot, lambda: host.screen is form, what="back on the form")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: host.screen is screen, what="back on the parent")
        child = next(c for c, p in db.desk.parent_of.items() if p == parent)
        assert db.tickets[child]["subject"] == "Replace the docking station"
        assert db.tickets[child]["requester_id"] == row["requester_id"]
        assert db.tickets[child]["priority"] == row["priority"]
        assert any(f"Child ticket #{child} created under #{parent}" in t for t in toasts(host))
        await until(
            pilot,
            lambda: pane.links is not None and child in pane.links.child_ids,
            what="the child listed without F5",
        )


async def test_a_service_request_refuses_a_child_before_any_typing(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("c")
        await until(pilot, lambda: any("cannot have child" in t for t in toasts(host)), what="said")
        assert host.screen is screen


# --- knowledge base from the composer -------------------------------------------------------


async def kb_from_composer(pilot: Pilot[Any], host: TicketHost, term: str) -> KnowledgeSearch:
    screen = await wait_loaded(pilot)
    await pilot.press("r")
    await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
    await pilot.press("ctrl+l")
    await until(pilot, lambda: isinstance(host.screen, KnowledgeSearch), what="kb")
    search = host.screen
    assert isinstance(search, KnowledgeSearch)
    await type_text(pilot, term)
    await until(
        pilot, lambda: bool(search.hits) and search.preview is not None, what="hits and preview"
    )
    return search


async def test_ctrl_l_searches_as_you_type_and_inserts_the_article_text(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        search = await kb_from_composer(pilot, host, "laptop")
        assert all("laptop" in (a.title or "").lower() or a.id for a in search.hits)
        preview = search.preview
        assert preview is not None
        await pilot.press("enter")
        screen = host.ticket_screen
        await until(pilot, lambda: host.screen is screen, what="back in composer")
        body = screen.visible_composers()[0].query_one("#composer-body", TextArea).text
        first_line = (preview.description_text or "").split(".")[0][:30]
        assert first_line and first_line in " ".join(body.split())
        assert "<p>" not in body


async def test_ctrl_l_twice_inserts_the_article_link(host: TicketHost) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        search = await kb_from_composer(pilot, host, "vpn")
        article_id = search.hits[0].id
        await pilot.press("ctrl+l")
        screen = host.ticket_screen
        await until(pilot, lambda: host.screen is screen, what="back in composer")
        body = screen.visible_composers()[0].query_one("#composer-body", TextArea).text
        assert host.session is not None
        link = f"https://{host.session.web_domain}/support/solutions/articles/{article_id}"
        assert link in body


# --- untrusted text and costs ----------------------------------------------------------------


async def test_hostile_approver_and_item_text_reach_the_screen_inert(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id = service_request_with_items(session)
    approval = waiting_for_me(session, ticket_id)
    approval["approver_name"] = "\x1b]52;c;ZXZpbA==\x07Eve [bold]Boss[/bold]"
    item = sandbox_db(session).desk.requested_items[ticket_id][0]
    item["custom_fields"] = {"business_justification": "\x1b[2Jwipe [red]x[/red]"}
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        _, approvals = await open_tab(pilot, "7", ApprovalsPane)
        cell = approvals.query_one(DataTable).get_row_at(0)[3]
        assert "\x1b" not in str(cell) and "\x07" not in str(cell)
        assert "[bold]Boss[/bold]" in str(cell)  # shown as typed, never read as markup
        _, items = await open_tab(pilot, "6", RequestedItemsPane)
        fields = str(items.query_one("#item-fields").render())
        assert "\x1b" not in fields and "[red]x[/red]" in fields


async def test_the_items_tab_of_an_incident_costs_no_call(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    ticket_id, _ = ticket_with_problem(session)
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        budget = session.client.budget
        before = budget().credits_spent
        _, pane = await open_tab(pilot, "6", RequestedItemsPane)
        assert budget().credits_spent == before
        assert "Not a service request" in str(pane.query_one(".pane-status").render())
        assert screen.ticket is not None and screen.ticket.type == "Incident"


async def test_a_linked_change_shows_its_planned_dates_read_only(tmp_path: Path) -> None:
    session = await demo_session(tmp_path)
    db = sandbox_db(session)
    ticket_id, change_id = sorted(db.itsm.change_initiating.items())[0]
    host = TicketHost(tmp_path, ticket_id=ticket_id, session=session)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        _, pane = await open_tab(pilot, "5", RelatedPane)
        key = f"change:{change_id}"
        assert key in pane.link_keys
        table = pane.query_one("#related-links", DataTable)
        table.focus()
        table.move_cursor(row=pane.link_keys.index(key))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ItsmRecordScreen), what="view")
        view = host.screen
        assert isinstance(view, ItsmRecordScreen)
        await until(pilot, lambda: view.record is not None, what="loaded")
        await pilot.pause()
        async with other_client(session) as client:
            change = await client.get_change(change_id)
        summary = str(view.query_one("#itsm-summary").render())
        assert f"CHN-{change_id}" in summary and "Planned start" in summary
        start = change.planned_start_date
        assert start is not None and not isinstance(start, str)
        assert f"{start.astimezone(UTC):%d %b %Y}" in summary
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(host.screen, TicketScreen), what="back")
