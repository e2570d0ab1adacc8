"""Shared budget: 8 fstui processes, one account at the Starter plan, for 2 minutes.

The sandbox is served by uvicorn on 127.0.0.1 in a thread of this process, behind a credit
meter on wall time. Each worker has its own cache (as separate windows with separate profiles
would) but all share one `DiskBudgetStore` directory, which is how fstui processes of one user
share the account's budget. The caches start warm (one warm-up load copied to each), since an
agent's console normally opens on yesterday's cache; the warm-up spends from the same budget.

Figures: 429s (goal 0), credits per fixed 60 s window against the plan's 100 (goal: within),
and the least and most steps any worker completed (goal: every worker progresses).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.figures import Figure
from bench.fstui_driver import FstuiDriver
from bench.meter import CreditMeter
from bench.rig import open_rig
from fstui.sandbox import SandboxConfig, create_app
from fstui.sandbox.server import serve_in_thread

PLAN = "starter"
PLAN_LIMIT = 100
WORKERS = 8
SECONDS = 120.0
SANDBOX_TICKETS = 3000


async def _warm(url: str, cache_dir: Path, budget_dir: Path) -> None:
    rig = await open_rig(cache_dir=cache_dir, plan=PLAN, base_url=url, budget_dir=budget_dir)
    try:
        await FstuiDriver(rig).open_queue()
    finally:
        await rig.aclose()


def _spawn(
    url: str, cache: Path, budget: Path, seconds: float, index: int
) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "bench.budget_worker",
        url,
        str(cache),
        str(budget),
        str(seconds),
        str(index),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    workers = 2 if quick else WORKERS
    seconds = 8.0 if quick else SECONDS
    tickets = SANDBOX_TICKETS
    meter = CreditMeter(create_app(SandboxConfig(plan=PLAN, tickets=tickets)))
    results: list[dict[str, Any]] = []
    with (
        tempfile.TemporaryDirectory(prefix="fstui-bench-budget-") as tmp,
        serve_in_thread(
            meter  # type: ignore[arg-type]  # an ASGI app with the sandbox's .state
        ) as base,
    ):
        root = Path(tmp)
        url = f"{base}/api/v2"
        budget = root / "budget"
        template = root / "warm"
        asyncio.run(_warm(url, template, budget))
        caches = []
        for index in range(workers):
            cache = root / f"agent-{index}"
            shutil.copytree(template, cache)
            caches.append(cache)
        started = time.time()
        procs = [_spawn(url, cache, budget, seconds, i) for i, cache in enumerate(caches)]
        for proc in procs:
            out, err = proc.communicate(timeout=seconds + 120)
            lines = out.strip().splitlines()
            if proc.returncode != 0 or not lines:
                tail = (err.strip().splitlines() or ["no output"])[-1]
                results.append({"steps": 0, "error_count": 1, "errors": [tail]})
            else:
                results.append(json.loads(lines[-1]))
        ended = time.time()
    hits = [h for h in meter.hits if h.at >= started]
    run_meter = CreditMeter(meter.app, hits=hits)
    windows = run_meter.per_window(60.0)
    first, last = int(started // 60), int(ended // 60)
    full = [v for k, v in windows.items() if first < k < last] or list(windows.values())
    peak = max(windows.values()) if windows else 0
    minutes = (ended - started) / 60
    per_minute = run_meter.credits / max(minutes, 1.0)  # a shorter run is one window
    steps = [int(r.get("steps", 0)) for r in results]
    section = "5. Shared budget"
    figures = [
        Figure(
            section,
            f"429 responses ({workers} processes)",
            run_meter.throttled,
            0,
            "",
            "goal",
            "0",
            run_meter.throttled == 0,
        ),
        Figure(
            section,
            "peak credits in one 60 s window",
            peak,
            PLAN_LIMIT,
            "credits",
            "plan limit",
            f"<= {PLAN_LIMIT}",
            peak <= PLAN_LIMIT,
            note=f"full windows: {full}",
        ),
        Figure(
            section,
            "average credits per minute",
            round(per_minute, 1),
            PLAN_LIMIT,
            "credits/min",
            "plan limit",
            f"<= {PLAN_LIMIT}",
            per_minute <= PLAN_LIMIT,
        ),
        Figure(
            section,
            "min steps per process",
            min(steps),
            max(steps),
            "steps",
            "max steps",
            "min > 0",
            min(steps) > 0,
            note=f"steps per process: {steps}",
        ),
    ]
    details = {"workers": results, "windows": windows, "seconds": round(ended - started, 1)}
    return figures, details


if __name__ == "__main__":
    from bench.figures import format_table

    found, info = run(quick="--quick" in sys.argv)
    print(format_table(found))
    print(json.dumps(info, indent=1, default=str))
