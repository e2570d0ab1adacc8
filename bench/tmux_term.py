"""A real pseudo-terminal for the benchmarks: an app in a detached tmux pane, what it writes.

The app runs in a tmux pane of a fixed size (tmux is the terminal emulator: it answers the
terminal queries Textual sends and keeps the screen), on a private tmux server (its socket in a
scratch directory removed on close) so nothing else on the machine sees or disturbs it. Two
things are observed, as a user's terminal would see them:

- every byte the app writes, through `pipe-pane` into a file whose size is polled (a byte
  written = something the terminal had to parse and usually redraw; over SSH, latency);
- the screen itself, through `capture-pane -p` (the text a user reads).

The pane starts on `sh -c 'stty -echo; read _; stty echo; exec CMD'` so the pipe is attached
before the app writes its first byte (and the Enter is not echoed into the log); `launch()` sends
the Enter that execs the app and returns that instant. Textual draws
on stderr, so stderr stays on the terminal (never redirected). The app's own process is the pane
process after the exec, so /proc/<pid> gives its CPU time and resident memory.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
POLL = 0.004
"""Seconds between two looks at the byte log (a stat call: cheap, so fine-grained)."""


def tmux_available() -> bool:
    return Path(TMUX).exists()


@dataclass
class Write:
    """Bytes that appeared in the log between two polls: when they were seen and how many.

    `offset` is where they start in the log (so the escape sequences can be read back).
    """

    at: float
    size: int
    offset: int = 0


@dataclass
class KeyTiming:
    """One key as the terminal saw it: first byte after the key and last byte before quiet.

    `first` and `settled` are seconds after the key was sent; None when nothing was written
    within the wait (the key changed nothing visible, or the app hung).
    """

    key: str
    first: float | None
    settled: float | None
    size: int
    screen: str = ""
    shown: float | None = None
    """When the screen's text first became what it settled as (and stayed so): the moment the
    user sees the dialog or tab, before later writes that only restyle it (scroll bars,
    highlights). None when nothing was written."""


def shown_at(frames: Sequence[tuple[float, str]], final: str, last: float) -> float:
    """The first of the trailing `frames` (instant, screen text read at a write) that all show
    `final`; `last` (the settled instant) when the final text was never read at a write."""
    shown = last
    for at, text in reversed(frames):
        if text != final:
            break
        shown = at
    return shown


@dataclass
class Terminal:
    """One app in one tmux pane; a context manager that always kills its own tmux server."""

    command: Sequence[str]
    width: int = 120
    height: int = 40
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    _dir: Path = field(init=False)
    _socket: str = field(init=False)
    _log: Path = field(init=False)
    pid: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="fstui-tty-"))
        self._socket = str(self._dir / "tmux.sock")  # removed with the directory on close
        self._log = self._dir / "pane.bytes"

    def __enter__(self) -> Terminal:
        self._open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            [TMUX, "-S", self._socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def _open(self) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        # no echo of the Enter that starts the app: the first byte logged is the app's own
        inner = f"stty -echo; read _; stty echo; exec env {exports} {shlex.join(self.command)}"
        script = f"cd {shlex.quote(str(self.cwd or Path.cwd()))} && {inner}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "bench",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "sh",
            "-c",
            script,
        )
        # a plain, quiet terminal: no status line, a modern TERM, nothing resizing the window
        self.tmux("set-option", "-g", "status", "off")
        self.tmux("set-option", "-g", "default-terminal", "tmux-256color")
        self.tmux("set-option", "-g", "escape-time", "0")
        self.tmux("set-window-option", "-g", "window-size", "manual")
        self.tmux("resize-window", "-t", "bench", "-x", str(self.width), "-y", str(self.height))
        self._log.touch()
        self.tmux("pipe-pane", "-t", "bench", "-o", f"cat >> {shlex.quote(str(self._log))}")
        self.pid = int(self.tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- what the terminal received ----------------------------------------------------------

    def written(self) -> int:
        """Bytes the app has written to the terminal so far."""
        try:
            return self._log.stat().st_size
        except OSError:
            return 0

    def output(self, start: int, end: int | None = None) -> bytes:
        """The bytes the app wrote from offset `start` to `end` (what the terminal parsed)."""
        with self._log.open("rb") as f:
            f.seek(start)
            return f.read() if end is None else f.read(max(0, end - start))

    def screen(self) -> str:
        """The text on the screen now, one line per row."""
        return self.tmux("capture-pane", "-p", "-t", "bench", check=False)

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()

    # -- input -------------------------------------------------------------------------------

    def launch(self) -> float:
        """Exec the app in the pane; the monotonic instant the Enter was sent."""
        started = time.perf_counter()
        self.tmux("send-keys", "-t", "bench", "Enter")
        return started

    def send(self, key: str, *, literal: bool = False) -> float:
        """Send one key (tmux key name, or literal text); the instant just before sending."""
        sent = time.perf_counter()
        if literal:
            self.tmux("send-keys", "-t", "bench", "-l", key)
        else:
            self.tmux("send-keys", "-t", "bench", key)
        return sent

    # -- waiting -----------------------------------------------------------------------------

    def quiet(self, seconds: float, *, limit: float) -> float | None:
        """Wait until nothing is written for `seconds`; the instant of the last write seen.

        None if the output did not go quiet within `limit` seconds (then the caller knows the
        app kept drawing). The first write is not waited for: call after something was sent.
        """
        deadline = time.perf_counter() + limit
        size = self.written()
        last = time.perf_counter()
        while True:
            now = time.perf_counter()
            current = self.written()
            if current != size:
                size, last = current, now
            elif now - last >= seconds:
                return last
            if now > deadline:
                return None
            time.sleep(POLL)

    def key(
        self,
        key: str,
        *,
        literal: bool = False,
        quiet: float = 0.4,
        limit: float = 6.0,
        until: Callable[[str], bool] | None = None,
    ) -> KeyTiming:
        """Send `key` and time the terminal's answer: first byte, then the last before quiet.

        With `until`, settling also needs the screen to satisfy it (e.g. the thread shown), so a
        pause inside a multi-step paint is not taken for the end.
        """
        before = self.written()
        sent = self.send(key, literal=literal)
        deadline = sent + limit
        first: float | None = None
        last = sent
        size = before
        screen = ""
        frames: list[tuple[float, str]] = []
        while True:
            now = time.perf_counter()
            current = self.written()
            if current != size:
                size, last = current, now
                if first is None:
                    first = now
                frames.append((now, self.screen()))
            elif first is not None and now - last >= quiet:
                screen = self.screen()
                if until is None or until(screen):
                    break
                last = now  # not there yet: keep waiting for more output
            if now > deadline:
                screen = self.screen()
                break
            time.sleep(POLL)
        return KeyTiming(
            key,
            None if first is None else first - sent,
            None if first is None else last - sent,
            size - before,
            screen,
            None if first is None else shown_at(frames, screen, last) - sent,
        )

    def watch(self, seconds: float) -> list[Write]:
        """Record every write for `seconds` (idle measurement): when and how many bytes."""
        writes: list[Write] = []
        end = time.perf_counter() + seconds
        size = self.written()
        while (now := time.perf_counter()) < end:
            current = self.written()
            if current != size:
                writes.append(Write(now, current - size, size))
                size = current
            time.sleep(0.01)
        return writes


# -- the app's process, from /proc ---------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def rss_mib(pid: int) -> float:
    """Resident memory of the process in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")
