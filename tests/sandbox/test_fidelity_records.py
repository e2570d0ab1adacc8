"""Issue #21 items 3, 4 and 8: the fields of real bodies, ticket sources, the reply body.

Line numbers are of ../shared/reference/freshservice-api-v2.txt; samples are under
../shared/reference/samples/ (recorded: JupiterOne's 2022 recordings; xsoar: demisto's).
"""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from .harness import client_for, make_app, read_sample

AGENT_FIELDS = {
    "signature",
    "external_id",
    "auto_assign_tickets",
    "auto_assign_status_changed_at",
    "vip_user",
    "scoreboard_points",
    "scoreboard_level_id",
    "department_names",
    "location_name",
    "last_login_at",
    "last_active_at",
}
REQUESTER_FIELDS = {
    "external_id",
    "can_see_all_changes_from_associated_departments",
    "department_names",
    "location_name",
}


async def test_agents_carry_the_fields_of_the_recorded_bodies(module_app: Starlette) -> None:
    """samples/recorded/GET_agents_page1.json and xsoar/freshservice_agent_get.json."""
    recorded = set(read_sample("recorded/GET_agents_page1.json")["agents"][0])
    async with client_for(module_app) as client:
        listed = (await client.get("/agents", params={"per_page": 100})).json()["agents"]
        shown = (await client.get(f"/agents/{listed[0]['id']}")).json()["agent"]
    # role_ids, group_ids and scopes are deprecated (reference changelog, Aug 2023, line 109).
    assert recorded - {"role_ids", "group_ids", "scopes"} <= set(shown)
    assert set(shown) >= AGENT_FIELDS
    active = [a for a in listed if a["active"]]
    assert all(a["last_login_at"] and a["last_active_at"] for a in active)
    assert all(a["last_login_at"] <= a["last_active_at"] for a in active)
    assert all(isinstance(a["scoreboard_level_id"], int) for a in active)
    departments = {d["id"]: d["name"] for d in module_app.state.sandbox.db.departments}
    assert all(
        a["department_names"] == [departments[d] for d in a["department_ids"]] for a in listed
    )
    assert all(isinstance(a["location_name"], str) for a in listed)
    assert any(a["auto_assign_tickets"] for a in listed)


async def test_requesters_carry_the_fields_of_the_recorded_bodies(
    module_app: Starlette,
) -> None:
    """xsoar/freshservice_requester_get.json has 28 keys; the sandbox sends every one."""
    sample = set(read_sample("xsoar/freshservice_requester_get.json")["requester"])
    async with client_for(module_app) as client:
        listed = (await client.get("/requesters")).json()["requesters"]
        shown = (await client.get(f"/requesters/{listed[0]['id']}")).json()["requester"]
        created = await client.post(
            "/tickets",
            json={"email": "new.person@example.com", "subject": "Hi", "description": "x"},
        )
        newcomer = (
            await client.get("/requesters", params={"email": "new.person@example.com"})
        ).json()["requesters"]
    assert created.status_code == 201
    assert sample <= set(shown)
    assert set(shown) >= REQUESTER_FIELDS
    assert set(newcomer[0]) >= REQUESTER_FIELDS, "a contact created on the fly has them too"
    locations = {loc["id"]: loc["name"] for loc in module_app.state.sandbox.db.locations}
    assert all(r["location_name"] == locations[r["location_id"]] for r in listed)


async def test_the_ticket_view_has_business_hours_and_approval() -> None:
    """Line 976 (View a Ticket): created_within_business_hours, approval_status and
    approval_status_name; list bodies (samples/recorded/GET_tickets_page1.json) have none."""
    app = make_app(tickets=1000)  # enough open service requests to see both kinds
    rows = app.state.sandbox.db.tickets.values()
    requests = [r["id"] for r in rows if r["type"] == "Service Request" and r["status"] == 2]
    async with client_for(app) as client:
        listed = (await client.get("/tickets", params={"per_page": 100})).json()["tickets"]
        wanted = [t["id"] for t in listed] + requests[:20]
        views = [(await client.get(f"/tickets/{i}")).json()["ticket"] for i in wanted]
    assert not {"created_within_business_hours", "approval_status"} & set(listed[0])
    for view in views:
        assert isinstance(view["created_within_business_hours"], bool)
        assert view["approval_status_name"] in {"Requested", "Approved", "Not Requested"}
        if view["type"] == "Incident":
            assert (view["approval_status"], view["approval_status_name"]) == (4, "Not Requested")
    assert {v["created_within_business_hours"] for v in views} == {True, False}
    assert {v["approval_status"] for v in views} == {0, 1, 4}


async def test_form_fields_list_the_newer_and_custom_sources(module_app: Starlette) -> None:
    """Line 3336 (a real account's form): sources 12 Workplace, 13 Employee Onboarding,
    15 MS Teams and custom sources from 1001 (api-facts.md #10)."""
    async with client_for(module_app) as client:
        fields = (await client.get("/ticket_form_fields")).json()["ticket_fields"]
    source = next(f for f in fields if f["name"] == "source")
    choices = {c["id"]: c["value"] for c in source["choices"]}
    assert {12: "Workplace", 13: "Employee Onboarding", 15: "MS Teams"}.items() <= choices.items()
    assert any(key >= 1001 for key in choices)
    assert set(range(1, 11)) <= set(choices)


@pytest.mark.parametrize("source", [12, 13, 15, 1001])
async def test_tickets_are_created_and_updated_with_those_sources(source: int) -> None:
    async with client_for(make_app(tickets=40)) as client:
        created = await client.post(
            "/tickets",
            json={"email": "a@example.com", "subject": "s", "description": "d", "source": source},
        )
        ticket_id = created.json()["ticket"]["id"]
        updated = await client.put(f"/tickets/{ticket_id}", json={"source": 15})
    assert created.status_code == 201 and created.json()["ticket"]["source"] == source
    assert updated.status_code == 200 and updated.json()["ticket"]["source"] == 15


@pytest.mark.parametrize("source", [11, 14, 1500, 0])
async def test_sources_the_form_does_not_list_are_refused(source: int) -> None:
    async with client_for(make_app(tickets=40)) as client:
        answer = await client.put("/tickets/3", json={"source": source})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["field"] == "source" and "1001" in error["message"]


async def test_the_reply_body_has_the_twelve_keys_of_the_reference() -> None:
    """Line 4432 and samples/xsoar/freshservice_ticket_conversation_reply_create.json."""
    sample = read_sample("xsoar/freshservice_ticket_conversation_reply_create.json")
    app = make_app(tickets=40)
    async with client_for(app) as client:
        answer = await client.post("/tickets/3/reply", json={"body": "<p>On it</p>"})
        thread = (await client.get("/tickets/3/conversations")).json()["conversations"]
    assert answer.status_code == 201
    body = answer.json()["conversation"]
    assert set(body) == set(sample["conversation"])
    assert len(body) == 12
    # The conversation list still says what it is (reference line 4386: source 0 is email).
    [listed] = [c for c in thread if c["id"] == body["id"]]
    assert (listed["source"], listed["private"], listed["incoming"]) == (0, False, False)


async def test_the_ticket_view_carries_tags_only_with_include_tags() -> None:
    """Line 894: "By default, certain fields such as conversations, tags and requester email
    will not be included in the response"; the reference's view example (line 976) and
    samples/xsoar/freshservice_ticket_get.json have no tags. The update example (line 886)
    and xsoar ticket_create_update do."""
    app = make_app(tickets=200)
    tagged = next(r for r in app.state.sandbox.db.tickets.values() if r["tags"])
    async with client_for(app) as client:
        plain = (await client.get(f"/tickets/{tagged['id']}")).json()["ticket"]
        asked = (await client.get(f"/tickets/{tagged['id']}?include=tags")).json()["ticket"]
        updated = (await client.put(f"/tickets/{tagged['id']}", json={"urgency": 2})).json()
    assert "tags" not in plain
    assert asked["tags"] == tagged["tags"]
    assert updated["ticket"]["tags"] == tagged["tags"]
    assert "tags" not in read_sample("xsoar/freshservice_ticket_get.json")["ticket"]
