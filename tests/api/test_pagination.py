"""Paging: Link rel=next for lists, short/empty page + total for filters, never past page 500."""

from __future__ import annotations

import httpx

from fstui.api import MalformedResponse

from .harness import json_response, make_client


def _link_pages(total_pages: int, per_page: int = 2) -> object:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        items = [{"id": page * 100 + i} for i in range(per_page)]
        headers = {}
        if page < total_pages:
            headers["link"] = (
                f"<https://acme.freshservice.com/api/v2/tickets?per_page={per_page}"
                f'&page={page + 1}>; rel="next"'
            )
        return json_response({"tickets": items}, headers=headers)

    return handler


async def test_items_follow_link_until_absent() -> None:
    client, recorder = make_client(_link_pages(3))  # type: ignore[arg-type]
    async with client:
        ids = [t.id async for t in client.list_tickets(per_page=2)]
    assert ids == [100, 101, 200, 201, 300, 301]
    assert [r.url.params.get("page") for r in recorder.requests] == [None, "2", "3"]


async def test_pages_yield_one_list_per_http_page_lazily() -> None:
    client, recorder = make_client(_link_pages(50))  # type: ignore[arg-type]
    async with client:
        first = await client.list_tickets(per_page=2).first_page()
    assert [t.id for t in first] == [100, 101]
    assert len(recorder.requests) == 1  # the UI gets page one without fetching the rest


async def test_collect_with_limit_stops_fetching() -> None:
    client, recorder = make_client(_link_pages(50))  # type: ignore[arg-type]
    async with client:
        got = await client.list_tickets(per_page=2).collect(limit=3)
    assert [t.id for t in got] == [100, 101, 200]
    assert len(recorder.requests) == 2


async def test_link_pagination_stops_at_page_500() -> None:
    client, recorder = make_client(_link_pages(10_000, per_page=1))  # type: ignore[arg-type]
    async with client:
        pages = [p async for p in client.list_tickets(per_page=1).pages()]
    assert len(pages) == 500
    assert recorder.last.url.params["page"] == "500"


async def test_link_to_another_host_is_not_followed_with_credentials() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return json_response(
            {"tickets": [{"id": 1}]},
            headers={"link": '<https://evil.example/api/v2/tickets?page=2>; rel="next"'},
        )

    client, recorder = make_client(handler)
    async with client:
        pager = client.list_tickets()
        got = []
        try:
            async for page in pager.pages():
                got.append(page)
        except MalformedResponse as exc:
            assert "evil.example" in str(exc)
        else:
            raise AssertionError("followed a foreign Link")
    assert len(recorder.requests) == 1


def _filter_handler(total: int, page_size: int = 30) -> object:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        start = (page - 1) * page_size
        items = [{"id": i} for i in range(start, min(total, start + page_size))]
        return json_response({"tickets": items, "total": total})

    return handler


async def test_filter_pages_until_short_page_and_reports_total() -> None:
    client, recorder = make_client(_filter_handler(65))  # type: ignore[arg-type]
    async with client:
        pager = client.filter_tickets("status:2")
        assert pager.total is None
        pages = []
        async for page in pager.pages():
            pages.append(page)
            assert pager.total == 65
    assert [len(p) for p in pages] == [30, 30, 5]
    assert [r.url.params["page"] for r in recorder.requests] == ["1", "2", "3"]


async def test_filter_stops_on_empty_page_when_total_is_a_multiple_of_30() -> None:
    client, recorder = make_client(_filter_handler(60))  # type: ignore[arg-type]
    async with client:
        items = await client.filter_tickets("status:2").collect()
    assert len(items) == 60
    # total says 60 after two full pages: no need for an empty third page
    assert len(recorder.requests) == 2


async def test_filter_without_total_stops_on_empty_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        return json_response({"tickets": [{"id": i} for i in range(30)] if page <= 2 else []})

    client, recorder = make_client(handler)
    async with client:
        pager = client.filter_tickets("status:2")
        items = await pager.collect()
    assert len(items) == 60 and pager.total is None
    assert len(recorder.requests) == 3


async def test_filter_zero_matches() -> None:
    client, _ = make_client(_filter_handler(0))  # type: ignore[arg-type]
    async with client:
        pager = client.filter_tickets("status:99")
        assert await pager.first_page() == []
    assert pager.total == 0


async def test_asset_search_is_a_filter_pager_capped_at_40_pages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return json_response({"assets": [{"display_id": i} for i in range(30)]})

    client, recorder = make_client(handler)
    async with client:
        items = await client.list_assets(search="name:'dell'").collect()
    assert len(items) == 40 * 30
    assert recorder.last.url.params["page"] == "40"
    assert "per_page" not in recorder.last.url.params
