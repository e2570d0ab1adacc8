"""`make screenshots`: SVGs of the main screens from the demo data, for the README.

Same renderer as the snapshot tests, a fixed clock and fixed sandbox data, so
regenerating them only changes the files when the screens really changed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.pilot import Pilot

if TYPE_CHECKING:
    from fstui.ui.app import FstuiApp

FIXED_NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
DEMO_TICKETS = 600

Steps = Callable[[Pilot[None]], Awaitable[None]]


def demo_app(
    cache_dir: Path, *, tickets: int = DEMO_TICKETS, now: datetime = FIXED_NOW
) -> FstuiApp:
    """The app on an in-process sandbox whose data and clocks are frozen at `now`."""
    from fstui.session import Session, open_demo_session
    from fstui.ui.app import FstuiApp

    async def launch() -> Session:
        return await open_demo_session(
            tickets=tickets, now=now, clock=now.timestamp, cache_dir=cache_dir
        )

    return FstuiApp(launcher=launch, config_path=cache_dir / "config.toml", clock=lambda: now)


async def wait_for_queue(pilot: Pilot[None]) -> None:
    """Until the queue screen shows rows (the session opens in a worker)."""
    from fstui.ui.widgets.fast_table import FastTable

    for _ in range(400):
        await pilot.pause(0.05)
        tables = pilot.app.screen.query(FastTable)
        session = getattr(pilot.app, "session", None)
        settled = session is None or (
            session.store.mirror.loaded and not session.store.syncer.filling
        )
        if tables and tables.first().total_count > 0 and not pilot.app.workers and settled:
            await pilot.pause(0.3)  # the redraw the fill's last page scheduled
            return
    raise TimeoutError("the queue screen did not load")


async def _shot(name: str, size: tuple[int, int], steps: Steps, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        app = demo_app(Path(tmp))
        async with app.run_test(size=size) as pilot:
            await wait_for_queue(pilot)
            await steps(pilot)
            await pilot.pause(0.2)
            path = out / f"{name}.svg"
            path.write_text(app.export_screenshot(title=f"fstui: {name}"), encoding="utf-8")
            return path


async def _queue(pilot: Pilot[None]) -> None:
    return None


async def _ticket(pilot: Pilot[None]) -> None:
    await pilot.press("enter")
    await pilot.pause(1.0)


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def _assets(pilot: Pilot[None]) -> None:
    await pilot.press("A")
    await pilot.pause(1.0)


async def _ticket_fields(pilot: Pilot[None]) -> None:
    await _ticket(pilot)
    await pilot.press("F")
    await pilot.pause(0.5)


async def _ticket_related(pilot: Pilot[None]) -> None:
    await _ticket(pilot)
    await pilot.press("5")
    await pilot.pause(1.0)


async def _service_request_items(pilot: Pilot[None]) -> None:
    """The built-in "Service requests" queue, its first request, the Items tab."""
    from fstui.store.queues import SERVICE_REQUESTS

    screen = pilot.app.screen
    for _ in range(12):
        if getattr(screen, "queue_name", None) == SERVICE_REQUESTS:
            break
        await pilot.press("right_square_bracket")
        await pilot.pause(0.1)
    await _ticket(pilot)
    await pilot.press("6")
    await pilot.pause(1.0)


async def _knowledge(pilot: Pilot[None]) -> None:
    """The reply composer's article search (ctrl+l), typed as an agent would."""
    await _ticket(pilot)
    await pilot.press("r")
    await pilot.pause(0.3)
    await pilot.press("ctrl+l")
    await pilot.pause(0.3)
    await pilot.press(*"vpn")
    await pilot.pause(1.0)


def _pressing(*keys: str, wait: float = 1.0) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await pilot.pause(wait)

    return steps


SHOTS: dict[str, Steps] = {
    "queue": _queue,
    "ticket": _ticket,
    "ticket-fields": _ticket_fields,
    "ticket-related": _ticket_related,
    "service-request-items": _service_request_items,
    "knowledge": _knowledge,
    "new-ticket": _pressing("N"),
    "my-approvals": _pressing("V"),
    "outbox": _pressing("O", wait=0.5),
    "help": _help,
    "assets": _assets,
}


async def main(out: Path) -> None:
    for name, steps in SHOTS.items():
        path = await _shot(name, (120, 40), steps, out)
        print(f"wrote {path}")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(target))
