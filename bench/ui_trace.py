"""What `fstui --demo` redraws on an idle refresh tick, and what a ticket open leaves behind.

`python -m bench.ui_trace [OPENS]`: the app as the CLI builds it (4,000 demo tickets), under
`App.run_test` at 120x40 so the widget tree can be inspected from inside:

- tick: every `Widget.refresh` call (by widget class and id) during one queue refresh tick on an
  idle session (nothing changed on the server), and how many screen lines differ afterwards;
- opens: enter/esc on successive rows of All open; tracemalloc's top growth by line between the
  5th and the last open, the live objects per type that grew, and whether closed ticket screens
  are still alive (and who holds them).

Analysis only (no figure in RESULTS.md): bench/terminal_bench.py measures what a user sees; this
says why.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any


async def trace(opens: int) -> dict[str, Any]:
    from textual.widget import Widget

    from fstui.session import open_demo_session
    from fstui.ui.app import FstuiApp
    from fstui.ui.screens.queue import QueueScreen
    from fstui.ui.screens.ticket.screen import TicketScreen
    from fstui.ui.widgets.fast_table import FastTable

    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="fstui-ui-trace-") as tmp:
        app = FstuiApp(launcher=open_demo_session, config_path=Path(tmp) / "config.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(1200):
                await pilot.pause(0.05)
                tables = app.screen.query(FastTable)
                if tables and tables.first().total_count > 0 and not app.workers:
                    break
            queue = app.screen
            assert isinstance(queue, QueueScreen)
            await pilot.pause(1.0)

            # -- one idle refresh tick ---------------------------------------------------------
            refreshed: collections.Counter[str] = collections.Counter()
            original = Widget.refresh

            def counting(self: Widget, *args: Any, **kwargs: Any) -> Any:
                refreshed[f"{type(self).__name__}#{self.id or '-'}"] += 1
                return original(self, *args, **kwargs)

            before = _strips(app)
            Widget.refresh = counting  # type: ignore[method-assign]
            try:
                queue._refresh_tick()
                await pilot.pause(0.2)
                for _ in range(200):
                    if not any(w.group == "queue-load" for w in queue.workers if w.is_running):
                        break
                    await pilot.pause(0.05)
                await pilot.pause(0.5)
            finally:
                Widget.refresh = original  # type: ignore[method-assign]
            after = _strips(app)
            result["tick_refresh_calls"] = dict(refreshed.most_common())
            result["tick_lines_changed"] = sum(a != b for a, b in zip(before, after, strict=False))
            print("tick traced", file=sys.stderr, flush=True)

            # -- ticket opens --------------------------------------------------------------------
            await pilot.press("left_square_bracket")  # All open: the longest queue
            await pilot.pause(0.5)

            async def open_one() -> None:
                await pilot.press("enter")
                for _ in range(30):
                    await pilot.pause(0.05)
                    if isinstance(app.screen, TicketScreen) and not [
                        w for w in app.screen.workers if w.is_running
                    ]:
                        break
                await pilot.pause(0.1)
                await pilot.press("escape")
                for _ in range(100):
                    await pilot.pause(0.02)
                    if isinstance(app.screen, QueueScreen):
                        break
                await pilot.press("down")

            for _ in range(5):
                await open_one()
            gc.collect()
            tracemalloc.start(4)
            first = tracemalloc.take_snapshot()
            types_before = _types()
            widgets_before = collections.Counter(
                type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget)
            )
            for done in range(opens):
                await open_one()
                print(f"opened {done + 1}", file=sys.stderr, flush=True)
            await pilot.pause(0.5)
            gc.collect()
            last = tracemalloc.take_snapshot()
            types_after = _types()
            tracemalloc.stop()
            growth = last.compare_to(first, "lineno")
            result["alloc_growth_top"] = [
                f"{stat.size_diff / 1024:8.1f} KiB {stat.count_diff:+6d}  {stat.traceback[0]}"
                for stat in growth[:20]
            ]
            tb_growth = last.compare_to(first, "traceback")
            result["alloc_growth_tracebacks"] = [
                [
                    f"{stat.size_diff / 1024:.1f} KiB",
                    *[str(f) for f in stat.traceback if "fstui" in f.filename][:6],
                ]
                for stat in tb_growth[:8]
            ]
            result["alloc_total_growth_kib"] = round(sum(s.size_diff for s in growth) / 1024, 1)
            grown = {
                name: types_after[name] - types_before.get(name, 0)
                for name in types_after
                if types_after[name] - types_before.get(name, 0) >= opens
            }
            result["types_grown"] = dict(sorted(grown.items(), key=lambda kv: -kv[1])[:25])
            widgets = collections.Counter(
                type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget)
            )
            result["widgets_grown"] = {
                name: count - widgets_before.get(name, 0)
                for name, count in widgets.most_common()
                if count - widgets_before.get(name, 0) > 0
            }
            result["widgets_unmounted_alive"] = len(
                [o for o in gc.get_objects() if isinstance(o, Widget) and not o.is_attached]
            )
            stray = next(
                (o for o in gc.get_objects() if isinstance(o, Widget) and not o.is_attached),
                None,
            )
            if stray is not None:
                result["an_unmounted_widget"] = type(stray).__name__
                result["its_holders"] = _holders(stray, depth=4)
            alive = [o for o in gc.get_objects() if isinstance(o, TicketScreen)]
            result["ticket_screens_alive"] = len(alive)
            if alive:
                result["a_ticket_screen_held_by"] = [
                    type(r).__name__ + (f" {list(r)[:3]}" if isinstance(r, dict) else "")
                    for r in gc.get_referrers(alive[0])
                ][:8]
    return result


def _strips(app: Any) -> list[str]:
    """The current screen as text lines (what the compositor would put on the terminal)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def _holders(target: object, depth: int) -> list[str]:
    """A chain of who refers to `target` (skipping frames and this module's own lists)."""
    chain: list[str] = []
    current = target
    seen = {id(target)}
    for _ in range(depth):
        holders = [
            r
            for r in gc.get_referrers(current)
            if id(r) not in seen and type(r).__name__ not in ("frame", "list")
        ]
        if not holders:
            break
        current = holders[0]
        seen.add(id(current))
        keys = list(current)[:4] if isinstance(current, dict) else ""
        chain.append(f"{type(current).__name__} {keys}".strip())
    return chain


def _types() -> collections.Counter[str]:
    return collections.Counter(type(o).__name__ for o in gc.get_objects())


def main(argv: list[str]) -> None:
    import json

    opens = int(argv[0]) if argv else 30
    print(json.dumps(asyncio.run(trace(opens)), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
