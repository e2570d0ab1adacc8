"""Issue #20 through the store against the in-process sandbox: requested items and their edits
(reference lines 3848, 3883), approvals per ticket and waiting for me (3968-4140, 11717),
child tickets through the new-ticket path (1920) and related tickets (911), problem and change
views (5103, 7340), the knowledge base cached per the freshness policy (21298)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient, RetryPolicy
from fstui.store.cache import JsonCache
from fstui.store.drafts import Drafts
from fstui.store.outbox import Outbox, Outcome
from fstui.store.store import Store
from fstui.store.writes import Writes

from .harness import LoseAnswers, sandbox_parts


@dataclass
class Desk:
    app: Any
    transport: LoseAnswers
    client: FreshserviceClient
    store: Store
    outbox: Outbox
    writes: Writes

    @property
    def db(self) -> Any:
        return self.app.state.sandbox.db


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    create_app, SandboxConfig, sandbox_transport, key = sandbox_parts()
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    app = create_app(SandboxConfig(tickets=800, plan="unlimited"))
    transport = LoseAnswers(sandbox_transport(app))
    client = FreshserviceClient(
        "http://127.0.0.1",
        key,
        transport=transport,
        retry=RetryPolicy(max_attempts=1, base_delay=0.0, max_rate_limit_retries=0),
    )
    cache = JsonCache(tmp_path / "cache")
    store = Store(client, cache, me_email=DEMO_AGENT_EMAIL)
    drafts = Drafts(cache)
    outbox = Outbox(cache, client, drafts=drafts, resend_grace=0.0)
    writes = Writes(outbox, store, drafts=drafts, cache=cache, reader=store)
    async with client:
        yield Desk(app, transport, client, store, outbox, writes)
    await outbox.aclose()
    cache.close()


def _service_request(d: Desk, *, waiting: bool) -> int:
    for ticket_id, approvals in d.db.desk.approvals.items():
        if (approvals[0]["approval_status"]["id"] == 0) == waiting:
            return int(ticket_id)
    raise AssertionError("the data has service requests")


async def test_requested_items_are_cached_and_an_edit_goes_through_the_outbox(desk: Desk) -> None:
    d = desk
    ticket_id = _service_request(d, waiting=False)
    first = await d.store.itsm.requested_items(ticket_id)
    again = await d.store.itsm.requested_items(ticket_id)
    assert first.source == "network" and again.source == "cache"
    item = first.value[0]
    assert item.id is not None
    result = await d.writes.update_requested_item(ticket_id, item.id, stage=4, quantity=2)
    assert result.outcome is Outcome.SENT
    fresh = await d.store.itsm.requested_items(ticket_id)
    assert fresh.source == "network", "a delivered edit forgets the cached list"
    assert (fresh.value[0].stage_id, fresh.value[0].quantity) == (4, 2)


async def test_a_lost_answer_to_a_stage_edit_is_recognised(desk: Desk) -> None:
    d = desk
    ticket_id = _service_request(d, waiting=False)
    item = (await d.store.itsm.requested_items(ticket_id)).value[0]
    assert item.id is not None
    d.transport.lose(lambda r: r.method == "PUT" and "requested_items" in r.url.path)
    result = await d.writes.update_requested_item(ticket_id, item.id, stage=5)
    assert not result.delivered
    (settled,) = await d.outbox.flush()
    assert settled.outcome is Outcome.ALREADY_DELIVERED
    puts = [p for m, p in d.transport.requests if m == "PUT"]
    assert len(puts) == 1


async def test_my_approvals_and_request_remind_cancel(desk: Desk) -> None:
    d = desk
    me = d.db.me_id
    mine = await d.store.itsm.my_approvals(me)
    assert len(mine.value) >= 3 and all(a.approver_id == me and a.waiting for a in mine.value)
    ticket_id = _service_request(d, waiting=False)
    approver = d.db.agents[5]["id"]
    asked = await d.writes.request_approval(ticket_id, approver, approval_type=2)
    assert asked.outcome is Outcome.SENT
    approvals = (await d.store.itsm.approvals(ticket_id)).value
    new = next(a for a in approvals if a.approver_id == approver and a.waiting)
    assert new.id is not None
    assert (await d.writes.remind_approval(ticket_id, new.id)).outcome is Outcome.SENT
    assert (await d.writes.cancel_approval(ticket_id, new.id)).outcome is Outcome.SENT
    after = (await d.store.itsm.approvals(ticket_id)).value
    assert next(a for a in after if a.id == new.id).status_id == 3


async def test_a_lost_approval_request_is_not_asked_twice(desk: Desk) -> None:
    d = desk
    ticket_id = _service_request(d, waiting=False)
    approver = d.db.agents[6]["id"]
    d.transport.lose(lambda r: r.method == "POST" and r.url.path.endswith("/approvals"))
    first = await d.writes.request_approval(ticket_id, approver)
    assert not first.delivered
    (settled,) = await d.outbox.flush()
    assert settled.outcome is Outcome.ALREADY_DELIVERED
    waiting = [
        a
        for a in d.db.desk.approvals[ticket_id]
        if a["approver_id"] == approver and a["approval_status"]["id"] == 0
    ]
    assert len(waiting) == 1


async def test_a_child_ticket_through_the_new_ticket_path(desk: Desk) -> None:
    d = desk
    parent = next(
        t
        for t, r in d.db.tickets.items()
        if r["type"] == "Incident" and t not in d.db.desk.parent_of
    )
    before = await d.store.itsm.related(parent)
    result = await d.writes.create_ticket(
        {"subject": "Follow-up for the outage", "email": "tom@outerspace.com", "status": 2},
        parent_id=parent,
    )
    assert result.outcome is Outcome.SENT
    child_id = result.response.id
    after = await d.store.itsm.related(parent)
    assert child_id in (after.value.child_ids or [])
    assert child_id not in (before.value.child_ids or [])
    assert d.db.desk.parent_of[child_id] == parent


async def test_problem_change_and_knowledge_base_views(desk: Desk) -> None:
    d = desk
    links = d.db.itsm
    problem = await d.store.itsm.problem(next(iter(links.ticket_problem.values())))
    assert problem.value.subject
    change = await d.store.itsm.change(next(iter(links.change_initiated_by.values())))
    assert change.value.planned_end_date is not None
    hits = await d.store.itsm.search_articles("  VPN  ")
    assert hits.value.total >= 3
    for found in hits.value.articles:
        assert "vpn" in f"{found.title} {found.description_text}".lower()
    d.transport.requests.clear()
    again = await d.store.itsm.search_articles("vpn")
    assert again.source == "cache" and d.transport.requests == []
    empty = await d.store.itsm.search_articles("   ")
    assert empty.value.articles == [] and d.transport.requests == []
    article = await d.store.itsm.article(int(hits.value.articles[0].id or 0))
    assert article.value.description
