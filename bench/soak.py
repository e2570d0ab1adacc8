"""Soak: the app on the in-process sandbox, auto-refreshing every 5 s, for `minutes`.

Reports resident memory and open file handles at the start (after the first load) and at the
end; a leak in the refresh path (workers, cache handles, sockets) shows up as growth.
`python -m bench --soak 30` runs the 30-minute soak and records it in bench/RESULTS.md under
"6. Soak"; `python -m bench.soak 30` only prints the figures.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.figures import Figure

REFRESH_SECONDS = 5.0
SECTION = "6. Soak"
RSS_GROWTH_ALLOWED = 1.10
"""End RSS may be at most 10 % above the start: allocator noise, not a leak."""
FILES_GROWTH_ALLOWED = 2
"""A couple of handles may come and go (a connection being replaced), a leak grows steadily."""


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

        syncs = 0

        async def launch() -> Session:
            session = await open_demo_session(
                tickets=2000, now=FIXED_NOW, cache_dir=cache_dir, refresh_interval=REFRESH_SECONDS
            )
            sync = session.store.sync

            async def counted(**kwargs: Any) -> Any:
                nonlocal syncs
                syncs += 1
                return await sync(**kwargs)

            session.store.sync = counted  # type: ignore[method-assign]
            return session

        app = FstuiApp(launcher=launch, config_path=cache_dir / "config.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_queue(pilot)
            await pilot.pause(1.0)
            start_rss, start_files, start_syncs = rss_mb(), open_files(), syncs
            started = time.monotonic()
            deadline = started + minutes * 60
            while time.monotonic() < deadline:
                await pilot.pause(min(10.0, max(0.0, deadline - time.monotonic())))
            await pilot.pause(1.0)
            end_rss, end_files = rss_mb(), open_files()
            stats = app.session.store.stats() if app.session is not None else None
    return {
        "minutes": minutes,
        "refresh_seconds": REFRESH_SECONDS,
        "refreshes": syncs - start_syncs,
        "rss_start_mb": round(start_rss, 1),
        "rss_end_mb": round(end_rss, 1),
        "open_files_start": start_files,
        "open_files_end": end_files,
        "store_stats": repr(stats),
    }


def run(minutes: float) -> dict[str, Any]:
    """Run the soak and print its figures; the dict is what bench/RESULTS.md shows."""
    figures = asyncio.run(_soak(minutes))
    print(
        f"soak {figures['minutes']} min, refresh every {REFRESH_SECONDS:.0f} s: "
        f"RSS {figures['rss_start_mb']} -> {figures['rss_end_mb']} MB, "
        f"open files {figures['open_files_start']} -> {figures['open_files_end']}, "
        f"{figures['refreshes']} refreshes"
    )
    return figures


def as_figures(result: dict[str, Any]) -> list[Figure]:
    """The soak's result as RESULTS.md rows: each end value against its start as baseline."""
    from bench.figures import Figure

    minutes = float(result["minutes"])
    rss_start, rss_end = float(result["rss_start_mb"]), float(result["rss_end_mb"])
    files_start, files_end = int(result["open_files_start"]), int(result["open_files_end"])
    expected = int(minutes * 60 / float(result.get("refresh_seconds") or REFRESH_SECONDS))
    return [
        Figure(SECTION, "duration", minutes, None, "min", "", note="auto-refresh every 5 s"),
        Figure(
            SECTION,
            "queue refreshes",
            float(result["refreshes"]),
            float(expected),
            "",
            "one per 5 s",
            note="store syncs counted during the soak",
        ),
        Figure(
            SECTION,
            "resident memory at end",
            rss_end,
            rss_start,
            "MB",
            "at start",
            goal=f"flat (<= +{RSS_GROWTH_ALLOWED - 1:.0%})",
            met=rss_end <= rss_start * RSS_GROWTH_ALLOWED,
        ),
        Figure(
            SECTION,
            "open file handles at end",
            float(files_end),
            float(files_start),
            "",
            "at start",
            goal=f"flat (<= +{FILES_GROWTH_ALLOWED})",
            met=files_end <= files_start + FILES_GROWTH_ALLOWED,
        ),
    ]


if __name__ == "__main__":
    run(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0)
