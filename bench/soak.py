"""Soak: the app on the in-process sandbox, auto-refreshing every 5 s, for `minutes`.

Reports resident memory and open file handles at the start (after the first load) and at the
end; a leak in the refresh path (workers, cache handles, sockets) shows up as growth.
`python -m bench.soak 30` runs the 30-minute soak the README quotes.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REFRESH_SECONDS = 5.0


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as stream:
        pages = int(stream.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


async def _soak(minutes: float) -> dict[str, Any]:
    from fstui.screenshots import FIXED_NOW, wait_for_queue
    from fstui.session import Session, open_demo_session
    from fstui.ui.app import FstuiApp

    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp)

        async def launch() -> Session:
            return await open_demo_session(
                tickets=2000, now=FIXED_NOW, cache_dir=cache_dir, refresh_interval=REFRESH_SECONDS
            )

        app = FstuiApp(launcher=launch, config_path=cache_dir / "config.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_queue(pilot)
            await pilot.pause(1.0)
            start_rss, start_files = rss_mb(), open_files()
            started = time.monotonic()
            deadline = started + minutes * 60
            while time.monotonic() < deadline:
                await pilot.pause(min(10.0, max(0.0, deadline - time.monotonic())))
            await pilot.pause(1.0)
            end_rss, end_files = rss_mb(), open_files()
            syncs = app.session.store.stats() if app.session is not None else None
    return {
        "minutes": minutes,
        "refresh_seconds": REFRESH_SECONDS,
        "refreshes": int(minutes * 60 / REFRESH_SECONDS),
        "rss_start_mb": round(start_rss, 1),
        "rss_end_mb": round(end_rss, 1),
        "open_files_start": start_files,
        "open_files_end": end_files,
        "store_stats": repr(syncs),
    }


def run(minutes: float) -> dict[str, Any]:
    """Run the soak and print its figures; the dict is what bench/RESULTS.md shows."""
    figures = asyncio.run(_soak(minutes))
    print(
        f"soak {figures['minutes']} min, refresh every {REFRESH_SECONDS:.0f} s: "
        f"RSS {figures['rss_start_mb']} -> {figures['rss_end_mb']} MB, "
        f"open files {figures['open_files_start']} -> {figures['open_files_end']}"
    )
    return figures


if __name__ == "__main__":
    run(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0)
