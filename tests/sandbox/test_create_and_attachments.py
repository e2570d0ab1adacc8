"""Issue #19 in the sandbox: create with the form's validation, multipart bodies with files on
create, reply and note, the 40 MB ticket limit, and GET /attachments/{id}.

Reference lines: attachments as multipart/form-data (285), ``attachments[]`` parts (617,
4451), 40 MB per ticket (393, 4378, 4411), the file name preserved (287), missing_field for
a mandatory attribute (325), download at /api/v2/attachments/[id] (24346).
"""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from fstui.sandbox import attachments as files

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _generated(client: httpx.AsyncClient) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for ticket_id in range(1, 120):
        answer = await client.get(f"/tickets/{ticket_id}/conversations")
        if answer.status_code == 200:
            for conversation in answer.json()["conversations"]:
                found.extend(conversation["attachments"])
    return found


async def test_multipart_create_keeps_the_file_and_its_name(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/tickets",
        data={
            "subject": "Printer jams",
            "description": "<div>Tray 2</div>",
            "email": "tom@outerspace.com",
            "priority": "2",
            "status": "2",
            "custom_fields[affected_users]": "3",
        },
        files=[("attachments[]", ("jam photo.png", PNG, "image/png"))],
    )
    assert answer.status_code == 201, answer.text
    ticket = answer.json()["ticket"]
    assert ticket["priority"] == 2 and ticket["custom_fields"]["affected_users"] == 3
    (attachment,) = ticket["attachments"]
    assert attachment["name"] == "jam photo.png" and attachment["size"] == len(PNG)
    download = await client.get(f"/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert download.content == PNG
    assert download.headers["content-type"].startswith("image/png")
    viewed = (await client.get(f"/tickets/{ticket['id']}")).json()["ticket"]
    assert [a["id"] for a in viewed["attachments"]] == [attachment["id"]]


async def test_create_without_subject_or_requester_names_both_fields(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.post("/tickets", json={"description": "x"})
    assert answer.status_code == 400
    fields = {e["field"]: e["code"] for e in answer.json()["errors"]}
    assert fields == {"subject": "missing_field", "requester_id": "missing_field"}


async def test_custom_fields_are_checked_by_type(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/tickets",
        json={
            "subject": "Laptop",
            "email": "tom@outerspace.com",
            "custom_fields": {
                "affected_users": "many",
                "estimated_cost": True,
                "needed_by": "next week",
                "asset_tag": 7,
                "affected_service": "Coffee",
            },
        },
    )
    assert answer.status_code == 400
    fields = {e["field"] for e in answer.json()["errors"]}
    assert fields == {
        "affected_users",
        "estimated_cost",
        "needed_by",
        "asset_tag",
        "affected_service",
    }
    good = await client.post(
        "/tickets",
        json={
            "subject": "Laptop",
            "email": "tom@outerspace.com",
            "source": 9,
            "custom_fields": {
                "affected_users": 4,
                "estimated_cost": 12.5,
                "needed_by": "2025-03-10",
            },
        },
    )
    assert good.status_code == 201, good.text
    assert good.json()["ticket"]["source"] == 9  # Walkup, from the form's source choices


async def test_form_lists_custom_fields_of_every_type(client: httpx.AsyncClient) -> None:
    fields = (await client.get("/ticket_form_fields")).json()["ticket_fields"]
    types = {f["field_type"] for f in fields if not f["default_field"]}
    assert types == {
        "custom_dropdown",
        "custom_checkbox",
        "custom_text",
        "custom_paragraph",
        "custom_number",
        "custom_decimal",
        "custom_date",
        "nested_field",
    }
    closing = [f["name"] for f in fields if f["required_for_closure"]]
    assert closing == ["affected_service"]


async def test_reply_and_note_take_files_and_cc(client: httpx.AsyncClient) -> None:
    reply = await client.post(
        "/tickets/5/reply",
        data={"body": "See the log", "cc_emails[]": ["boss@acme.example", "it@acme.example"]},
        files=[("attachments[]", ("log.txt", b"line one\n", "text/plain"))],
    )
    assert reply.status_code == 201, reply.text
    conversation = reply.json()["conversation"]
    assert conversation["cc_emails"] == ["boss@acme.example", "it@acme.example"]
    assert [a["name"] for a in conversation["attachments"]] == ["log.txt"]
    note = await client.post(
        "/tickets/5/notes",
        data={"body": "internal", "private": "true"},
        files=[("attachments[]", ("trace.txt", b"trace\n", "text/plain"))],
    )
    assert note.status_code == 201, note.text
    assert note.json()["conversation"]["private"] is True
    download = await client.get(
        f"/attachments/{note.json()['conversation']['attachments'][0]['id']}"
    )
    assert download.content == b"trace\n"


async def test_a_ticket_over_40_mb_is_refused_on_the_attachments_field(
    client: httpx.AsyncClient,
) -> None:
    big = b"x" * (files.TICKET_ATTACHMENT_LIMIT // 2 + 1)
    first = await client.post(
        "/tickets/6/notes", data={"body": "half"}, files=[("attachments[]", ("a.bin", big))]
    )
    assert first.status_code == 201
    second = await client.post(
        "/tickets/6/reply", data={"body": "more"}, files=[("attachments[]", ("b.bin", big))]
    )
    assert second.status_code == 400
    (error,) = second.json()["errors"]
    assert error["field"] == "attachments" and "40 MB" in error["message"]


async def test_generated_attachments_download_with_their_size_and_type(
    client: httpx.AsyncClient,
) -> None:
    found = await _generated(client)
    kinds = {a["content_type"] for a in found}
    assert {"text/plain", "image/png", "application/pdf"} <= kinds
    seen: set[str] = set()
    for attachment in found:
        if attachment["content_type"] in seen:
            continue
        seen.add(str(attachment["content_type"]))
        answer = await client.get(f"/attachments/{attachment['id']}")
        assert answer.status_code == 200
        assert len(answer.content) == attachment["size"]
        signature = {
            "image/png": b"\x89PNG",
            "application/pdf": b"%PDF",
            "image/jpeg": b"\xff\xd8",
        }.get(str(attachment["content_type"]))
        if signature:
            assert answer.content.startswith(signature)
        again = await client.get(f"/attachments/{attachment['id']}")
        assert again.content == answer.content  # deterministic


async def test_unknown_attachment_is_404(client: httpx.AsyncClient, app: Starlette) -> None:
    assert (await client.get("/attachments/12345")).status_code == 404


async def test_each_custom_field_type_can_be_edited_and_is_checked(
    client: httpx.AsyncClient,
) -> None:
    values = {
        "affected_service": "VPN",
        "vip_request": True,
        "asset_tag": "LT-0042",
        "steps_to_reproduce": "1. Open the lid\n2. Nothing",
        "affected_users": 12,
        "estimated_cost": 99.5,
        "needed_by": "2025-03-20",
    }
    for name, value in values.items():
        answer = await client.put("/tickets/9", json={"custom_fields": {name: value}})
        assert answer.status_code == 200, (name, answer.text)
        assert answer.json()["ticket"]["custom_fields"][name] == value
    cleared = await client.put("/tickets/9", json={"custom_fields": {"needed_by": None}})
    assert cleared.json()["ticket"]["custom_fields"]["needed_by"] is None
    wrong = await client.put("/tickets/9", json={"custom_fields": {"estimated_cost": "cheap"}})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "estimated_cost"


async def test_the_dependent_dropdown_follows_its_tree(client: httpx.AsyncClient) -> None:
    fields = (await client.get("/ticket_form_fields")).json()["ticket_fields"]
    office = next(f for f in fields if f["name"] == "office")
    assert office["field_type"] == "nested_field"
    assert [n["name"] for n in office["nested_fields"]] == ["building", "floor"]
    good = {"office": "London", "building": "Canary Wharf", "floor": "3"}
    answer = await client.put("/tickets/9", json={"custom_fields": good})
    assert answer.status_code == 200, answer.text
    assert {k: answer.json()["ticket"]["custom_fields"][k] for k in good} == good
    wrong = {"office": "London", "building": "Hudson Yards"}
    refused = await client.put("/tickets/9", json={"custom_fields": wrong})
    assert [e["field"] for e in refused.json()["errors"]] == ["building"]
