"""What a user sees in a real terminal: start, keys, idle output and memory, vs a bare Textual app.

`python -m bench.terminal_bench [--quick]`, or section 8 of `make bench`. Both apps run in a tmux
pane of 120x40 (`bench/tmux_term.py`: bytes through pipe-pane, screen through capture-pane):

- fstui = `fstui --demo`, the command a user types (4,000 demo tickets); the demo keeps its
  account and cache between runs, so the untimed warm-up start is its first run (reported on
  its own line) and every timed start is a later one, as a user's second start is;
- minimal = `bench/minimal_app.py`, a 20-row DataTable app answering the same keys with plain
  Textual (push a screen, a modal, an Input that filters, clear and re-add rows).

Phases, each bounded:
1. start + keys, alternated (minimal, fstui, fstui, minimal, ...) after one untimed warm-up start
   of each: launch -> first rows on screen (a line with a ticket number and a status), and
   whether a blank stage came first; then the keys one at a time, each timed from the key sent
   to the first byte written (first paint), to the first moment the screen's text is what it
   settles as (shown: a dialog or tab the user can read; issue #18 wants it within 100 ms) and
   to the last byte before the output is quiet for a moment (settled);
2. idle, both apps side by side: every write for two refresh ticks, bytes per minute, bytes
   between ticks (writes other than one episode of redraws per refresh interval), CPU share
   from /proc, and per redraw the screen rows its bytes address vs the lines that changed;
3. memory, both apps side by side: enter/esc on successive rows, RSS of the app's process
   before and after.

Times include the tmux client spawn of each send-keys (a few ms, the same for both apps).
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from bench.figures import Figure
from bench.tmux_term import KeyTiming, Terminal, Write, cpu_seconds, rss_mib, tmux_available

SECTION = "8. Terminal"
ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
IDLE_SECONDS = 130.0
"""Two of fstui's refresh ticks (the demo refreshes every 60 s) and a margin."""
REFRESH_INTERVAL = 60.0
OPENS = 100
START_GOAL = 1.5
IDLE_BYTES_GOAL = 4096.0
IDLE_CPU_GOAL = 2.0
DETAIL_FIRST_GOAL_MS = 50.0
DETAIL_SETTLED_GOAL_MS = 150.0
RSS_GOAL_MIB = 15.0
BURST_GAP = 0.25
"""Writes closer together than this are one burst (one redraw, possibly in several chunks)."""
TICK_SPAN = 2.0
"""Bursts within this many seconds of an episode's first burst are one episode: a refresh that
draws twice (rows, then counts) is one tick, while a clock drawing every second is not hidden."""

ROW = re.compile(r"(^|\s)\d{3,6}\s+\S.*\s(Open|Pending|Resolved|Closed)(\s|$)")


def rows_visible(screen: str) -> bool:
    """True when the screen shows at least one queue row: a ticket number, text, a status."""
    return any(ROW.search(line) for line in screen.splitlines())


@dataclass
class App:
    name: str
    command: list[str]


def fstui_app() -> App:
    script = Path(sys.executable).with_name("fstui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "fstui"]
    return App("fstui", [*command, "--demo"])


def minimal_app() -> App:
    return App("minimal", [sys.executable, str(Path(__file__).with_name("minimal_app.py"))])


@dataclass
class Step:
    """One key of the script. `label` None: a key that only restores state, not reported."""

    key: str
    label: str | None = None
    literal: bool = False
    quiet: float = 0.3
    opens: bool = False
    """The key opens a dialog, the help or a tab: issue #18's 100 ms applies to its "shown"."""


SCRIPT: tuple[Step, ...] = (
    Step("Down", "cursor down"),
    Step("]", "] next queue", literal=True),
    Step("[", literal=True),
    Step("/", "/ open the filter", literal=True),
    Step("v", "filter keystroke", literal=True),
    Step("Escape"),
    Step("?", "? help", literal=True, opens=True),
    Step("Escape"),
    Step("x", "x dialog (status picker)", literal=True, opens=True),
    Step("Escape"),
    Step("Enter", "enter: ticket detail (first open)", quiet=0.5),
    Step("2", "tab switch (ticket tab 2)", literal=True, opens=True),
    Step("5", "tab switch (Related tab)", literal=True, opens=True),
    Step("l", "l dialog (link an asset)", literal=True, opens=True),
    Step("Escape"),
    Step("1", literal=True),
    Step("Escape", "esc: back to the queue", quiet=0.5),
    Step("Enter", "enter: ticket detail (from the cache)", quiet=0.5),
    Step("Escape", quiet=0.5),
)


@dataclass
class Start:
    first_byte: float | None
    first_rows: float | None
    stages: list[str] = field(default_factory=list)
    """The distinct screens seen between the first byte and the first rows (first line each)."""

    @property
    def blank(self) -> float | None:
        """Seconds on screen before the rows: from the first paint to the first rows."""
        if self.first_byte is None or self.first_rows is None:
            return None
        return max(0.0, self.first_rows - self.first_byte)


def start(term: Terminal, *, limit: float = 60.0) -> Start:
    """Launch the app and watch until rows are on screen (screen read every 20 ms or on output)."""
    launched = term.launch()
    first_byte: float | None = None
    stages: list[str] = []
    size = 0
    looked = 0.0
    while (now := time.perf_counter()) - launched < limit:
        current = term.written()
        if current and first_byte is None:
            first_byte = now - launched
        if current != size or now - looked >= 0.02:
            size, looked = current, now
            screen = term.screen()
            seen = time.perf_counter()
            if rows_visible(screen):
                return Start(first_byte, seen - launched, stages)
            if current:
                top = next((ln.strip() for ln in screen.splitlines() if ln.strip()), "(blank)")
                if not stages or stages[-1] != top[:60]:
                    stages.append(top[:60])
        time.sleep(0.004)
    return Start(first_byte, None, stages)


FIRST_KEY_LINES = 5
"""Lines that differ once the filter has opened: a clock or an age ticking is one or two."""


def first_key(term: Terminal, rows_at: float, *, limit: float = 10.0) -> float | None:
    """Type `/` as soon as the rows show; seconds from launch until the filter it opens is on
    screen (the table shifts by a line). A first frame painted before the app has loaded (the
    kept queue, issue #22) keeps the key and shows it once the live screen is in: this says
    when the start answers, beside when it shows rows."""
    shown = term.screen()
    began = time.perf_counter()
    term.send("/", literal=True)
    while (now := time.perf_counter()) - began < limit:
        if lines_changed(shown, term.screen()) >= FIRST_KEY_LINES:
            return rows_at + (now - began)
        time.sleep(0.005)
    return None


def quit_app(term: Terminal) -> None:
    term.send("C-q")
    deadline = time.perf_counter() + 5
    while term.alive() and time.perf_counter() < deadline:
        time.sleep(0.02)


def session(app: App, env: dict[str, str], *, keys: bool) -> dict[str, Any]:
    """One start of `app` (and the key script): the timings of this run."""
    with Terminal(app.command, cwd=ROOT, env=env) as term:
        began = start(term)
        result: dict[str, Any] = {"start": asdict(began), "blank": began.blank, "keys": {}}
        if began.first_rows is None:
            result["error"] = "no rows on screen"
            return result
        if keys:
            result["first_key"] = first_key(term, began.first_rows)
            term.quiet(0.3, limit=10.0)
            term.key("Escape", quiet=0.3)
        # the app's own loading after the first rows (counts, the rest of the queue)
        term.quiet(1.0, limit=30.0)
        result["rss_after_start"] = rss_mib(term.pid)
        if keys:
            for step in SCRIPT:
                timing = term.key(step.key, literal=step.literal, quiet=step.quiet)
                if step.label is not None:
                    result["keys"][step.label] = _timing(timing)
        quit_app(term)
    return result


def _timing(timing: KeyTiming) -> dict[str, Any]:
    return {
        "first": timing.first,
        "shown": timing.shown,
        "settled": timing.settled,
        "bytes": timing.size,
        "top": next((ln.strip() for ln in timing.screen.splitlines() if ln.strip()), "")[:60],
    }


# -- idle -----------------------------------------------------------------------------------------


@dataclass
class Burst:
    """One redraw: when it began, its bytes, and where they lie in the terminal's log."""

    at: float
    size: int
    offset: int = 0
    last: float = 0.0


def bursts(writes: Sequence[Write], gap: float = BURST_GAP) -> list[Burst]:
    """Writes grouped into redraws: a pause longer than `gap` starts a new burst."""
    grouped: list[Burst] = []
    last = float("-inf")
    for write in writes:
        if grouped and write.at - last <= gap:
            grouped[-1].size += write.size
            grouped[-1].last = write.at
        else:
            grouped.append(Burst(write.at, write.size, write.offset, write.at))
        last = write.at
    return grouped


def episodes(found: Sequence[Burst], span: float = TICK_SPAN) -> list[Burst]:
    """Bursts grouped into episodes: each takes the bursts within `span` s of its first one."""
    grouped: list[Burst] = []
    for burst in found:
        if grouped and burst.at - grouped[-1].at <= span:
            grouped[-1].size += burst.size
            grouped[-1].last = burst.last
        else:
            grouped.append(Burst(burst.at, burst.size, burst.offset, burst.last))
    return grouped


MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def rows_written(output: bytes) -> int:
    """How many screen rows a redraw wrote to: the distinct rows its cursor moves address."""
    return len({int(m.group(1)) for m in MOVE.finditer(output)})


def lines_changed(before: str, after: str) -> int:
    """How many lines of the screen text differ (what a user could see change)."""
    a, b = before.splitlines(), after.splitlines()
    a += [""] * (len(b) - len(a))
    b += [""] * (len(a) - len(b))
    return sum(x.rstrip() != y.rstrip() for x, y in zip(a, b, strict=True))


def redraws(
    found: Sequence[Burst],
    term: Terminal,
    captures: Sequence[tuple[float, str]],
    began: float,
) -> list[dict[str, float]]:
    """Each burst: bytes, screen rows written, screen lines that actually changed."""
    described = []
    for burst in found:
        before = next((s for t, s in reversed(captures) if t < burst.at), None)
        after = next((s for t, s in captures if t > burst.last), None)
        described.append(
            {
                "at": round(burst.at - began, 2),
                "bytes": burst.size,
                "rows_written": rows_written(term.output(burst.offset, burst.offset + burst.size)),
                "lines_changed": -1
                if before is None or after is None
                else lines_changed(before, after),
            }
        )
    return described


def split_ticks(found: Sequence[Burst], interval: float) -> tuple[list[Burst], list[Burst]]:
    """(tick bursts, the rest): at most one burst per refresh interval counts as the tick.

    The largest bursts are taken first, each only if no tick already taken lies within 3/4 of an
    interval of it; whatever remains was written between ticks (a clock, a spinner, a redraw
    of something that did not change).
    """
    ticks: list[Burst] = []
    for burst in sorted(found, key=lambda b: b.size, reverse=True):
        if all(abs(burst.at - tick.at) >= 0.75 * interval for tick in ticks):
            ticks.append(burst)
    rest = [b for b in found if b not in ticks]
    return sorted(ticks, key=lambda b: b.at), rest


@dataclass
class Idle:
    seconds: float
    bytes_total: int
    bytes_per_minute: float
    bytes_between_ticks: int
    bursts: int
    ticks: list[dict[str, float]]
    cpu_percent: float
    window_bytes: list[int]
    """Bytes written in each 10-s window: the spread of the idle output over time."""
    redraws: list[dict[str, float]] = field(default_factory=list)
    """Each redraw while idle: bytes, rows written, lines that changed on screen."""


def idle_figures(writes: Sequence[Write], began: float, seconds: float, cpu: float) -> Idle:
    found = bursts(writes)
    ticks, rest = split_ticks(episodes(found), REFRESH_INTERVAL)
    total = sum(w.size for w in writes)
    windows = [0] * max(1, int(seconds // 10))
    for write in writes:
        index = min(len(windows) - 1, int((write.at - began) // 10))
        windows[index] += write.size
    return Idle(
        seconds=seconds,
        bytes_total=total,
        bytes_per_minute=total * 60.0 / seconds,
        bytes_between_ticks=sum(b.size for b in rest),
        bursts=len(found),
        ticks=[{"at": round(t.at - began, 2), "bytes": t.size} for t in ticks],
        cpu_percent=100.0 * cpu / seconds,
        window_bytes=windows,
    )


def idle(apps: Sequence[App], env: dict[str, str], seconds: float) -> dict[str, Idle]:
    """All apps started side by side, settled, then every write recorded for `seconds`."""
    terms = [Terminal(app.command, cwd=ROOT, env=env) for app in apps]
    try:
        for term in terms:
            term.__enter__()
            start(term)
        for term in terms:
            term.quiet(2.0, limit=45.0)
        cpu0 = [cpu_seconds(t.pid) for t in terms]
        writes: list[list[Write]] = [[] for _ in terms]
        sizes = [t.written() for t in terms]
        began = time.perf_counter()
        captures: list[list[tuple[float, str]]] = [[(began, t.screen())] for t in terms]
        looked = [began] * len(terms)
        while (now := time.perf_counter()) - began < seconds:
            for i, term in enumerate(terms):
                current = term.written()
                if current != sizes[i]:
                    writes[i].append(Write(now, current - sizes[i], sizes[i]))
                    sizes[i] = current
                elif writes[i] and writes[i][-1].at > looked[i] and now - writes[i][-1].at > 0.5:
                    # the screen after a redraw (once it is over), to see what really changed
                    captures[i].append((now, term.screen()))
                    looked[i] = now
            time.sleep(0.01)
        cpu1 = [cpu_seconds(t.pid) for t in terms]
        found = {}
        for i, app in enumerate(apps):
            figures = idle_figures(writes[i], began, seconds, cpu1[i] - cpu0[i])
            figures.redraws = redraws(bursts(writes[i]), terms[i], captures[i], began)
            found[app.name] = figures
        return found
    finally:
        for term in terms:
            term.close()


# -- memory over ticket opens ---------------------------------------------------------------------


def opens(app: App, env: dict[str, str], count: int, *, limit: float) -> dict[str, Any]:
    """RSS before and after `count` enter/esc on successive rows (of the longest queue)."""
    with Terminal(app.command, cwd=ROOT, env=env) as term:
        start(term)
        term.quiet(1.0, limit=30.0)
        term.key("[", literal=True, quiet=0.5)  # fstui: wraps to All open, the longest queue
        term.quiet(1.0, limit=30.0)
        before = rss_mib(term.pid)
        trail: list[float] = []
        began = time.perf_counter()
        done = 0
        for done in range(1, count + 1):
            term.key("Enter", quiet=0.15, limit=5.0)
            term.key("Escape", quiet=0.15, limit=5.0)
            term.key("Down", quiet=0.05, limit=2.0)
            if done % 10 == 0:
                trail.append(round(rss_mib(term.pid), 1))
            if time.perf_counter() - began > limit:
                break
        term.quiet(1.0, limit=10.0)
        after = rss_mib(term.pid)
        quit_app(term)
    return {
        "opens": done,
        "rss_before": round(before, 1),
        "rss_after": round(after, 1),
        "growth": round(after - before, 1),
        "every_10": trail,
        "seconds": round(time.perf_counter() - began, 1),
    }


# -- the figures ----------------------------------------------------------------------------------


def _ms(values: Sequence[float | None]) -> list[float]:
    return [v * 1000 for v in values if v is not None]


def _spread(values: Sequence[float], unit: str = "ms") -> str:
    if not values:
        return "no value"
    return f"median of {len(values)}; range {min(values):.0f}-{max(values):.0f} {unit}"


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _figure(
    name: str,
    ours: Sequence[float],
    base: Sequence[float],
    *,
    goal: str = "",
    met: Callable[[float, float], bool] | None = None,
    unit: str = "ms",
) -> Figure:
    value, baseline = _median(ours), _median(base)
    verdict = None
    if met is not None and value is not None and baseline is not None:
        verdict = met(value, baseline)
    return Figure(
        SECTION,
        name,
        value,
        baseline,
        unit,
        "minimal app",
        goal,
        verdict,
        note=f"fstui {_spread(ours, unit)}; minimal {_spread(base, unit)}",
    )


def key_values(runs: Sequence[dict[str, Any]], label: str, part: str) -> list[float]:
    return _ms([r["keys"][label][part] for r in runs if label in r.get("keys", {})])


DONE_WHEN = (
    "start to first rows",
    "blank stage before the rows",
    "idle: bytes written per minute",
    "idle: bytes written between ticks",
    "enter: ticket detail (from the cache): settled",
    "RSS growth over",
)
"""The figures that are a line of issue #22's "Done when" (a name starting with one of these)."""


OPEN_GOAL_MS = 100.0
"""Issue #18 item 13: every dialog and tab opens within 100 ms (its text on screen: "shown")."""


def done_when(figure: Figure) -> bool:
    return figure.name.startswith(DONE_WHEN)


def _marked(figure: Figure) -> Figure:
    """A Done-when figure says so at the head of its note (RESULTS.md shows the note)."""
    if not done_when(figure):
        return figure
    return replace(figure, note=f"Done when (issue #22). {figure.note}".strip())


def figures_from(
    runs: dict[str, list[dict[str, Any]]],
    idle_found: dict[str, Idle],
    memory: dict[str, dict[str, Any]],
    first_start: dict[str, dict[str, Any]] | None = None,
) -> list[Figure]:
    """Every figure of the section; `first_start` is the untimed warm-up start of each app
    (for fstui the demo's first run: the account generated, the cache empty)."""
    return [_marked(f) for f in _figures(runs, idle_found, memory, first_start or {})]


def _figures(
    runs: dict[str, list[dict[str, Any]]],
    idle_found: dict[str, Idle],
    memory: dict[str, dict[str, Any]],
    first_start: dict[str, dict[str, Any]],
) -> list[Figure]:
    ours, base = runs["fstui"], runs["minimal"]
    found = [
        _figure(
            "start to first rows",
            _ms([r["start"]["first_rows"] for r in ours]),
            _ms([r["start"]["first_rows"] for r in base]),
            goal=f"<= {START_GOAL}x",
            met=lambda v, b: v <= START_GOAL * b,
        ),
        _figure(
            "blank stage before the rows",
            _ms([r["blank"] for r in ours]),
            _ms([r["blank"] for r in base]),
            goal="none (<= minimal + 20 ms)",
            met=lambda v, b: v <= b + 20,
        ),
    ]
    found.append(
        _figure(
            "start to the first key answered (/ typed at the first rows)",
            _ms([r.get("first_key") for r in ours]),
            _ms([r.get("first_key") for r in base]),
        )
    )
    if "fstui" in first_start and "minimal" in first_start:
        found.append(
            _figure(
                "the demo's first run: start to first rows (generated, empty cache)",
                _ms([first_start["fstui"]["start"]["first_rows"]]),
                _ms([first_start["minimal"]["start"]["first_rows"]]),
            )
        )
    for step in SCRIPT:
        if step.label is None:
            continue
        detail = step.label.startswith("enter")
        cached = "cache" in step.label
        found.append(
            _figure(
                f"{step.label}: {'first paint' if detail else 'settled'}",
                key_values(ours, step.label, "first" if detail else "settled"),
                key_values(base, step.label, "first" if detail else "settled"),
                goal=f"<= {DETAIL_FIRST_GOAL_MS:.0f} ms" if cached else "",
                met=(lambda v, b: v <= DETAIL_FIRST_GOAL_MS) if cached else None,
            )
        )
        if step.opens:
            found.append(
                _figure(
                    f"{step.label}: shown",
                    key_values(ours, step.label, "shown"),
                    key_values(base, step.label, "shown"),
                    goal=f"<= {OPEN_GOAL_MS:.0f} ms",
                    met=lambda v, b: v <= OPEN_GOAL_MS,
                )
            )
        if detail:
            found.append(
                _figure(
                    f"{step.label}: settled",
                    key_values(ours, step.label, "settled"),
                    key_values(base, step.label, "settled"),
                    goal=f"<= {DETAIL_SETTLED_GOAL_MS:.0f} ms" if cached else "",
                    met=(lambda v, b: v <= DETAIL_SETTLED_GOAL_MS) if cached else None,
                )
            )
    if idle_found:
        o, m = idle_found["fstui"], idle_found["minimal"]
        windows = f"bytes per 10 s: fstui {o.window_bytes}, minimal {m.window_bytes}"
        drawn = [(int(r["rows_written"]), int(r["lines_changed"])) for r in o.redraws]
        what = (
            "redraws (rows written, lines changed): "
            + ", ".join(f"({w}, {c})" for w, c in drawn[:6])
            if drawn
            else "no redraws"
        )
        found += [
            Figure(
                SECTION,
                "idle: bytes written per minute",
                round(o.bytes_per_minute),
                round(m.bytes_per_minute),
                "B",
                "minimal app",
                f"<= {IDLE_BYTES_GOAL:.0f} B",
                o.bytes_per_minute <= IDLE_BYTES_GOAL,
                note=f"{o.seconds:.0f} s idle; {windows}",
            ),
            Figure(
                SECTION,
                "idle: bytes written between ticks",
                o.bytes_between_ticks,
                m.bytes_between_ticks,
                "B",
                "minimal app",
                "0",
                o.bytes_between_ticks == 0,
                note=f"fstui {o.bursts} redraws, ticks {o.ticks}, {what}; minimal {m.bursts}",
            ),
            Figure(
                SECTION,
                "idle: CPU",
                round(o.cpu_percent, 2),
                round(m.cpu_percent, 2),
                "%",
                "minimal app",
                f"<= {IDLE_CPU_GOAL:.0f}x",
                o.cpu_percent <= IDLE_CPU_GOAL * max(m.cpu_percent, 0.01),
                note="user+system time from /proc over the idle window",
            ),
        ]
    if memory:
        o_mem, m_mem = memory["fstui"], memory["minimal"]
        found.append(
            Figure(
                SECTION,
                f"RSS growth over {o_mem['opens']} ticket opens",
                o_mem["growth"],
                m_mem["growth"],
                "MiB",
                "minimal app",
                f"<= {RSS_GOAL_MIB:.0f} MiB",
                o_mem["growth"] <= RSS_GOAL_MIB,
                note=(
                    f"fstui {o_mem['rss_before']} -> {o_mem['rss_after']} MiB, every 10 opens "
                    f"{o_mem['every_10']}; minimal {m_mem['rss_before']} -> {m_mem['rss_after']}"
                ),
            )
        )
    starts = [r["rss_after_start"] for r in ours if "rss_after_start" in r]
    base_starts = [r["rss_after_start"] for r in base if "rss_after_start" in r]
    found.append(
        _figure("RSS after start", starts, base_starts, unit="MiB"),
    )
    return found


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    if not tmux_available():
        raise RuntimeError("tmux is not installed: the terminal benchmark needs it")
    runs_each = 2 if quick else RUNS
    idle_seconds = 20.0 if quick else IDLE_SECONDS
    open_count = 10 if quick else OPENS
    apps = {"fstui": fstui_app(), "minimal": minimal_app()}
    with tempfile.TemporaryDirectory(prefix="fstui-bench-home-") as home:
        # the user's own config and caches stay untouched; both apps see the same empty home
        env = {
            "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/.config",
            "XDG_CACHE_HOME": f"{home}/.cache",
            "XDG_DATA_HOME": f"{home}/.local/share",
            "XDG_STATE_HOME": f"{home}/.local/state",
            "COLORTERM": "truecolor",
            # as an installed app starts: from bytecode (pip compiles it at install), not
            # compiled from source each run because this shell says PYTHONDONTWRITEBYTECODE;
            # the untimed warm-up start of each app writes it
            "PYTHONDONTWRITEBYTECODE": "",
            "PYTHONPYCACHEPREFIX": f"{home}/pycache",
        }
        began = time.perf_counter()
        warmup = {name: session(app, env, keys=False) for name, app in apps.items()}
        runs: dict[str, list[dict[str, Any]]] = {"fstui": [], "minimal": []}
        for i in range(runs_each):
            order = ["minimal", "fstui"] if i % 2 == 0 else ["fstui", "minimal"]
            for name in order:
                runs[name].append(session(apps[name], env, keys=True))
        phase_keys = time.perf_counter() - began
        idle_found = idle([apps["fstui"], apps["minimal"]], env, idle_seconds)
        phase_idle = time.perf_counter() - began - phase_keys
        # side by side (resident memory does not depend on timing), so the phase takes the
        # time of the slower app instead of the sum of both
        with ThreadPoolExecutor(max_workers=len(apps)) as pool:
            pending = {
                name: pool.submit(opens, app, env, open_count, limit=60.0 if quick else 240.0)
                for name, app in apps.items()
            }
            memory = {name: job.result() for name, job in pending.items()}
    details: dict[str, Any] = {
        "warmup_first_rows_ms": {
            k: round((v["start"]["first_rows"] or 0) * 1000) for k, v in warmup.items()
        },
        "runs": runs,
        "idle": {k: asdict(v) for k, v in idle_found.items()},
        "memory": memory,
        "phases_s": {
            "start_and_keys": round(phase_keys),
            "idle": round(phase_idle),
            "memory": round(time.perf_counter() - began - phase_keys - phase_idle),
        },
    }
    return figures_from(runs, idle_found, memory, warmup), _rounded(details)


def _rounded(value: Any) -> Any:
    """Seconds to 4 decimals all through the raw figures (they go into RESULTS.md)."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


if __name__ == "__main__":
    import json

    from bench.figures import format_table

    found, info = run(quick="--quick" in sys.argv)
    print(format_table(found))
    print(json.dumps(info["phases_s"]))
    if "--details" in sys.argv:
        print(json.dumps(info, indent=1))
