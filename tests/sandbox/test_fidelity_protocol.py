"""Issue #21 items 2 and 7: include credits and the protocol details of every answer.

Each test replays, as plain HTTP, a request a published client sent to `fstui sandbox` and
got a wrong answer to. Line numbers are of ../shared/reference/freshservice-api-v2.txt;
the recorded headers are samples/recorded/GET_tickets_page1.meta.json (api-facts.md #1-2).
"""

from __future__ import annotations

import argparse
import re

import pytest

from fstui.sandbox.cli import config_from, configure_parser

from .harness import client_for, make_app


async def test_each_include_costs_one_credit_on_a_show_and_two_on_a_list() -> None:
    """Lines 220, 891, 1242: per embedded resource, +1 on a show and +2 on a list."""
    app = make_app(plan="pro")
    async with client_for(app) as client:
        show = await client.get("/tickets/5", params={"include": "requester,stats"})
        listing = await client.get("/tickets", params={"include": "requester,stats"})
        one = await client.get("/tickets", params={"include": "stats"})
        after = await client.get("/tickets/5")
    assert show.status_code == listing.status_code == 200
    assert show.headers["X-Ratelimit-Used-CurrentRequest"] == "3"
    assert listing.headers["X-Ratelimit-Used-CurrentRequest"] == "5"
    assert one.headers["X-Ratelimit-Used-CurrentRequest"] == "3"
    # The view-ticket bucket (140 on pro) paid 3 then 1: 136 left.
    assert after.headers["X-Ratelimit-Remaining"] == "136"


async def test_a_percent_encoded_include_list_is_charged_per_resource() -> None:
    app = make_app(plan="pro")
    async with client_for(app) as client:
        answer = await client.get("/tickets/5?include=requester%2Cstats%2Ctags")
    assert answer.status_code == 200
    assert answer.headers["X-Ratelimit-Used-CurrentRequest"] == "4"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/tickets", "GET, POST"),  # line 301's own example
        ("PATCH", "/tickets/5", "GET, PUT, DELETE"),
        ("DELETE", "/tickets/5/conversations", "GET"),
        ("GET", "/tickets/5/reply", "POST"),
    ],
)
async def test_405_names_every_method_the_path_allows(method: str, path: str, allow: str) -> None:
    """Line 301: "/api/v2/tickets allows only GET and POST requests"."""
    async with client_for(make_app()) as client:
        answer = await client.request(method, path)
    assert answer.status_code == 405
    assert answer.headers["Allow"] == allow
    assert answer.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("accept", ["application/xml", "text/html", "application/json;q=0"])
async def test_an_accept_header_without_json_gets_406(accept: str) -> None:
    """Line 302: "406 Unsupported Accept Header. Only application/json and */* are supported"."""
    async with client_for(make_app()) as client:
        answer = await client.get("/tickets", headers={"Accept": accept})
    assert answer.status_code == 406
    assert answer.json()["code"] == "invalid_accept_header"


@pytest.mark.parametrize("accept", ["application/json", "*/*", "application/xml, */*;q=0.1"])
async def test_json_or_anything_is_acceptable(accept: str) -> None:
    async with client_for(make_app()) as client:
        answer = await client.get("/tickets", headers={"Accept": accept})
    assert answer.status_code == 200


async def test_answers_carry_the_recorded_headers() -> None:
    """Line 69 and every recording: `application/json; charset=utf-8`, plus x-request-id,
    x-trace-id and x-fw-ratelimiting-managed (api-facts.md #1, #2)."""
    async with client_for(make_app()) as client:
        answers = [
            await client.get("/tickets"),
            await client.get("/tickets/999999"),  # a 404 too
            await client.post("/tickets", json={}),  # and a 400
        ]
        wrong_key = await client.get("/tickets", auth=("nope", "X"))
    for answer in [*answers, wrong_key]:
        assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
        assert re.fullmatch(
            r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", answer.headers["X-Request-Id"]
        )
        assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-01", answer.headers["X-Trace-Id"])
        assert answer.headers["X-Fw-Ratelimiting-Managed"] == "true"
    ids = {answer.headers["X-Request-Id"] for answer in answers}
    assert len(ids) == len(answers), "every request has its own id"


async def test_denied_operations_answer_403_access_denied() -> None:
    """Lines 303 and 332: 403 access_denied, "Insufficient privileges to perform this action"."""
    app = make_app(plan="pro", denied=("DELETE /tickets/*", "GET /agents"))
    async with client_for(app) as client:
        delete = await client.delete("/tickets/5")
        agents = await client.get("/agents")
        agents_page_two = await client.get("/agents", params={"page": 2})
        allowed = await client.get("/tickets/5")
        deeper = await client.get("/tickets/5/conversations")  # `*` is one segment only
    assert delete.status_code == agents.status_code == agents_page_two.status_code == 403
    assert delete.json() == {
        "code": "access_denied",
        "message": "You are not authorized to perform this action.",
    }
    assert allowed.status_code == deeper.status_code == 200
    assert allowed.json()["ticket"]["deleted"] is False, "the refused delete did nothing"
    assert agents.headers["X-Ratelimit-Used-CurrentRequest"] == "1"  # still counted (line 65)


async def test_denied_list_can_change_while_the_app_runs() -> None:
    app = make_app()
    async with client_for(app) as client:
        assert (await client.get("/groups")).status_code == 200
        app.state.sandbox.config.denied = ("* /groups",)
        assert (await client.get("/groups")).status_code == 403


def test_the_cli_passes_deny_to_the_sandbox() -> None:
    parser = argparse.ArgumentParser()
    configure_parser(parser)
    ns = parser.parse_args(["--deny", "DELETE /tickets/*", "--deny", "GET /agents"])
    assert config_from(ns).denied == ("DELETE /tickets/*", "GET /agents")
