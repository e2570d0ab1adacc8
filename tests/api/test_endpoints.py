"""Each client method hits the reference's path with the reference's params and payload."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from fstui.api import FreshserviceClient, Priority

from .harness import API_KEY, json_response, make_client

# One body that satisfies every endpoint: each method picks the key it needs.
_ITEM = {"id": 7, "display_id": 7, "field_header": "General", "fields": []}
_UNIVERSAL = (
    {
        key: _ITEM
        for key in ("ticket", "conversation", "time_entry", "task", "agent", "requester", "asset")
    }
    | {
        key: [_ITEM]
        for key in (
            "tickets",
            "activities",
            "conversations",
            "time_entries",
            "tasks",
            "ticket_fields",
            "agents",
            "groups",
            "requesters",
            "departments",
            "locations",
            "canned_response_folders",
            "canned_responses",
            "assets",
            "requests",
            "asset_types",
            "asset_type_fields",
        )
    }
    | {"asset_type": _ITEM}
)


def _universal(request: httpx.Request) -> httpx.Response:
    if request.method == "DELETE":
        return httpx.Response(204)
    if request.url.path.endswith("/restore"):
        return httpx.Response(204)
    body = dict(_UNIVERSAL)
    if request.url.path.startswith("/api/v2/canned_responses/"):
        body = {"canned_responses": _ITEM}  # the reference's plural key for one object
    return json_response(body)


def _query(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}


Call = Callable[[FreshserviceClient], Awaitable[Any]]


async def _first(pager: Any) -> Any:
    return await pager.first_page()


CASES: list[tuple[str, Call, str, str, dict[str, str], Any]] = [
    (
        "list_tickets",
        lambda c: _first(c.list_tickets()),
        "GET",
        "/tickets",
        {"per_page": "100"},
        None,
    ),
    (
        "list_tickets filters",
        lambda c: _first(
            c.list_tickets(
                filter="watching",
                requester_id=5,
                email="bat+man@gmail.com",
                updated_since=datetime(2024, 1, 2, 5, 30, tzinfo=timezone(timedelta(hours=5))),
                type="Incident",
                order_type="asc",
                include=["stats", "requester"],
                workspace_id=0,
                per_page=500,
            )
        ),
        "GET",
        "/tickets",
        {
            "filter": "watching",
            "requester_id": "5",
            "email": "bat+man@gmail.com",
            "updated_since": "2024-01-02T00:30:00Z",
            "type": "Incident",
            "order_type": "asc",
            "include": "stats,requester",
            "workspace_id": "0",
            "per_page": "100",
        },
        None,
    ),
    (
        "filter_tickets",
        lambda c: _first(c.filter_tickets("priority:3 AND status:2", workspace_id=2)),
        "GET",
        "/tickets/filter",
        {"query": '"priority:3 AND status:2"', "workspace_id": "2", "page": "1"},
        None,
    ),
    (
        "get_ticket",
        lambda c: c.get_ticket(20, include=["conversations"]),
        "GET",
        "/tickets/20",
        {"include": "conversations"},
        None,
    ),
    (
        "update_ticket",
        lambda c: c.update_ticket(1, {"priority": 3}),
        "PUT",
        "/tickets/1",
        {},
        {"priority": 3},
    ),
    ("delete_ticket", lambda c: c.delete_ticket(1), "DELETE", "/tickets/1", {}, None),
    ("restore_ticket", lambda c: c.restore_ticket(1), "PUT", "/tickets/1/restore", {}, None),
    (
        "activities",
        lambda c: c.list_ticket_activities(152),
        "GET",
        "/tickets/152/activities",
        {},
        None,
    ),
    (
        "list_conversations",
        lambda c: _first(c.list_conversations(20)),
        "GET",
        "/tickets/20/conversations",
        {"per_page": "100"},
        None,
    ),
    (
        "reply",
        lambda c: c.reply(141, "<p>On it</p>", cc_emails=["a@x.com"], bcc_emails=["b@x.com"]),
        "POST",
        "/tickets/141/reply",
        {},
        {"body": "<p>On it</p>", "cc_emails": ["a@x.com"], "bcc_emails": ["b@x.com"]},
    ),
    (
        "add_note",
        lambda c: c.add_note(265, "hi"),
        "POST",
        "/tickets/265/notes",
        {},
        {"body": "hi", "private": True},
    ),
    (
        "add_note public",
        lambda c: c.add_note(265, "hi", private=False, notify_emails=["n@x.com"]),
        "POST",
        "/tickets/265/notes",
        {},
        {"body": "hi", "private": False, "notify_emails": ["n@x.com"]},
    ),
    (
        "update_conversation",
        lambda c: c.update_conversation(5, "new"),
        "PUT",
        "/conversations/5",
        {},
        {"body": "new"},
    ),
    (
        "delete_conversation",
        lambda c: c.delete_conversation(5),
        "DELETE",
        "/conversations/5",
        {},
        None,
    ),
    (
        "list_time_entries",
        lambda c: _first(c.list_time_entries(1)),
        "GET",
        "/tickets/1/time_entries",
        {"per_page": "100"},
        None,
    ),
    (
        "create_time_entry",
        lambda c: c.create_time_entry(1, {"note": "n", "time_spent": "03:00", "agent_id": 1}),
        "POST",
        "/tickets/1/time_entries",
        {},
        {"time_entry": {"note": "n", "time_spent": "03:00", "agent_id": 1}},
    ),
    (
        "update_time_entry",
        lambda c: c.update_time_entry(1, 20, {"note": "x"}),
        "PUT",
        "/tickets/1/time_entries/20",
        {},
        {"time_entry": {"note": "x"}},
    ),
    (
        "start_timer",
        lambda c: c.start_timer(1, 20),
        "PUT",
        "/tickets/1/time_entries/20",
        {},
        {"time_entry": {"timer_running": True}},
    ),
    (
        "stop_timer",
        lambda c: c.stop_timer(1, 20),
        "PUT",
        "/tickets/1/time_entries/20",
        {},
        {"time_entry": {"timer_running": False}},
    ),
    (
        "delete_time_entry",
        lambda c: c.delete_time_entry(1, 20),
        "DELETE",
        "/tickets/1/time_entries/20",
        {},
        None,
    ),
    (
        "list_tasks",
        lambda c: _first(c.list_tasks(1)),
        "GET",
        "/tickets/1/tasks",
        {"per_page": "100"},
        None,
    ),
    (
        "create_task",
        lambda c: c.create_task(1, {"title": "t"}),
        "POST",
        "/tickets/1/tasks",
        {},
        {"title": "t"},
    ),
    (
        "update_task",
        lambda c: c.update_task(1, 2, {"status": 3}),
        "PUT",
        "/tickets/1/tasks/2",
        {},
        {"status": 3},
    ),
    ("delete_task", lambda c: c.delete_task(1, 2), "DELETE", "/tickets/1/tasks/2", {}, None),
    ("form fields", lambda c: c.list_ticket_form_fields(), "GET", "/ticket_form_fields", {}, None),
    (
        "list_agents",
        lambda c: _first(c.list_agents(email="a@x.com")),
        "GET",
        "/agents",
        {"email": "a@x.com", "per_page": "100"},
        None,
    ),
    ("get_agent", lambda c: c.get_agent(1434), "GET", "/agents/1434", {}, None),
    ("list_groups", lambda c: _first(c.list_groups()), "GET", "/groups", {"per_page": "100"}, None),
    (
        "list_requesters",
        lambda c: _first(c.list_requesters(email="r@x.com")),
        "GET",
        "/requesters",
        {"email": "r@x.com", "per_page": "100"},
        None,
    ),
    ("get_requester", lambda c: c.get_requester(777), "GET", "/requesters/777", {}, None),
    (
        "list_departments",
        lambda c: _first(c.list_departments()),
        "GET",
        "/departments",
        {"per_page": "100"},
        None,
    ),
    (
        "list_locations",
        lambda c: _first(c.list_locations()),
        "GET",
        "/locations",
        {"per_page": "100"},
        None,
    ),
    (
        "canned folders",
        lambda c: c.list_canned_response_folders(),
        "GET",
        "/canned_response_folders",
        {},
        None,
    ),
    (
        "canned in folder",
        lambda c: c.list_canned_responses(122),
        "GET",
        "/canned_response_folders/122/canned_responses",
        {},
        None,
    ),
    ("get canned", lambda c: c.get_canned_response(122), "GET", "/canned_responses/122", {}, None),
    ("list_assets", lambda c: _first(c.list_assets()), "GET", "/assets", {"per_page": "100"}, None),
    (
        "list_assets sorted",
        lambda c: _first(
            c.list_assets(
                include_type_fields=True, order_by="updated_at", order_type="desc", trashed=True
            )
        ),
        "GET",
        "/assets",
        {
            "include": "type_fields",
            "order_by": "updated_at",
            "order_type": "desc",
            "trashed": "true",
            "per_page": "100",
        },
        None,
    ),
    (
        "list_assets filter",
        lambda c: _first(c.list_assets(filter="asset_state:'IN STOCK'", search="name:'dell'")),
        "GET",
        "/assets",
        {"filter": "\"asset_state:'IN STOCK'\"", "search": "\"name:'dell'\"", "page": "1"},
        None,
    ),
    (
        "get_asset",
        lambda c: c.get_asset(11, include_type_fields=True),
        "GET",
        "/assets/11",
        {"include": "type_fields"},
        None,
    ),
    (
        "asset requests",
        lambda c: c.list_asset_requests(1),
        "GET",
        "/assets/1/requests",
        {"per_page": "100"},
        None,
    ),
    (
        "update_asset",
        lambda c: c.update_asset(11, {"name": "Mac"}),
        "PUT",
        "/assets/11",
        {},
        {"name": "Mac"},
    ),
    ("delete_asset", lambda c: c.delete_asset(9), "DELETE", "/assets/9", {}, None),
    ("restore_asset", lambda c: c.restore_asset(9), "PUT", "/assets/9/restore", {}, None),
    (
        "list_asset_types",
        lambda c: _first(c.list_asset_types()),
        "GET",
        "/asset_types",
        {"per_page": "100"},
        None,
    ),
    ("get_asset_type", lambda c: c.get_asset_type(50), "GET", "/asset_types/50", {}, None),
    (
        "asset type fields",
        lambda c: c.list_asset_type_fields(636),
        "GET",
        "/asset_types/636/fields",
        {},
        None,
    ),
]


@pytest.mark.parametrize(
    ("call", "method", "path", "params", "payload"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_endpoint_request_shape(
    call: Call, method: str, path: str, params: dict[str, str], payload: Any
) -> None:
    client, recorder = make_client(_universal)
    async with client:
        await call(client)
    request = recorder.requests[0]
    assert request.method == method
    assert request.url.host == "acme.freshservice.com"
    assert request.url.path == "/api/v2" + path
    assert _query(request) == params
    if payload is None:
        assert not request.content
    else:
        assert json.loads(request.content) == payload
        assert request.headers["content-type"] == "application/json"


async def test_every_request_uses_basic_auth_with_key_and_x() -> None:
    client, recorder = make_client(_universal)
    async with client:
        await client.get_ticket(1)
        await client.add_note(1, "x")
    expected = "Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode()
    assert {r.headers["authorization"] for r in recorder.requests} == {expected}


async def test_filter_query_is_double_quoted_and_percent_encoded() -> None:
    client, recorder = make_client(lambda r: json_response({"tickets": [], "total": 0}))
    async with client:
        await client.filter_tickets("priority:4 OR priority:3").first_page()
    raw = recorder.last.url.raw_path.decode()
    assert "query=%22priority%3A4%20OR%20priority%3A3%22" in raw


async def test_already_quoted_filter_is_not_double_wrapped() -> None:
    client, recorder = make_client(lambda r: json_response({"tickets": [], "total": 0}))
    async with client:
        await client.filter_tickets('"status:2"').first_page()
    assert _query(recorder.last)["query"] == '"status:2"'


async def test_create_ticket_plain_int_priority_is_the_ticket_field() -> None:
    client, recorder = make_client(_universal)
    async with client:
        await client.create_ticket({"subject": "Printer", "email": "t@x.com"}, priority=4, status=2)
        await client.create_ticket(subject="VPN", priority=Priority.BACKGROUND)
    assert recorder.body(0) == {
        "subject": "Printer",
        "email": "t@x.com",
        "priority": 4,
        "status": 2,
    }
    assert recorder.body(1) == {"subject": "VPN"}


async def test_naive_updated_since_is_taken_as_utc() -> None:
    client, recorder = make_client(_universal)
    async with client:
        await client.list_tickets(updated_since=datetime(2015, 1, 19, 2, 0)).first_page()
    assert _query(recorder.last)["updated_since"] == "2015-01-19T02:00:00Z"


async def test_results_are_typed_models() -> None:
    client, _ = make_client(_universal)
    async with client:
        ticket = await client.get_ticket(7)
        canned = await client.get_canned_response(122)
        sections = await client.list_asset_type_fields(1)
    assert ticket.id == 7
    assert canned.id == 7
    assert sections[0].field_header == "General"
