"""One agent's process in the shared-budget run: fstui's store and client, no screen.

`python -m bench.budget_worker URL CACHE_DIR BUDGET_DIR SECONDS INDEX` plays the triage script
again and again (as fast as the shared budget allows) until SECONDS have passed, then prints one
JSON line: steps done by kind and any write the outbox held back.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bench.fstui_driver import FstuiDriver
from bench.rig import open_rig
from bench.triage import Progress, run_triage

PLAN = "starter"


async def work(
    url: str, cache_dir: Path, budget_dir: Path, seconds: float, index: int
) -> dict[str, Any]:
    rig = await open_rig(cache_dir=cache_dir, plan=PLAN, base_url=url, budget_dir=budget_dir)
    driver = FstuiDriver(rig, strict=False)
    progress = Progress()
    errors: list[str] = []

    async def no_pause(seconds: float) -> None:
        await asyncio.sleep(0)

    async def loop() -> None:
        rounds = 0
        while True:
            try:
                await run_triage(driver, no_pause, progress, offset=index * 7 + rounds * 3)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                await asyncio.sleep(1.0)
            rounds += 1

    try:
        await asyncio.wait_for(loop(), timeout=seconds)
    except TimeoutError:
        pass
    finally:
        await rig.aclose()
    return {
        "index": index,
        "steps": progress.steps,
        "by_kind": progress.by_kind,
        "held": len(driver.held),
        "errors": errors[:5],
        "error_count": len(errors),
    }


def main(argv: list[str]) -> None:
    url, cache_dir, budget_dir, seconds, index = argv
    result = asyncio.run(work(url, Path(cache_dir), Path(budget_dir), float(seconds), int(index)))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
