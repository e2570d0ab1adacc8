"""What holds memory over ticket opens: live objects by type and the allocation sites that grew.

`python -m bench.memory_probe [OPENS] [--trace] [--hold=TYPE]` runs the app headless
(App.run_test) on a demo of the size the user gets, opens and closes OPENS tickets (enter, wait
for the detail, esc) on successive rows, and prints the process's RSS before and after, then,
after a gc, the object types whose live count grew, the widgets alive but detached from every
screen (with one chain of what holds them), with --hold=TYPE what holds one object of TYPE, and
with --trace the tracemalloc sites that grew most. Analysis only (no figure in RESULTS.md): it
tells which cache or widget keeps what the terminal bench's RSS figure shows growing.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any


def holders(target: object, ignore: object, depth: int = 14) -> list[str]:
    """A chain of referrers from `target` outwards (the first non-frame referrer each step)."""
    chain: list[str] = []
    current = target
    seen = {id(target)}
    for _ in range(depth):
        found = None
        for ref in gc.get_referrers(current):
            if id(ref) in seen or ref is chain or ref is ignore or type(ref).__name__ == "frame":
                continue
            found = ref
            break
        if found is None:
            break
        seen.add(id(found))
        text = repr(found) if not isinstance(found, dict) else f"dict keys {list(found)[:8]}"
        chain.append(f"{type(found).__qualname__}: {text[:160]}")
        current = found
    return chain


def rss_mib() -> float:
    """This process's resident memory (Linux /proc), as the terminal bench reads the app's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def live_types() -> Counter[str]:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


async def probe(opens: int) -> None:
    from fstui.screenshots import demo_app

    with tempfile.TemporaryDirectory(prefix="fstui-memory-") as tmp:
        app: Any = demo_app(Path(tmp), tickets=4000)
        try:
            await _run(app, opens)
        except Exception as exc:  # a worker failing at shutdown: the figures are printed
            print(f"(at exit: {exc!r})")


async def _run(app: Any, opens: int) -> None:
    from textual.widget import Widget

    from fstui.screenshots import wait_for_queue
    from fstui.ui.screens.ticket import TicketScreen

    if True:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_queue(pilot)
            await pilot.press("left_square_bracket")  # All open: the longest queue
            await pilot.pause(0.5)

            async def one() -> None:
                await pilot.press("enter")
                for _ in range(200):
                    await pilot.pause(0.02)
                    if isinstance(app.screen, TicketScreen) and not app.screen.workers:
                        break
                await pilot.press("escape")
                await pilot.pause(0.05)
                await pilot.press("down")

            for _ in range(5):  # warm every cache and import once
                await one()
            gc.collect()
            if TRACE:
                tracemalloc.start(12)
            before_types = live_types()
            rss_before = rss_mib()
            before = tracemalloc.take_snapshot() if TRACE else None
            for _ in range(opens):
                await one()
            await pilot.pause(0.5)
            gc.collect()
            after = tracemalloc.take_snapshot() if TRACE else None
            after_types = live_types()
            print(f"== RSS {rss_before:.1f} -> {rss_mib():.1f} MiB over {opens} opens")
            detached = [o for o in gc.get_objects() if isinstance(o, Widget) and not o.is_attached]
            widgets = Counter(type(o).__qualname__ for o in detached)
            if detached:
                print("== what holds a detached", type(detached[-1]).__qualname__)
                for line in holders(detached[-1], detached):
                    print("   ", line)
            del detached
            if HOLD:
                kept = [o for o in gc.get_objects() if type(o).__qualname__ == HOLD]
                if kept:
                    print(f"== what holds a {HOLD} ({len(kept)} alive)")
                    for line in holders(kept[len(kept) // 2], kept):
                        print("   ", line)
                del kept
            report(opens, before_types, after_types, widgets, before, after)


def report(
    opens: int,
    before_types: Counter[str],
    after_types: Counter[str],
    widgets: Counter[str],
    before: tracemalloc.Snapshot | None,
    after: tracemalloc.Snapshot | None,
) -> None:
    grown = (after_types - before_types).most_common(25)
    print(f"== live objects grown over {opens} opens (after gc)")
    for name, count in grown:
        print(f"{count:8d}  {name}")
    print("== widgets alive but not attached to any screen")
    for name, count in widgets.most_common(15):
        print(f"{count:8d}  {name}")
    if before is None or after is None:
        return
    print("== allocation sites grown most (KiB)")
    for stat in after.compare_to(before, "traceback")[:12]:
        print(f"{stat.size_diff / 1024:10.1f}  {stat.count_diff:7d} blocks")
        for line in stat.traceback.format()[-8:]:
            print("            " + line)


TRACE = "--trace" in sys.argv
HOLD = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--hold=")), "")
"""--hold=TYPE: also print what holds one live object of that type (e.g. Strip)."""
"""tracemalloc too (slow: minutes for 30 opens)."""

if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    asyncio.run(probe(int(numbers[0]) if numbers else 30))
