"""Debug traces carry what is needed and never the key; the api package stays Textual-free."""

from __future__ import annotations

import httpx
import pytest

from fstui.api import RequestTimeout

from .harness import API_KEY, json_response, make_client


async def test_trace_has_one_line_each_way_with_rate_headers_and_no_key() -> None:
    lines: list[str] = []
    headers = {
        "x-ratelimit-total": "140",
        "x-ratelimit-remaining": "139",
        "x-ratelimit-used-currentrequest": "1",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return json_response({"ticket": {"id": 1, "subject": API_KEY}}, headers=headers)

    client, _ = make_client(handler, trace=lines.append)
    async with client:
        await client.get_ticket(1)
    assert len(lines) == 2
    out, back = lines
    assert out.startswith("-> GET https://acme.freshservice.com/api/v2/tickets/1")
    assert "auth=Basic [REDACTED]" in out
    assert back.startswith("<- 200 GET https://acme.freshservice.com/api/v2/tickets/1")
    assert "total=140" in back and "remaining=139" in back and "used=1" in back
    assert "ms" in back
    assert all(API_KEY not in line for line in lines)


async def test_trace_redacts_key_even_if_it_shows_up_in_a_url() -> None:
    lines: list[str] = []
    client, _ = make_client(lambda r: json_response({"tickets": []}), trace=lines.append)
    async with client:
        await client.list_tickets(email=API_KEY).first_page()
    assert lines and all(API_KEY not in line for line in lines)
    assert "[REDACTED]" in lines[0]


async def test_trace_reports_transport_failures() -> None:
    lines: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    client, _ = make_client(handler, trace=lines.append)
    async with client:
        with pytest.raises(RequestTimeout):
            await client.get_ticket(1)
    assert any(line.startswith("<- ERR GET") and "ReadTimeout" in line for line in lines)
