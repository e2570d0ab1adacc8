"""Fields marked required_for_closure block resolving a ticket that lacks them."""

from __future__ import annotations

import httpx

from fstui.sandbox import SandboxConfig, create_app, sandbox_transport

AUTH = ("sandbox-demo-key", "X")


async def test_resolving_without_a_required_field_is_refused_and_with_it_allowed() -> None:
    app = create_app(SandboxConfig(tickets=120, plan="unlimited"))
    async with httpx.AsyncClient(
        transport=sandbox_transport(app), base_url="http://127.0.0.1/api/v2", auth=AUTH
    ) as http:
        fields = (await http.get("/ticket_form_fields")).json()["ticket_fields"]
        required = [f["name"] for f in fields if f["required_for_closure"]]
        assert required == ["affected_service"]
        query = '"status:2 OR status:3"'
        tickets = (await http.get("/tickets/filter", params={"query": query})).json()["tickets"]
        bare = next(t for t in tickets if not t["custom_fields"].get("affected_service"))
        refused = await http.put(f"/tickets/{bare['id']}", json={"status": 4})
        assert refused.status_code == 400
        error = refused.json()["errors"][0]
        assert error["field"] == "affected_service" and error["code"] == "missing_field"
        assert (await http.get(f"/tickets/{bare['id']}")).json()["ticket"]["status"] == bare[
            "status"
        ]
        fixed = await http.put(
            f"/tickets/{bare['id']}",
            json={"status": 4, "custom_fields": {"affected_service": "Email"}},
        )
        assert fixed.status_code == 200 and fixed.json()["ticket"]["status"] == 4
