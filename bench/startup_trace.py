"""Where `fstui --demo` spends the time before its first rows: a timeline in a real terminal.

`python -m bench.startup_trace [--profile]` runs fstui in a tmux pane (as bench/terminal_bench.py
does) through this module's child mode, which wraps the steps the first rows wait for with
timestamps: the imports, the sandbox's data generation, the session assembly, the store's
reference/sync/refresh calls and the queue screen's first `_show_queue` with rows. The parent
notes the launch, the first byte and the first rows on screen, so every step lands on one clock
(wall time, same machine). With --profile the child also runs cProfile from its first line to the
first rows and reports the functions that took the time.

Analysis only (no figure in RESULTS.md): the findings go into the issue's report.
"""

from __future__ import annotations

import cProfile
import functools
import io
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVENTS: list[tuple[str, float]] = []
PROFILE: cProfile.Profile | None = None


def mark(name: str) -> None:
    EVENTS.append((name, time.time()))


def _wrap_async(owner: Any, attr: str, label: str) -> None:
    original = getattr(owner, attr)

    @functools.wraps(original)
    async def timed(*args: Any, **kwargs: Any) -> Any:
        mark(f"{label} start")
        try:
            return await original(*args, **kwargs)
        finally:
            mark(f"{label} end")

    setattr(owner, attr, timed)


def _wrap_sync(owners: list[Any], attr: str, label: str) -> None:
    original = getattr(owners[0], attr)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        mark(f"{label} start")
        try:
            return original(*args, **kwargs)
        finally:
            mark(f"{label} end")

    for owner in owners:
        if hasattr(owner, attr):
            setattr(owner, attr, timed)


def child(out: Path, profile: bool) -> None:
    global PROFILE
    if profile:
        PROFILE = cProfile.Profile()
        PROFILE.enable()
    mark("child start (interpreter up)")
    import fstui.cli

    mark("imported fstui.cli")
    import fstui.config
    import fstui.logsetup
    import fstui.session

    mark("imported config, logsetup, session")
    import fstui.ui.app

    mark("imported fstui.ui.app (Textual, screens, store, api)")
    import fstui.sandbox
    import fstui.sandbox.app
    import fstui.sandbox.db
    import fstui.sandbox.state

    mark("imported fstui.sandbox (normally inside the launcher)")
    from fstui.store.store import Store
    from fstui.ui.screens.queue import QueueScreen

    _wrap_sync([fstui.sandbox.app, fstui.sandbox], "create_app", "sandbox create_app")
    _wrap_sync([fstui.sandbox.state, fstui.sandbox.db], "load_or_generate", "demo data generate")
    _wrap_async(fstui.session, "assemble_session", "assemble_session")
    for name in ("reference", "sync", "refresh_queue", "resolve_requesters"):
        _wrap_async(Store, name, f"store.{name}")
    _wrap_async(Store, "learn_first_responses", "store.learn_first_responses")
    _wrap_sync([fstui.ui.app.FstuiApp], "on_mount", "app on_mount")
    _wrap_sync([QueueScreen], "on_mount", "queue on_mount")
    original_show: Callable[..., Any] = QueueScreen._show_queue

    def show(self: QueueScreen, name: str) -> None:
        original_show(self, name)
        if self.table.total_count > 0 and not any(e[0] == "queue rows set" for e in EVENTS):
            mark("queue rows set")
            if PROFILE is not None:
                PROFILE.disable()

    QueueScreen._show_queue = show  # type: ignore[method-assign]
    try:
        fstui.cli.main(["--demo"])
    finally:
        result: dict[str, Any] = {"events": EVENTS}
        if PROFILE is not None:
            PROFILE.disable()
            for order in ("cumulative", "tottime"):
                text = io.StringIO()
                pstats.Stats(PROFILE, stream=text).sort_stats(order).print_stats(30)
                result[order] = text.getvalue()
        out.write_text(json.dumps(result, indent=1), encoding="utf-8")


def parent(profile: bool) -> dict[str, Any]:
    import tempfile

    from bench.terminal_bench import ROOT, quit_app, start
    from bench.tmux_term import Terminal

    with tempfile.TemporaryDirectory(prefix="fstui-trace-") as tmp:
        out = Path(tmp) / "trace.json"
        command = [sys.executable, "-m", "bench.startup_trace", "--child", str(out)]
        if profile:
            command.append("--profile")
        with Terminal(command, cwd=ROOT, env={"HOME": tmp, "COLORTERM": "truecolor"}) as term:
            wall = time.time()
            began = start(term)
            term.quiet(1.0, limit=30.0)
            quit_app(term)
        for _ in range(100):
            if out.exists():
                break
            time.sleep(0.05)
        found: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    events = [(name, at - wall) for name, at in found["events"]]
    if began.first_byte is not None:
        events.append(("terminal: first byte", began.first_byte))
    if began.first_rows is not None:
        events.append(("terminal: first rows on screen", began.first_rows))
    events.sort(key=lambda e: e[1])
    found["timeline"] = [(name, round(at * 1000)) for name, at in events]
    found["stages"] = began.stages
    return found


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        child(Path(argv[1]), "--profile" in argv)
        return
    found = parent("--profile" in argv)
    for name, ms in found["timeline"]:
        print(f"{ms:7d} ms  {name}")
    print("screens before the rows:", found["stages"])
    for order in ("cumulative", "tottime"):
        if order in found:
            print(found[order])


if __name__ == "__main__":
    main(sys.argv[1:])
