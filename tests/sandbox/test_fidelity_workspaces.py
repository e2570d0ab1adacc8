"""Issue #21 item 5: a second workspace, `workspace_id=0` (all) and a non-primary workspace.

Reference lines (../shared/reference/freshservice-api-v2.txt): 11648 (List All Workspaces:
2 "IT" primary, 3 "HR"), 1034 and 1243 (tickets: the primary workspace unless workspace_id is
given; 0 for all workspaces "with just the global fields"), 1992 (form fields), 105 (groups:
"only from the specified workspace, or the primary workspace").
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from .harness import client_for, make_app

Row = dict[str, Any]


@pytest.fixture(scope="module")
def ws_app() -> Starlette:
    return make_app(tickets=400)


async def _collect(client: httpx.AsyncClient, path: str, key: str, **params: str) -> list[Row]:
    rows: list[Row] = []
    page = 1
    while True:
        answer = await client.get(path, params={**params, "page": str(page), "per_page": "100"})
        assert answer.status_code == 200, answer.text
        rows.extend(answer.json()[key])
        if "link" not in answer.headers:
            return rows
        page += 1


async def test_the_account_lists_two_workspaces_like_the_reference(ws_app: Starlette) -> None:
    async with client_for(ws_app) as client:
        listed = (await client.get("/workspaces")).json()["workspaces"]
        hr = (await client.get("/workspaces/3")).json()["workspace"]
    assert [(w["id"], w["name"], w["primary"]) for w in listed] == [
        (2, "IT", True),
        (3, "HR", False),
    ]
    assert set(hr) == {
        "id", "name", "description", "primary", "restricted", "state", "template_name",
        "created_at", "updated_at",
    }  # fmt: skip


async def test_tickets_default_to_the_primary_workspace(ws_app: Starlette) -> None:
    """Line 1243: without workspace_id only the primary workspace's tickets."""
    async with client_for(ws_app) as client:
        default = await _collect(client, "/tickets", "tickets", updated_since="2000-01-01")
        hr = await _collect(
            client, "/tickets", "tickets", updated_since="2000-01-01", workspace_id="3"
        )
        every = await _collect(
            client, "/tickets", "tickets", updated_since="2000-01-01", workspace_id="0"
        )
    assert default and hr
    assert {t["workspace_id"] for t in default} == {2}
    assert {t["workspace_id"] for t in hr} == {3}
    assert sorted(t["id"] for t in every) == sorted(t["id"] for t in default + hr)


async def test_filter_follows_the_workspace_too(ws_app: Starlette) -> None:
    """Lines 1227 (workspace_id=2 and agent_id:null) and 1233 (workspace_id=0)."""
    async with client_for(ws_app) as client:
        default = (await client.get("/tickets/filter", params={"query": '"status:2"'})).json()
        hr = (
            await client.get("/tickets/filter", params={"query": '"status:2"', "workspace_id": 3})
        ).json()
        every = (
            await client.get("/tickets/filter", params={"query": '"status:2"', "workspace_id": 0})
        ).json()
    assert {t["workspace_id"] for t in default["tickets"]} == {2}
    assert hr["tickets"] and {t["workspace_id"] for t in hr["tickets"]} == {3}
    assert every["total"] == default["total"] + hr["total"]


async def test_hr_tickets_belong_to_hr_groups_and_read_like_hr(ws_app: Starlette) -> None:
    async with client_for(ws_app) as client:
        hr_groups = (await client.get("/groups", params={"workspace_id": 3})).json()["groups"]
        it_groups = (await client.get("/groups")).json()["groups"]
        all_groups = (await client.get("/groups", params={"workspace_id": 0})).json()["groups"]
        hr = (await client.get("/tickets", params={"workspace_id": 3})).json()["tickets"]
        one = (await client.get(f"/tickets/{hr[0]['id']}")).json()["ticket"]
    assert {g["workspace_id"] for g in hr_groups} == {3}
    assert {g["workspace_id"] for g in it_groups} == {2} and len(it_groups) == 8
    assert len(all_groups) == len(hr_groups) + len(it_groups)
    assert {t["group_id"] for t in hr} <= {g["id"] for g in hr_groups}
    assert one["description_text"].startswith("Hello HR team,")
    members = {m for g in hr_groups for m in g["members"]}
    me = ws_app.state.sandbox.db.me_id
    assert me not in members, "the demo agent works in IT only"
    assert all(t["responder_id"] in members | {None} for t in hr)


async def test_form_fields_per_workspace(ws_app: Starlette) -> None:
    """Line 1992: global fields and the primary workspace's unless workspace_id says other;
    0: global fields only (workspace_id null, as in the example at line 3336)."""
    async with client_for(ws_app) as client:
        it = (await client.get("/ticket_form_fields")).json()["ticket_fields"]
        hr = (await client.get("/ticket_form_fields?workspace_id=3")).json()["ticket_fields"]
        every = (await client.get("/ticket_form_fields?workspace_id=0")).json()["ticket_fields"]
    names = {f["name"] for f in hr}
    assert "hr_case_type" in names and "affected_service" not in names
    assert "hr_case_type" not in {f["name"] for f in it}
    hr_group_choices = {c["value"] for f in hr if f["name"] == "group" for c in f["choices"]}
    assert hr_group_choices == {"HR Operations", "Payroll & Benefits", "Talent & Onboarding"}
    assert every and all(f["workspace_id"] is None and f["default_field"] for f in every)


async def test_a_ticket_created_in_hr_stays_in_hr() -> None:
    app = make_app(tickets=40)
    async with client_for(app) as client:
        created = await client.post(
            "/tickets",
            json={
                "email": "a@example.com",
                "subject": "Payslip",
                "description": "d",
                "workspace_id": 3,
            },
        )
        ticket_id = created.json()["ticket"]["id"]
        default = await client.get("/tickets", params={"per_page": 100})
        hr = await client.get("/tickets", params={"per_page": 100, "workspace_id": 3})
        unknown = await client.post(
            "/tickets",
            json={"email": "a@example.com", "subject": "x", "description": "d", "workspace_id": 7},
        )
    assert created.status_code == 201 and created.json()["ticket"]["workspace_id"] == 3
    assert ticket_id not in {t["id"] for t in default.json()["tickets"]}
    assert ticket_id in {t["id"] for t in hr.json()["tickets"]}
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "workspace_id"


def test_the_primary_workspace_is_generated_as_before() -> None:
    """HR is drawn after everything else from its own stream: IT's tickets do not move when
    the account grows a workspace (the demo's snapshots depend on it)."""
    app = make_app(tickets=400)
    db = app.state.sandbox.db
    it = [t for t in db.tickets.values() if t["workspace_id"] == 2]
    assert [t["id"] for t in it] == list(range(1, 401))
    hr = [t for t in db.tickets.values() if t["workspace_id"] == 3]
    assert [t["id"] for t in hr] == list(range(401, 401 + len(hr)))
    again = make_app(tickets=400).state.sandbox.db
    assert [again.tickets[t["id"]] for t in hr] == hr


async def test_updates_follow_the_form_of_the_tickets_workspace(ws_app: Starlette) -> None:
    """An HR ticket takes HR's categories and case type; IT's fields are not on its form."""
    db = ws_app.state.sandbox.db
    hr_id = next(t for t, row in db.tickets.items() if row["workspace_id"] == 3)
    it_id = next(t for t, row in db.tickets.items() if row["workspace_id"] == 2)
    hr_update = {
        "category": "Payroll",
        "sub_category": "Payslip",
        "custom_fields": {"hr_case_type": "Payroll"},
    }
    async with client_for(ws_app) as client:
        ok = await client.put(f"/tickets/{hr_id}", json=hr_update)
        it_category = await client.put(f"/tickets/{hr_id}", json={"category": "Hardware"})
        it_field = await client.put(
            f"/tickets/{hr_id}", json={"custom_fields": {"affected_service": "VPN"}}
        )
        hr_field_on_it = await client.put(f"/tickets/{it_id}", json=hr_update)
    assert ok.status_code == 200, ok.text
    assert ok.json()["ticket"]["custom_fields"]["hr_case_type"] == "Payroll"
    assert it_category.status_code == it_field.status_code == hr_field_on_it.status_code == 400
