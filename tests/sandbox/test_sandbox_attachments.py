"""Some incoming emails carry files, shaped like the reference's attachment objects."""

from __future__ import annotations

import httpx

from fstui.sandbox import SandboxConfig, create_app, sandbox_transport


async def test_incoming_emails_carry_documented_attachments() -> None:
    app = create_app(SandboxConfig(tickets=120, plan="unlimited"))
    found: list[dict[str, object]] = []
    async with httpx.AsyncClient(
        transport=sandbox_transport(app),
        base_url="http://127.0.0.1/api/v2",
        auth=(app.state.sandbox.config.api_key, "X"),
    ) as http:
        for ticket_id in range(1, 60):
            answer = await http.get(f"/tickets/{ticket_id}/conversations")
            if answer.status_code != 200:
                continue
            for conversation in answer.json()["conversations"]:
                if conversation["attachments"]:
                    assert conversation["incoming"] is True
                    found.extend(conversation["attachments"])
    assert found, "about one incoming email in five has a file"
    keys = {"id", "content_type", "size", "name", "attachment_url", "created_at", "updated_at"}
    assert all(set(a) == keys and isinstance(a["size"], int) for a in found)
