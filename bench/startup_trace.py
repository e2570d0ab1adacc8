"""Where `fstui --demo` spends the time before its first rows: a timeline in a real terminal.

`python -m bench.startup_trace [--warm] [--profile]` runs fstui in a tmux pane (as
bench/terminal_bench.py does) through this module's child mode, which marks on one clock (wall
time, same machine) the imports of the watched modules (WATCHED, where the app itself imports
them: the trace imports nothing up front), the session's opening, the store's reference, sync
and refresh calls, the sandbox's build and the queue screen's first `_show_queue` with rows.
The parent notes the launch, the first byte and the first rows on screen. With --warm an
untimed start comes first on the same home, so the traced one is a later start on the kept
demo (what section 8 times). With --profile the child also runs cProfile from its first line
to the first rows and reports the functions that took the time; --dump FILE also keeps that
profile (pstats format) in FILE, to read its callers (`pstats.Stats(FILE).print_callers(...)`).

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


WATCHED = (
    "textual.app",
    "fstui.ui.app",
    "fstui.session",
    "fstui.ui.screens.queue",
    "fstui.api",
    "fstui.api.models",
    "pydantic",
    "httpx",
    "fstui.store.store",
    "fstui.text",
    "fstui.sandbox.app",
    "starlette",
)
"""Modules whose import is marked (start and end) on the timeline, wherever it happens."""


class _ImportMarks:
    """A meta-path finder that marks when a watched module's import begins and ends, and runs
    `after[name]` once it is loaded (to wrap its functions): the timeline sees the imports where
    the app really does them, instead of the trace importing them up front."""

    def __init__(self, after: dict[str, Callable[[Any], None]]) -> None:
        self.after = after
        self.busy: set[str] = set()

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if (name not in WATCHED and name not in self.after) or name in self.busy:
            return None
        import importlib.util

        self.busy.add(name)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self.busy.discard(name)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module
        hook = self.after.get(name)

        def exec_module(module: Any) -> None:
            mark(f"import {name} start")
            original(module)
            mark(f"import {name} end")
            if hook is not None:
                hook(module)

        setattr(loader, "exec_module", exec_module)  # noqa: B010 (a method of one loader)
        return spec


def child(out: Path, profile: bool, dump: Path | None = None) -> None:
    global PROFILE
    if profile:
        PROFILE = cProfile.Profile()
        PROFILE.enable()
    mark("child start (interpreter up)")

    def queue_screen(module: Any) -> None:
        screen = module.QueueScreen
        _wrap_sync([screen], "on_mount", "queue on_mount")
        original_show: Callable[..., Any] = screen._show_queue

        def show(self: Any, name: str) -> None:
            original_show(self, name)
            if self.table.total_count > 0 and not any(e[0] == "queue rows set" for e in EVENTS):
                mark("queue rows set")
                if PROFILE is not None:
                    PROFILE.disable()

        screen._show_queue = show

    def store(module: Any) -> None:
        for name in ("reference", "sync", "refresh_queue", "resolve_requesters"):
            _wrap_async(module.Store, name, f"store.{name}")
        _wrap_async(module.Store, "learn_first_responses", "store.learn_first_responses")

    def session(module: Any) -> None:
        _wrap_async(module, "assemble_session", "assemble_session")
        _wrap_async(module, "open_kept_demo_session", "open_kept_demo_session")

    after: dict[str, Callable[[Any], None]] = {
        "fstui.ui.screens.queue": queue_screen,
        "fstui.store.store": store,
        "fstui.session": session,
        "fstui.ui.app": lambda m: _wrap_sync([m.FstuiApp], "on_mount", "app on_mount"),
        "fstui.sandbox.app": lambda m: _wrap_sync([m], "create_app", "sandbox create_app"),
    }
    sys.meta_path.insert(0, _ImportMarks(after))
    import fstui.cli

    mark("imported fstui.cli")
    try:
        fstui.cli.main(["--demo"])
    finally:
        result: dict[str, Any] = {"events": EVENTS}
        if PROFILE is not None:
            PROFILE.disable()
            if dump is not None:
                PROFILE.dump_stats(str(dump))
            for order in ("cumulative", "tottime"):
                text = io.StringIO()
                pstats.Stats(PROFILE, stream=text).sort_stats(order).print_stats(30)
                result[order] = text.getvalue()
        out.write_text(json.dumps(result, indent=1), encoding="utf-8")


def parent(profile: bool, warm: bool = False, dump: Path | None = None) -> dict[str, Any]:
    """One traced start; `warm`: after an untimed one on the same home, so the traced start
    finds the kept demo and its cache (what terminal_bench times) instead of generating them."""
    import tempfile

    from bench.terminal_bench import ROOT, fstui_app, quit_app, session, start
    from bench.tmux_term import Terminal

    with tempfile.TemporaryDirectory(prefix="fstui-trace-") as tmp:
        env = {"HOME": tmp, "COLORTERM": "truecolor"}
        if warm:
            session(fstui_app(), env, keys=False)
        out = Path(tmp) / "trace.json"
        command = [sys.executable, "-m", "bench.startup_trace", "--child", str(out)]
        if profile:
            command.append("--profile")
        if dump is not None:
            command += ["--dump", str(dump.resolve())]
        with Terminal(command, cwd=ROOT, env=env) as term:
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


def _dump_path(argv: list[str]) -> Path | None:
    """The FILE of `--dump FILE`, if given."""
    if "--dump" not in argv:
        return None
    return Path(argv[argv.index("--dump") + 1])


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        child(Path(argv[1]), "--profile" in argv, _dump_path(argv))
        return
    dump = _dump_path(argv)
    found = parent("--profile" in argv or dump is not None, warm="--warm" in argv, dump=dump)
    for name, ms in found["timeline"]:
        print(f"{ms:7d} ms  {name}")
    print("screens before the rows:", found["stages"])
    for order in ("cumulative", "tottime"):
        if order in found:
            print(found[order])


if __name__ == "__main__":
    main(sys.argv[1:])
