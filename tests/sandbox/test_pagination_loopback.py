"""A plain HTTP client pages through every list endpoint over a real loopback socket."""

from __future__ import annotations

import httpx

from fstui.sandbox.server import serve_in_thread

from .harness import KEY, make_app


def _collect(client: httpx.Client, url: str, key: str) -> list[int]:
    """Follow Link rel="next" until it is absent; return every item's id."""
    seen: list[int] = []
    pages = 0
    next_url: str | None = url
    while next_url is not None:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        items = response.json()[key]
        assert items, f"empty page at {next_url}"
        seen.extend(item.get("id", item.get("display_id")) for item in items)
        link = response.links.get("next")
        next_url = link["url"] if link else None
        if next_url is not None:
            assert next_url.startswith(str(client.base_url).rstrip("/"))
        pages += 1
        assert pages < 500
    return seen


def test_every_list_endpoint_pages_each_item_exactly_once() -> None:
    app = make_app(tickets=300)
    db = app.state.sandbox.db
    ticket = next(
        t for t in db.tickets if len(db.thread(t).conversations) > 12 and db.thread(t).tasks
    )
    asset = next(a for a in db.assets if db.asset_tickets(a))
    with (
        serve_in_thread(app) as base,
        httpx.Client(base_url=f"{base}/api/v2", auth=(KEY, "X"), timeout=10) as client,
    ):
        lists = {
            "/tickets?per_page=7&updated_since=2000-01-01": ("tickets", None),
            "/tickets?per_page=13": ("tickets", None),
            f"/tickets/{ticket}/conversations?per_page=5": ("conversations", None),
            f"/tickets/{ticket}/tasks?per_page=1": ("tasks", None),
            "/agents?per_page=9": ("agents", 40),
            "/requesters?per_page=100": ("requesters", None),
            "/groups?per_page=3": ("groups", 8),
            "/departments?per_page=4": ("departments", None),
            "/locations?per_page=4": ("locations", None),
            "/assets?per_page=50": ("assets", None),
            "/assets?per_page=20&filter=\"asset_state:'In Use'\"": ("assets", None),
            f"/assets/{asset}/requests?per_page=1": ("requests", None),
            "/asset_types?per_page=5": ("asset_types", None),
            "/canned_responses?per_page=5": ("canned_responses", 12),
        }
        for url, (key, expected) in lists.items():
            seen = _collect(client, url, key)
            assert len(seen) == len(set(seen)), f"{url} repeated items"
            if expected is not None:
                assert len(seen) == expected, url
        every_ticket = _collect(client, "/tickets?per_page=100&updated_since=2000-01-01", "tickets")
        visible = [
            t
            for t, row in db.tickets.items()
            if not row["deleted"] and not row["spam"] and row["workspace_id"] == 2
        ]
        assert sorted(every_ticket) == sorted(visible)
        assert len(_collect(client, "/requesters?per_page=100", "requesters")) == len(db.requesters)
        assert len(_collect(client, "/assets?per_page=100", "assets")) == len(
            [a for a in db.assets.values() if not a["deleted"]]
        )


def test_last_page_has_no_link_and_link_keeps_other_parameters() -> None:
    app = make_app(tickets=50)
    with serve_in_thread(app) as base, httpx.Client(auth=(KEY, "X")) as client:
        first = client.get(f"{base}/api/v2/agents?per_page=30")
        assert first.links["next"]["url"] == f"{base}/api/v2/agents?per_page=30&page=2"
        last = client.get(first.links["next"]["url"])
        assert len(last.json()["agents"]) == 10
        assert "link" not in last.headers
