"""One fstui-like process hammering the sandbox through a budget shared on disk.

Run as: python store_budget_worker.py <base_url> <api_key> <budget_dir> <seconds> <limit> <window>
Prints {"ok": successful calls, "throttled": 429 answers seen} as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx

from fstui.api import FreshserviceClient, FreshserviceError
from fstui.api.ratelimit import DiskBudgetStore, Priority, RateLimiter


class StatusCounter(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.throttled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if response.status_code == 429:
            self.throttled += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def main(
    base_url: str, key: str, budget: str, seconds: float, limit: int, window: float
) -> None:
    limiter = RateLimiter(
        "enterprise", store=DiskBudgetStore(budget), window=window, limits={"account": limit}
    )
    transport = StatusCounter()
    ok = 0
    deadline = time.monotonic() + seconds
    async with FreshserviceClient(base_url, key, transport=transport, limiter=limiter) as client:
        while time.monotonic() < deadline:
            try:
                await client.list_groups(priority=Priority.BACKGROUND).first_page()
                ok += 1
            except FreshserviceError:
                pass
    print(json.dumps({"ok": ok, "throttled": transport.throttled}))


if __name__ == "__main__":
    url, api_key, budget_dir, secs, lim, win = sys.argv[1:7]
    asyncio.run(main(url, api_key, budget_dir, float(secs), int(lim), float(win)))
