"""Issue #20 in the sandbox, as plain HTTP: requested items (reference lines 3820-3890),
the service catalog (21693, 21752), approvals (3900-4140) and /approvals across tickets
(11700-11745), child tickets (1853-1925) and include=related_tickets (912), problems and
changes on a ticket view (906-910), solution categories, folders and articles (20640-21640)
with search (21280-21320)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from fstui.sandbox.data.service_desk import article_title
from fstui.sandbox.data.words import TOPICS

from .harness import client_for, make_app


@pytest.fixture
def app() -> Starlette:
    return make_app(tickets=800)


def _db(app: Starlette) -> Any:
    return app.state.sandbox.db


def _service_request(app: Starlette, *, waiting: bool | None = None) -> int:
    db = _db(app)
    for ticket_id, approvals in db.desk.approvals.items():
        state = approvals[0]["approval_status"]["id"]
        if waiting is None or (state == 0) == waiting:
            return int(ticket_id)
    raise AssertionError("the data has service requests")


async def test_requested_items_list_and_update(app: Starlette, client: httpx.AsyncClient) -> None:
    ticket_id = _service_request(app)
    listed = await client.get(f"/tickets/{ticket_id}/requested_items")
    assert listed.status_code == 200
    items = listed.json()["requested_items"]
    assert items and {"id", "quantity", "stage", "service_item_id", "is_parent"} <= set(items[0])
    item_id = items[0]["id"]
    changed = await client.put(
        f"/tickets/{ticket_id}/requested_items/{item_id}", json={"quantity": 2, "stage": 2}
    )
    assert changed.status_code == 200, changed.text
    answer = changed.json()["requested_item"]
    assert answer["quantity"] == 2 and answer["stage"] == {"id": 2, "name": "Delivered"}
    again = (await client.get(f"/tickets/{ticket_id}/requested_items")).json()
    assert again["requested_items"][0]["stage"] == 2
    bad = await client.put(
        f"/tickets/{ticket_id}/requested_items/{item_id}", json={"quantity": 0, "stage": 9}
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"quantity", "stage"}


async def test_stages_are_realistic(app: Starlette) -> None:
    db = _db(app)
    stages = {i["stage"] for items in db.desk.requested_items.values() for i in items}
    assert {1, 4} <= stages
    for ticket_id, items in db.desk.requested_items.items():
        if db.tickets[ticket_id]["status"] in (4, 5):
            assert all(i["stage"] in (2, 4) for i in items), "closed requests were delivered"


async def test_incidents_have_no_requested_items(app: Starlette, client: httpx.AsyncClient) -> None:
    incident = next(t for t, r in _db(app).tickets.items() if r["type"] == "Incident")
    assert (await client.get(f"/tickets/{incident}/requested_items")).status_code == 400


async def test_catalog_items(client: httpx.AsyncClient) -> None:
    items = (await client.get("/service_catalog/items")).json()["service_items"]
    assert len(items) >= 8
    one = (await client.get(f"/service_catalog/items/{items[0]['display_id']}")).json()
    assert one["service_item"]["name"] == items[0]["name"]


async def test_approvals_waiting_for_the_demo_agent_across_tickets(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    me = _db(app).me_id
    answer = await client.get(
        "/approvals", params={"parent": "ticket", "approver_id": me, "status": "requested"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] >= 3
    assert all(
        a["approver_id"] == me and a["approval_status"]["id"] == 0 for a in body["approvals"]
    )
    stamps = [a["created_at"] for a in body["approvals"]]
    assert stamps == sorted(stamps), "oldest first (line 11704)"
    for approval in body["approvals"]:
        view = (await client.get(f"/tickets/{approval['parent_id']}")).json()["ticket"]
        assert view["approval_status"] == 0 and view["approval_status_name"] == "Requested"
    missing = await client.get("/approvals", params={"parent": "ticket"})
    assert missing.status_code == 400


async def test_request_remind_and_cancel_an_approval(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    ticket_id = _service_request(app, waiting=False)
    approver = _db(app).agents[3]["id"]
    made = await client.post(
        f"/tickets/{ticket_id}/approvals", json={"approver_id": approver, "approval_type": 2}
    )
    assert made.status_code == 201, made.text
    mine = [a for a in made.json()["approvals"] if a["approver_id"] == approver]
    (approval,) = [a for a in mine if a["approval_status"]["id"] == 0]
    view = (await client.get(f"/tickets/{ticket_id}")).json()["ticket"]
    assert view["approval_status"] == 0
    path = f"/tickets/{ticket_id}/approvals/{approval['id']}"
    assert (await client.get(path)).json()["approval"]["email_content"]
    assert (await client.put(f"{path}/remind")).status_code == 200
    assert (await client.put(path, json={"approval_status": {"id": 1}})).status_code == 400
    cancelled = await client.put(path, json={"approval_status": {"id": 3}})
    assert cancelled.json()["approval"]["approval_status"] == {"id": 3, "name": "cancelled"}
    assert (await client.put(f"{path}/remind")).status_code == 409
    singular = await client.get(f"/ticket/{ticket_id}/approvals")  # the headings' path
    assert singular.status_code == 200
    missing = await client.post(f"/tickets/{ticket_id}/approvals", json={"approval_type": 2})
    assert [e["field"] for e in missing.json()["errors"]] == ["approver_id"]


async def test_child_tickets_and_related_tickets(app: Starlette, client: httpx.AsyncClient) -> None:
    db = _db(app)
    child, parent = next(iter(db.desk.parent_of.items()))
    related = (await client.get(f"/tickets/{parent}", params={"include": "related_tickets"})).json()
    assert child in related["ticket"]["related_tickets"]["child_ids"]
    up = (await client.get(f"/tickets/{child}", params={"include": "related_tickets"})).json()
    assert up["ticket"]["related_tickets"]["parent_ids"] == [parent]

    made = await client.post(
        f"/tickets/{parent}/create_child_ticket",
        json={"subject": "Follow-up", "email": "tom@outerspace.com", "priority": 2, "status": 2},
    )
    assert made.status_code == 201, made.text
    new_id = made.json()["ticket"]["id"]
    related = (await client.get(f"/tickets/{parent}", params={"include": "related_tickets"})).json()
    assert new_id in related["ticket"]["related_tickets"]["child_ids"]
    nested = await client.post(
        f"/tickets/{child}/create_child_ticket",
        json={"subject": "x", "email": "tom@outerspace.com"},
    )
    assert nested.status_code == 400  # line 1861
    request = _service_request(app)
    refused = await client.post(
        f"/tickets/{request}/create_child_ticket", json={"subject": "x", "email": "a@b.example"}
    )
    assert refused.status_code == 400  # line 1859


async def test_problem_and_change_on_a_ticket_view(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    links = _db(app).itsm
    ticket_id = next(iter(links.ticket_problem))
    view = (await client.get(f"/tickets/{ticket_id}", params={"include": "problem"})).json()
    assert view["ticket"]["problem"]["display_id"] == links.ticket_problem[ticket_id]
    changed = next(iter(links.change_initiated_by))
    view = (await client.get(f"/tickets/{changed}", params={"include": "change"})).json()
    embed = view["ticket"]["change_initiated_by_ticket"]
    assert embed["display_id"] == links.change_initiated_by[changed]


async def test_knowledge_base_folders_articles_and_search(client: httpx.AsyncClient) -> None:
    categories = (await client.get("/solutions/categories")).json()["categories"]
    assert len(categories) >= 3
    articles: list[dict[str, Any]] = []
    for category in categories:
        folders = (
            await client.get("/solutions/folders", params={"category_id": category["id"]})
        ).json()["folders"]
        for folder in folders:
            listed = await client.get("/solutions/articles", params={"folder_id": folder["id"]})
            articles.extend(listed.json()["articles"])
    assert len(articles) >= 36, "a few dozen articles"
    titles = {a["title"] for a in articles}
    assert article_title(TOPICS[4].subjects[0].template) in titles  # a common ticket subject
    assert (await client.get("/solutions/articles")).status_code == 400  # folder_id needed
    found = (await client.get("/solutions/articles/search", params={"search_term": "vpn"})).json()
    assert found["meta"]["total_items"] >= 3
    assert all(a["status"] == 2 for a in found["articles"]), "only published ones"
    assert all("vpn" in (a["title"] + a["description_text"]).lower() for a in found["articles"])
    one = (await client.get(f"/solutions/articles/{found['articles'][0]['id']}")).json()
    assert one["article"]["description"].startswith("<p>")


async def test_credit_costs_of_the_new_endpoints() -> None:
    """One credit a call; an embed on a view one more (reference lines 66, 220)."""
    app = make_app(tickets=800, plan="pro")
    parent = next(iter(app.state.sandbox.db.desk.parent_of.values()))
    async with client_for(app) as client:
        costs = {}
        for path, params in (
            (f"/tickets/{parent}", {"include": "related_tickets"}),
            ("/solutions/articles/search", {"search_term": "printer"}),
            ("/approvals", {"parent": "ticket", "status": "requested"}),
            ("/service_catalog/items", {}),
        ):
            answer = await client.get(path, params=params)
            assert answer.status_code == 200, (path, answer.text)
            costs[path] = int(answer.headers["x-ratelimit-used-currentrequest"])
    assert list(costs.values()) == [2, 1, 1, 1]


async def test_writes_survive_a_restart_with_a_state_file(tmp_path: Path) -> None:
    """Uploaded files, approvals, requested item edits and child tickets are written state."""
    state = tmp_path / "state.json"
    app = make_app(tickets=800, state_file=state)
    ticket_id = _service_request(app, waiting=False)
    parent = next(iter(app.state.sandbox.db.desk.parent_of.values()))
    async with client_for(app) as client:
        item = (await client.get(f"/tickets/{ticket_id}/requested_items")).json()
        item_id = item["requested_items"][0]["id"]
        await client.put(f"/tickets/{ticket_id}/requested_items/{item_id}", json={"stage": 3})
        approver = app.state.sandbox.db.agents[2]["id"]
        await client.post(f"/tickets/{ticket_id}/approvals", json={"approver_id": approver})
        note = await client.post(
            f"/tickets/{ticket_id}/notes",
            data={"body": "log"},
            files=[("attachments[]", ("a.txt", b"kept\n", "text/plain"))],
        )
        attachment_id = note.json()["conversation"]["attachments"][0]["id"]
        child = await client.post(
            f"/tickets/{parent}/create_child_ticket",
            json={"subject": "Kept child", "email": "tom@outerspace.com"},
        )
        child_id = child.json()["ticket"]["id"]
    restarted = make_app(tickets=800, state_file=state)
    async with client_for(restarted) as client:
        items = (await client.get(f"/tickets/{ticket_id}/requested_items")).json()
        assert items["requested_items"][0]["stage"] == 3
        approvals = (await client.get(f"/tickets/{ticket_id}/approvals")).json()["approvals"]
        assert any(
            a["approver_id"] == approver and a["approval_status"]["id"] == 0 for a in approvals
        )
        assert (await client.get(f"/attachments/{attachment_id}")).content == b"kept\n"
        related = await client.get(f"/tickets/{parent}", params={"include": "related_tickets"})
        assert child_id in related.json()["ticket"]["related_tickets"]["child_ids"]
