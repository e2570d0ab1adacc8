"""Run in a fresh interpreter by bench.startup: start an app, print the wall time of its first
painted queue (fstui) or static screen (minimal), then exit.

`python -m bench.startup_probe fstui CACHE_DIR` / `python -m bench.startup_probe minimal`.
Both apps run under `App.run_test` (headless driver, 120x40), the same way for both.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path


async def _painted(pilot: object) -> None:
    await pilot._wait_for_screen()  # type: ignore[attr-defined]
    pilot.app.screen._on_timer_update()  # type: ignore[attr-defined]


async def fstui_first_queue(cache_dir: Path) -> float:
    from fstui.screenshots import demo_app
    from fstui.ui.app import FstuiApp
    from fstui.ui.widgets.fast_table import FastTable

    app = demo_app(cache_dir)
    assert isinstance(app, FstuiApp)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(4000):
            tables = app.screen.query(FastTable)
            if tables and tables.first().total_count > 0:
                await _painted(pilot)
                painted = time.time()
                break
            await asyncio.sleep(0.002)
        else:
            raise TimeoutError("no queue painted")
        # let the session's background work finish so the cache is warm for the next run
        for _ in range(600):
            if not app.workers:
                break
            await asyncio.sleep(0.05)
    return painted


async def minimal_first_screen() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello from a static screen", id="hello")

    app = Minimal()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(4000):
            if app.screen.query("#hello"):
                await _painted(pilot)
                return time.time()
            await asyncio.sleep(0.002)
    raise TimeoutError("no screen painted")


def main(argv: list[str]) -> None:
    if argv[0] == "fstui":
        painted = asyncio.run(fstui_first_queue(Path(argv[1])))
    else:
        painted = asyncio.run(minimal_first_screen())
    print(f"{painted:.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
