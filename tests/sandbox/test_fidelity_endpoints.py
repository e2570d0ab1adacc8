"""Issue #21 item 6: the documented endpoints published clients call, answered with records.

Reference lines (../shared/reference/freshservice-api-v2.txt): /agent_fields 13610,
/requester_fields 12291, /workspaces 11616, /requester_groups 14393 and members 14507,
POST /assets 15242, PUT /assets/{id}/delete_forever 15721, /problems 5103, /changes 7340,
/releases 9995; the ticket embeds of problems and changes on line 886. Shapes are checked
against samples/xsoar (change_get, problem_get, release_get, requester_field_list).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from .harness import client_for, make_app, read_sample


@pytest.fixture(scope="module")
def itsm_app() -> Starlette:
    return make_app(tickets=1000)


async def test_freshservice_exporters_default_scrape_answers(itsm_app: Starlette) -> None:
    """It failed whole on the /changes 404; every list answers 200 with records now."""
    async with client_for(itsm_app) as client:
        for path, key in (
            ("/changes?updated_since=2000-01-01", "changes"),
            ("/problems", "problems"),
            ("/releases", "releases"),
            ("/agent_fields", "agent_fields"),
            ("/requester_fields", "requester_fields"),
            ("/requester_groups", "requester_groups"),
            ("/workspaces", "workspaces"),
        ):
            answer = await client.get(path)
            assert answer.status_code == 200, path
            assert answer.json()[key], path


@pytest.mark.parametrize(
    ("path", "key", "sample"),
    [
        ("/changes/1", "change", "freshservice_change_get.json"),
        ("/problems/1", "problem", "freshservice_problem_get.json"),
        ("/releases/1", "release", "freshservice_release_get.json"),
    ],
)
async def test_records_have_the_keys_of_the_real_bodies(
    itsm_app: Starlette, path: str, key: str, sample: str
) -> None:
    async with client_for(itsm_app) as client:
        answer = await client.get(path)
    assert answer.status_code == 200
    record = answer.json()[key]
    assert set(read_sample(f"xsoar/{sample}")[key]) <= set(record)
    assert record["workspace_id"] == 2
    assert record["subject"] and record["description_text"]


async def test_requester_fields_have_the_sample_keys(itsm_app: Starlette) -> None:
    sample = read_sample("xsoar/freshservice_requester_field_list.json")["requester_fields"][0]
    async with client_for(itsm_app) as client:
        fields = (await client.get("/requester_fields")).json()["requester_fields"]
        agent_fields = (await client.get("/agent_fields")).json()["agent_fields"]
    assert set(sample) <= set(fields[0])
    assert {"first_name", "primary_email"} <= {f["name"] for f in fields}
    # Reference lines 13600-13608 list the agent field attributes.
    assert {"label_for_admins", "visible_to_agents", "type", "default_field"} <= set(
        agent_fields[0]
    )


async def test_problems_and_changes_are_linked_from_their_tickets(itsm_app: Starlette) -> None:
    """Line 886: include=problem embeds the problem, include=change the change the ticket
    initiated and the change that caused it (issue #20 shows them on the ticket)."""
    links = itsm_app.state.sandbox.db.itsm
    ticket_id, problem_id = next(iter(links.ticket_problem.items()))
    initiating_ticket, change_id = next(iter(links.change_initiating.items()))
    caused_ticket, cause_id = next(iter(links.change_initiated_by.items()))
    async with client_for(itsm_app) as client:
        with_problem = (await client.get(f"/tickets/{ticket_id}?include=problem")).json()
        initiating = (await client.get(f"/tickets/{initiating_ticket}?include=change")).json()
        caused = (await client.get(f"/tickets/{caused_ticket}?include=change")).json()
        problem = (await client.get(f"/problems/{problem_id}")).json()["problem"]
        change = (await client.get(f"/changes/{change_id}")).json()["change"]
    embedded = with_problem["ticket"]["problem"]
    assert embedded["display_id"] == problem_id and embedded["subject"] == problem["subject"]
    assert initiating["ticket"]["change_initiating_ticket"]["display_id"] == change_id
    assert initiating["ticket"]["change_initiating_ticket"]["subject"] == change["subject"]
    assert caused["ticket"]["change_initiated_by_ticket"]["display_id"] == cause_id
    ticket = itsm_app.state.sandbox.db.tickets[ticket_id]
    assert problem["category"] == ticket["category"], "a problem gathers one topic's incidents"


async def test_releases_bundle_changes(itsm_app: Starlette) -> None:
    async with client_for(itsm_app) as client:
        releases = (await client.get("/releases?per_page=100")).json()["releases"]
        changes = (
            await client.get("/changes", params={"updated_since": "2000-01-01", "per_page": 100})
        ).json()["changes"]
    by_id = {c["id"]: c for c in changes}
    for release in releases:
        assert release["associated_change_ids"]
        assert all(
            by_id[c]["release_id"] == release["id"] for c in release["associated_change_ids"]
        )


async def test_change_list_holds_the_last_30_days_and_takes_stats(itsm_app: Starlette) -> None:
    """Line 7327: "only changes that have been created within the past 30 days"; lines 7319
    and 7460 include=stats, charged 1 more on a show and 2 more on a list (line 7328)."""
    app = make_app(tickets=1000, plan="pro")
    async with client_for(app) as client:
        recent = (await client.get("/changes?per_page=100")).json()["changes"]
        everything = (await client.get("/changes?per_page=100&updated_since=2000-01-01")).json()
        stats = await client.get("/changes?include=stats&per_page=1")
        one = await client.get("/changes/1?include=stats")
        problem_include = await client.get("/problems?include=stats")
    assert len(recent) < len(everything["changes"])
    assert all(c["created_at"] >= "2025-02-01" for c in recent)
    assert stats.status_code == 200 and "stats" in stats.json()["changes"][0]
    assert stats.headers["X-Ratelimit-Used-CurrentRequest"] == "3"
    assert one.headers["X-Ratelimit-Used-CurrentRequest"] == "2"
    assert problem_include.status_code == 400


async def test_requester_groups_and_their_members(itsm_app: Starlette) -> None:
    """Line 14415 (list: id, name, description, type) and 14529 (members)."""
    db = itsm_app.state.sandbox.db
    async with client_for(itsm_app) as client:
        groups = (await client.get("/requester_groups")).json()["requester_groups"]
        vip = next(g for g in groups if g["name"] == "VIP users")
        one = (await client.get(f"/requester_groups/{vip['id']}")).json()["requester_group"]
        members = (await client.get(f"/requester_groups/{vip['id']}/members?per_page=100")).json()[
            "requesters"
        ]
        missing = await client.get("/requester_groups/1/members")
    assert set(groups[0]) == {"id", "name", "description", "type"}
    assert {g["type"] for g in groups} == {"manual", "rule_based"}
    assert one == vip
    assert members and all(set(m) == {"id", "first_name", "last_name", "email"} for m in members)
    vips = {r["id"] for r in db.requesters if r["vip_user"]}
    assert {m["id"] for m in members} == vips
    assert missing.status_code == 404


async def test_create_an_asset_then_delete_it_forever() -> None:
    """Lines 15242-15285 (create: 201, impact and usage_type defaults) and 15721."""
    app = make_app(tickets=40)
    db = app.state.sandbox.db
    laptop = next(t["id"] for t in db.asset_types if t["name"] == "Laptop")
    async with client_for(app) as client:
        created = await client.post(
            "/assets", json={"name": "MacBook Pro 14", "asset_type_id": laptop}
        )
        asset = created.json()["asset"]
        shown = await client.get(f"/assets/{asset['display_id']}")
        no_name = await client.post("/assets", json={"asset_type_id": laptop})
        no_type = await client.post("/assets", json={"name": "x", "asset_type_id": 1})
        gone = await client.put(f"/assets/{asset['display_id']}/delete_forever")
        after = await client.get(f"/assets/{asset['display_id']}")
        restore = await client.put(f"/assets/{asset['display_id']}/restore")
        again = await client.post("/assets", json={"name": "Next", "asset_type_id": laptop})
    assert created.status_code == 201
    assert created.headers["Location"].endswith(f"/api/v2/assets/{asset['display_id']}")
    assert (asset["impact"], asset["usage_type"], asset["workspace_id"]) == ("low", "permanent", 2)
    assert shown.status_code == 200 and shown.json()["asset"]["name"] == "MacBook Pro 14"
    assert no_name.status_code == no_type.status_code == 400
    assert gone.status_code == 204
    assert after.status_code == restore.status_code == 404
    assert again.json()["asset"]["display_id"] > asset["display_id"], "a purged id is not reused"


async def test_delete_forever_survives_a_restart(tmp_path: Any) -> None:
    state = tmp_path / "state.json"
    app = make_app(tickets=40, state_file=state)
    display_id = next(iter(app.state.sandbox.db.assets))
    async with client_for(app) as client:
        assert (await client.put(f"/assets/{display_id}/delete_forever")).status_code == 204
    restarted = make_app(tickets=40, state_file=state)
    async with client_for(restarted) as client:
        assert (await client.get(f"/assets/{display_id}")).status_code == 404
