"""The client's issue #20 calls against the in-process sandbox: requested items (reference
lines 3848, 3883), approvals (3968-4140, 11717), child tickets (1920) and related tickets
(911), problem and change views (5103, 7340), solution articles (21298, 21572)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from fstui.api import (
    Approval,
    FreshserviceClient,
    RequestedItem,
    SolutionArticle,
    ValidationFailed,
)
from fstui.sandbox import SandboxConfig, create_app

from .harness import sandbox_client


@pytest.fixture
async def fs() -> AsyncIterator[FreshserviceClient]:
    app = create_app(SandboxConfig(plan="unlimited", tickets=800))
    client = sandbox_client(app, url="http://127.0.0.1")
    client.app = app  # type: ignore[attr-defined]
    async with client:
        yield client


async def _service_request(fs: FreshserviceClient) -> int:
    async for ticket in fs.list_tickets(type="Service Request", updated_since=None):
        if ticket.id is not None:
            return ticket.id
    raise AssertionError("the sandbox has service requests")


async def test_requested_items_read_and_edit(fs: FreshserviceClient) -> None:
    ticket_id = next(iter(fs.app.state.sandbox.db.desk.requested_items))  # type: ignore[attr-defined]
    items = await fs.list_requested_items(ticket_id)
    assert items and all(isinstance(i, RequestedItem) for i in items)
    first = items[0]
    assert first.stage_name in ("Requested", "Delivered", "Fulfilled", "Partially Fulfilled")
    changed = await fs.update_requested_item(
        ticket_id, int(first.id or 0), {"stage": 4, "quantity": 3}
    )
    assert (changed.stage_id, changed.stage_name, changed.quantity) == (4, "Fulfilled", 3)
    assert changed.service_item == first.service_item
    with pytest.raises(ValidationFailed) as caught:
        await fs.update_requested_item(ticket_id, int(first.id or 0), {"stage": 7})
    assert [e.field for e in caught.value.errors] == ["stage"]


async def test_my_approvals_and_the_approval_lifecycle(fs: FreshserviceClient) -> None:
    me = (await fs.list_agents().first_page())[0]
    assert me.id is not None
    waiting = await fs.list_approvals(approver_id=me.id, status="requested").collect()
    assert len(waiting) >= 3 and all(isinstance(a, Approval) and a.waiting for a in waiting)
    ticket_id = int(waiting[0].parent_id or 0)
    on_ticket = await fs.list_ticket_approvals(ticket_id)
    assert waiting[0].id in {a.id for a in on_ticket}
    other = (await fs.list_agents().first_page())[4]
    listed = await fs.request_approval(ticket_id, int(other.id or 0), approval_type=2)
    new = next(a for a in listed if a.approver_id == other.id and a.waiting)
    await fs.remind_approval(ticket_id, int(new.id or 0))
    cancelled = await fs.cancel_approval(ticket_id, int(new.id or 0))
    assert cancelled.status_id == 3
    assert (await fs.get_ticket_approval(ticket_id, int(new.id or 0))).status_id == 3
    with pytest.raises(ValueError):
        fs.list_approvals()


async def test_child_ticket_shows_in_related_tickets(fs: FreshserviceClient) -> None:
    parent = next(
        t
        for t, r in fs.app.state.sandbox.db.tickets.items()  # type: ignore[attr-defined]
        if r["type"] == "Incident" and t not in fs.app.state.sandbox.db.desk.parent_of  # type: ignore[attr-defined]
    )
    child = await fs.create_child_ticket(
        parent, {"subject": "Follow-up", "email": "tom@outerspace.com", "status": 2, "priority": 1}
    )
    view = await fs.get_ticket(parent, include=("related_tickets",))
    assert child.id in view.child_ids
    assert (await fs.get_ticket(int(child.id or 0), include=("related_tickets",))).parent_ids == [
        parent
    ]


async def test_problem_and_change_views(fs: FreshserviceClient) -> None:
    links = fs.app.state.sandbox.db.itsm  # type: ignore[attr-defined]
    ticket_id = next(iter(links.ticket_problem))
    ticket = await fs.get_ticket(ticket_id, include=("problem",))
    assert ticket.problem is not None
    problem = await fs.get_problem(int(ticket.problem["display_id"]))
    assert problem.subject and problem.description_text
    change_ticket = next(iter(links.change_initiated_by))
    ticket = await fs.get_ticket(change_ticket, include=("change",))
    assert ticket.change_initiated_by_ticket is not None
    change = await fs.get_change(int(ticket.change_initiated_by_ticket["display_id"]))
    assert change.planned_start_date is not None


async def test_knowledge_base_search_and_view(fs: FreshserviceClient) -> None:
    found, total = await fs.search_solution_articles("printer", per_page=2)
    assert total >= len(found) and 1 <= len(found) <= 2
    assert all(isinstance(a, SolutionArticle) and a.published for a in found)
    article = await fs.get_solution_article(int(found[0].id or 0))
    assert article.title == found[0].title and article.description
    categories = await fs.list_solution_categories().collect()
    folders = await fs.list_solution_folders(int(categories[0].id or 0)).collect()
    listed = await fs.list_solution_articles(int(folders[0].id or 0)).collect()
    assert listed and all(a.folder_id == folders[0].id for a in listed)
