"""GET /tickets/filter and /assets?filter=: the query language evaluated over the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from starlette.applications import Starlette

Row = dict[str, Any]


def _visible(app: Starlette) -> list[Row]:
    """What /tickets/filter searches without workspace_id: the primary workspace's tickets
    (reference line 1034)."""
    rows = app.state.sandbox.db.tickets.values()
    return [r for r in rows if not r["deleted"] and not r["spam"] and r["workspace_id"] == 2]


async def _all_ids(client: httpx.AsyncClient, query: str) -> tuple[list[int], int]:
    ids: list[int] = []
    page = 1
    while True:
        response = await client.get("/tickets/filter", params={"query": query, "page": page})
        assert response.status_code == 200, response.text
        assert "link" not in response.headers
        body = response.json()
        assert len(body["tickets"]) <= 30
        if not body["tickets"]:
            return ids, body["total"]
        ids.extend(t["id"] for t in body["tickets"])
        page += 1


async def _check(
    client: httpx.AsyncClient, app: Starlette, query: str, predicate: Callable[[Row], bool]
) -> int:
    expected = sorted(r["id"] for r in _visible(app) if predicate(r))
    got, total = await _all_ids(client, f'"{query}"')
    assert sorted(got) == expected, query
    assert total == len(expected)
    return len(expected)


async def test_and_or_parentheses_and_ranges(client: httpx.AsyncClient, app: Starlette) -> None:
    count = await _check(
        client, app, "priority:>3 AND (status:2 OR status:3)",
        lambda r: r["priority"] >= 3 and r["status"] in (2, 3),
    )  # fmt: skip
    assert count > 0
    assert await _check(client, app, "priority:<2 OR urgency:3",
                        lambda r: r["priority"] <= 2 or r["urgency"] == 3) > 30  # fmt: skip


async def test_dates_null_tags_and_custom_fields(client: httpx.AsyncClient, app: Starlette) -> None:
    assert await _check(
        client, app, "created_at:>'2025-02-20' AND created_at:<'2025-02-25'",
        lambda r: "2025-02-20" <= r["created_at"][:10] <= "2025-02-25",
    )  # fmt: skip
    assert await _check(client, app, "agent_id:null", lambda r: r["responder_id"] is None)
    assert await _check(client, app, "tag:'vpn'", lambda r: "vpn" in r["tags"])
    assert await _check(
        client, app, "affected_service:'VPN' OR vip_request:true",
        lambda r: r["custom_fields"]["affected_service"] == "VPN"
        or r["custom_fields"]["vip_request"] is True,
    )  # fmt: skip


async def test_requester_email_and_group(client: httpx.AsyncClient, app: Starlette) -> None:
    db = app.state.sandbox.db
    row = _visible(app)[0]
    email = db.user(row["requester_id"])["primary_email"]
    assert await _check(client, app, f"email:'{email}'",
                        lambda r: r["requester_id"] == row["requester_id"])  # fmt: skip
    group = row["group_id"] or db.groups[0]["id"]
    await _check(client, app, f"group_id:{group} AND status:5",
                 lambda r: r["group_id"] == group and r["status"] == 5)  # fmt: skip


async def test_query_rules_answer_400_with_the_field_error(client: httpx.AsyncClient) -> None:
    cases = {
        "priority:3": "double quotes",  # not wrapped in quotes
        '"priority:"': None,
        '"(priority:3"': None,
        '"priority:3 AND"': None,
        "\"priority:'high'\"": None,
        '"' + " OR ".join(["priority:1"] * 60) + '"': "512",
    }
    for query, words in cases.items():
        response = await client.get("/tickets/filter", params={"query": query})
        assert response.status_code == 400, query
        body = response.json()
        assert body["description"] == "Validation failed"
        error = body["errors"][0]
        assert error["field"] == "query"
        assert error["code"] in ("invalid_value", "invalid_field", "datatype_mismatch")
        if words:
            assert words in error["message"]


async def test_missing_query_is_a_missing_field(client: httpx.AsyncClient) -> None:
    response = await client.get("/tickets/filter")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "missing_field"


async def test_asset_filter_and_search(client: httpx.AsyncClient, app: Starlette) -> None:
    db = app.state.sandbox.db
    in_use = [
        a for a in db.assets.values()
        if not a["deleted"] and "In Use" in a["type_fields"].values()
    ]  # fmt: skip
    seen: list[int] = []
    url: str | None = "/assets?filter=\"asset_state:'In Use'\"&per_page=100"
    while url:
        response = await client.get(url)
        assert response.status_code == 200, response.text
        seen.extend(a["display_id"] for a in response.json()["assets"])
        url = response.links.get("next", {}).get("url")
    assert sorted(seen) == sorted(a["display_id"] for a in in_use)
    dell = await client.get("/assets", params={"search": "\"name:'dell'\"", "per_page": 100})
    names = [a["name"] for a in dell.json()["assets"]]
    assert names and all("dell" in n.lower() for n in names)
    broken = await client.get("/assets", params={"filter": '"asset_state:"'})
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["field"] == "filter"
