"""Run by test_api_budget_two_processes: one fstui process hammering a shared budget.

Usage: budget_worker.py BUDGET_DIR WINDOW LIMIT COUNT TIMESTAMP_FILE NAME START_AT

START_AT (wall-clock seconds) lines both workers up, so they really compete.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

import httpx

from fstui.api import DiskBudgetStore, FreshserviceClient, RateLimiter


async def main() -> None:
    budget_dir, window, limit, count, out, name, start_at = sys.argv[1:8]
    limiter = RateLimiter(
        "unlimited",
        limits={"account": int(limit)},
        window=float(window),
        store=DiskBudgetStore(budget_dir),
        safety_margin=0,
    )

    def handler(request: httpx.Request) -> httpx.Response:
        line = f"{time.time():.6f} {name}\n".encode()
        fd = os.open(out, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        return httpx.Response(200, json={"ticket": {"id": 1}})

    async with FreshserviceClient(
        "acme", "worker-key", transport=httpx.MockTransport(handler), limiter=limiter
    ) as client:
        await asyncio.sleep(max(0.0, float(start_at) - time.time()))
        for _ in range(int(count)):
            await client.get_ticket(1)


if __name__ == "__main__":
    asyncio.run(main())
