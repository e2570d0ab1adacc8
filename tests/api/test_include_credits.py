"""The client's cost table charges what the reference says embeds cost, per embedded resource.

Reference (../shared/reference/freshservice-api-v2.txt): line 220 ("Embedding": "an additional
API call credit per embedded resource" on a single object, "two additional credits" on a
collection), line 891 ("View a Ticket": requester and company embedded, "a total of 3 API
credits"), line 1242 ("View List of Tickets": "Each include will consume an additional 2
credits"). The server's X-Ratelimit-Used-CurrentRequest stays the authority (line 72).
"""

from __future__ import annotations

import httpx
import pytest

from fstui.api import FreshserviceClient, ManualClock, Operation, RateLimiter
from fstui.api.ratelimit import credits_for
from fstui.sandbox import SandboxConfig, create_app, sandbox_transport

from .harness import SANDBOX_KEY, SANDBOX_URL


@pytest.mark.parametrize(
    ("method", "path", "include", "credits"),
    [
        ("GET", "/tickets/20", None, 1),
        ("GET", "/tickets/20", "requester", 2),
        ("GET", "/tickets/20", "requester,stats", 3),  # line 891: two embeds on a show
        ("GET", "/tickets/20", "conversations,requester,tags", 4),
        ("GET", "/tickets/20", "requester,requester", 2),  # one resource, named twice
        ("GET", "/tickets/20", " , ", 1),  # nothing embedded
        ("GET", "/api/v2/tickets", "stats", 3),  # line 1242's own example
        ("GET", "/api/v2/tickets", "requester,stats", 5),  # the figure for a list
        ("GET", "/assets", "type_fields", 3),
        ("GET", "/assets/11", "type_fields", 2),
        ("POST", "/tickets", "requester,stats", 1),  # writes embed nothing
    ],
)
def test_each_embedded_resource_costs_one_on_a_show_and_two_on_a_list(
    method: str, path: str, include: str | None, credits: int
) -> None:
    assert credits_for(method, path, include) == credits


async def test_the_limiter_reserves_the_per_include_cost() -> None:
    limiter = RateLimiter("starter", clock=ManualClock())
    show = await limiter.acquire_request("GET", "/tickets/7", include="requester,stats")
    listing = await limiter.acquire_request("GET", "/tickets", include="requester,stats")
    assert (show.operation, show.credits) == (Operation.VIEW_TICKET, 3)
    assert (listing.operation, listing.credits) == (Operation.LIST_TICKETS, 5)
    assert limiter.stats().used_in_window == 8


async def test_estimates_match_what_the_sandbox_charges() -> None:
    """Against the sandbox the estimate is exact: nothing needs correcting afterwards."""
    seen: list[int] = []

    class Spy(httpx.AsyncBaseTransport):
        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await self.inner.handle_async_request(request)
            seen.append(int(response.headers["x-ratelimit-used-currentrequest"]))
            return response

    app = create_app(SandboxConfig(plan="pro", tickets=60))
    limiter = RateLimiter("pro", clock=ManualClock())
    transport = Spy(sandbox_transport(app))
    async with FreshserviceClient(
        SANDBOX_URL, SANDBOX_KEY, transport=transport, limiter=limiter
    ) as fs:
        await fs.get_ticket(5, include=["conversations", "requester"])
        await fs.list_tickets(include=["stats", "requester"], per_page=10).first_page()
    assert seen == [3, 5]
    assert limiter.stats().credits_spent == 8


async def test_the_server_header_still_corrects_a_wrong_estimate() -> None:
    """An account that charges otherwise teaches the limiter the true cost of the call."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"ticket": {"id": 5}},
            headers={"X-Ratelimit-Used-CurrentRequest": "6", "X-Ratelimit-Total": "50"},
        )

    limiter = RateLimiter("starter", clock=ManualClock())
    async with FreshserviceClient(
        SANDBOX_URL, SANDBOX_KEY, transport=httpx.MockTransport(answer), limiter=limiter
    ) as fs:
        await fs.get_ticket(5, include=["requester", "stats"])
    stats = limiter.stats()
    assert stats.credits_spent == 6  # reserved 3, the server said 6
    assert stats.used_in_window == 6
