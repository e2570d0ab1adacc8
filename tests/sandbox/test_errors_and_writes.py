"""Auth, error shapes, validation, Location on 201, writes visible to later reads."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from fstui.sandbox import sandbox_transport

from .harness import client_for


async def test_wrong_or_missing_key_is_401(app: Starlette) -> None:
    async with client_for(app, key="not-the-key") as client:
        wrong = await client.get("/tickets")
    async with httpx.AsyncClient(
        transport=sandbox_transport(app), base_url="https://x/api/v2"
    ) as anonymous:
        missing = await anonymous.get("/tickets")
    for response in (wrong, missing):
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"
        assert "sandbox-demo-key" not in response.text


async def test_404_405_415_and_invalid_json_shapes(client: httpx.AsyncClient) -> None:
    missing = await client.get("/tickets/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    wrong_verb = await client.patch("/tickets")
    assert wrong_verb.status_code == 405
    assert "GET" in wrong_verb.headers["allow"]
    xml = await client.post(
        "/tickets", content=b"<ticket/>", headers={"Content-Type": "application/xml"}
    )
    assert xml.status_code == 415 and xml.json()["code"] == "invalid_content_type"
    broken = await client.post(
        "/tickets", content=b'{"subject": ', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["code"] == "invalid_json"


async def test_restore_of_a_live_ticket_is_409(client: httpx.AsyncClient) -> None:
    response = await client.put("/tickets/3/restore")
    assert response.status_code == 409


async def test_create_validation_lists_every_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/tickets", json={"subject": 5, "priority": 9, "colour": "red", "status": "open"}
    )
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors >= {
        ("colour", "invalid_field"),
        ("subject", "datatype_mismatch"),
        ("priority", "invalid_value"),
        ("status", "datatype_mismatch"),
        ("requester_id", "missing_field"),
    }


async def test_bad_include_is_the_documented_invalid_value(client: httpx.AsyncClient) -> None:
    response = await client.get("/tickets?include=conversations")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "include" and error["code"] == "invalid_value"


async def test_per_page_over_100_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/agents?per_page=101")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "per_page"


async def test_create_then_read_back_with_location(client: httpx.AsyncClient) -> None:
    created = await client.post(
        "/tickets",
        json={"subject": "Printer on fire", "description": "<p>Smoke!</p>",
              "email": "new.person@example.com", "priority": 4, "status": 2,
              "custom_fields": {"affected_service": "Printing"}, "assets": [{"display_id": 3}]},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    ticket = created.json()["ticket"]
    assert created.headers["location"].endswith(f"/api/v2/tickets/{ticket['id']}")
    assert ticket["assets"][0]["display_id"] == 3
    again = (await client.get(created.headers["location"] + "?include=requester")).json()
    assert again["ticket"]["subject"] == "Printer on fire"
    assert again["ticket"]["description_text"] == "Smoke!"
    assert again["ticket"]["requester"]["email"] == "new.person@example.com"
    requests = (await client.get("/assets/3/requests")).json()["requests"]
    assert ticket["id"] in [r["id"] for r in requests]


async def test_update_unknown_field_and_visible_change(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    rows = app.state.sandbox.db.tickets.values()
    open_id = next(r["id"] for r in rows if r["status"] == 2 and not r["deleted"])
    refused = await client.put(f"/tickets/{open_id}", json={"colour": "red"})
    assert refused.json()["errors"][0]["code"] == "invalid_field"
    before = (await client.get(f"/tickets/{open_id}")).json()["ticket"]
    updated = await client.put(f"/tickets/{open_id}", json={"status": 4, "priority": 3})
    assert updated.status_code == 200
    after = (await client.get(f"/tickets/{open_id}?include=stats")).json()["ticket"]
    assert (after["status"], after["priority"]) == (4, 3)
    assert after["updated_at"] > before["updated_at"]
    assert after["stats"]["resolved_at"] == after["updated_at"]
    activity = (await client.get(f"/tickets/{open_id}/activities")).json()["activities"][0]
    assert "Resolved" in " ".join(activity["sub_contents"])


async def test_reply_bumps_updated_at_and_updated_since_finds_it(
    client: httpx.AsyncClient,
) -> None:
    marker = "2025-03-03T15:30:00Z"
    before = (await client.get("/tickets", params={"updated_since": marker})).json()["tickets"]
    assert 12 not in [t["id"] for t in before]
    reply = await client.post("/tickets/12/reply", json={"body": "<p>On it <!-- fstui:tok --></p>"})
    assert reply.status_code == 201
    assert reply.json()["conversation"]["body"].endswith("<!-- fstui:tok --></p>")
    after = (await client.get("/tickets", params={"updated_since": marker})).json()["tickets"]
    assert 12 in [t["id"] for t in after]
    listed = (await client.get("/tickets/12/conversations?per_page=100")).json()
    assert listed["meta"]["count"] == len(listed["conversations"])
    assert listed["conversations"][-1]["id"] == reply.json()["conversation"]["id"]


async def test_only_notes_can_be_edited_and_deleted_ones_vanish(
    client: httpx.AsyncClient,
) -> None:
    note = (await client.post("/tickets/4/notes", json={"body": "draft"})).json()["conversation"]
    assert note["private"] is True
    edited = await client.put(f"/conversations/{note['id']}", json={"body": "final"})
    assert edited.json()["conversation"]["body_text"] == "final"
    reply = (await client.post("/tickets/4/reply", json={"body": "hi"})).json()["conversation"]
    assert (
        await client.put(f"/conversations/{reply['id']}", json={"body": "x"})
    ).status_code == 400
    assert (await client.delete(f"/conversations/{note['id']}")).status_code == 204
    ids = [c["id"] for c in (await client.get("/tickets/4/conversations")).json()["conversations"]]
    assert note["id"] not in ids


async def test_one_running_timer_per_agent(client: httpx.AsyncClient, app: Starlette) -> None:
    me = app.state.sandbox.db.me_id
    start = await client.post(
        "/tickets/5/time_entries", json={"time_entry": {"timer_running": True, "agent_id": me}}
    )
    assert start.status_code == 201
    second = await client.post(
        "/tickets/6/time_entries", json={"time_entry": {"timer_running": True, "agent_id": me}}
    )
    assert second.status_code == 400
    assert second.json()["errors"][0]["field"] == "timer_running"
    entry = start.json()["time_entry"]
    stop = await client.put(
        f"/tickets/5/time_entries/{entry['id']}", json={"time_entry": {"timer_running": False}}
    )
    assert stop.json()["time_entry"]["timer_running"] is False
    again = await client.post(
        "/tickets/6/time_entries", json={"time_entry": {"timer_running": True, "agent_id": me}}
    )
    assert again.status_code == 201


async def test_delete_moves_to_trash_and_restore_brings_back(client: httpx.AsyncClient) -> None:
    assert (await client.delete("/tickets/8")).status_code == 204
    trash = (await client.get("/tickets?filter=deleted&per_page=100")).json()["tickets"]
    assert 8 in [t["id"] for t in trash]
    assert (await client.put("/tickets/8/restore")).status_code == 204
    assert (await client.get("/tickets/8")).json()["ticket"]["deleted"] is False


async def test_my_queue_and_reference_data(client: httpx.AsyncClient, app: Starlette) -> None:
    me = (await client.get("/agents", params={"email": "alex.morgan@acme-demo.test"})).json()
    assert len(me["agents"]) == 1 and len(me["agents"][0]["member_of"]) == 2
    mine = (await client.get("/tickets?filter=new_and_my_open&per_page=100")).json()["tickets"]
    assert any(t["responder_id"] == me["agents"][0]["id"] for t in mine)
    fields = (await client.get("/ticket_form_fields")).json()["ticket_fields"]
    status = next(f for f in fields if f["name"] == "status")
    assert {"id": 6, "value": "Awaiting vendor"} in [
        {"id": c["id"], "value": c["value"]} for c in status["choices"]
    ]
    kinds = {f["field_type"] for f in fields}
    assert {"custom_dropdown", "custom_checkbox", "default_category"} <= kinds
    assert (
        len((await client.get("/canned_responses?per_page=100")).json()["canned_responses"]) == 12
    )
