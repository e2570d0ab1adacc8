"""Which notification channels this terminal and session have, and why.

Detected from the environment (what a terminal announces about itself), asked of tmux when
fstui runs inside it, and overridden by the profile (``terminal = "osc9"``, ``tmux_passthrough``)
where detection cannot know, for example over SSH into tmux. `fstui doctor` prints the reasons.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fstui.config.model import NotificationPrefs

__all__ = ["Capabilities", "detect", "tmux_allows_passthrough"]

_OSC9_PROGRAMS = {"iTerm.app": "iTerm2", "WezTerm": "WezTerm", "ghostty": "ghostty"}
_OSC9_LC_TERMINAL = {"iTerm2": "iTerm2"}  # iTerm2 sets LC_TERMINAL, which ssh and tmux carry


@dataclass(frozen=True)
class Capabilities:
    bell: bool
    terminal: str | None  # "osc9" | "osc777" | None
    tmux: bool  # running inside tmux: terminal sequences need the passthrough wrapper
    desktop: list[str] | None  # the notifier's argv prefix, e.g. ["notify-send", ...]
    reasons: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for `fstui doctor`."""
        parts = ["bell" if self.bell else "no bell"]
        if self.terminal:
            parts.append(f"{self.terminal}{' via tmux passthrough' if self.tmux else ''}")
        if self.desktop:
            parts.append(f"desktop ({self.desktop[0]})")
        return ", ".join(parts) + " and the in-app list"


def tmux_allows_passthrough(run: Callable[[list[str]], str | None] | None = None) -> bool:
    """Ask the tmux server whether ``allow-passthrough`` is on (``on`` or ``all``)."""
    answer = (run or _run_quietly)(["tmux", "show-options", "-gv", "allow-passthrough"])
    return (answer or "").strip() in ("on", "all")


def detect(
    env: Mapping[str, str],
    prefs: NotificationPrefs,
    *,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
    tmux_passthrough: Callable[[], bool] = tmux_allows_passthrough,
) -> Capabilities:
    """The channels to use for ``prefs`` in the session described by ``env``."""
    reasons: list[str] = []
    in_tmux = bool(env.get("TMUX"))
    terminal = _terminal(env, prefs, reasons)
    if terminal and in_tmux:
        allowed = prefs.tmux_passthrough
        if allowed is None:
            allowed = tmux_passthrough()
            reasons.append(f"tmux allow-passthrough is {'on' if allowed else 'off'}")
        if not allowed:
            reasons.append("inside tmux without passthrough: no terminal notifications")
            terminal = None
    desktop = _desktop(env, prefs, which, platform, reasons)
    return Capabilities(prefs.bell, terminal, in_tmux, desktop, reasons)


def _terminal(env: Mapping[str, str], prefs: NotificationPrefs, reasons: list[str]) -> str | None:
    if prefs.terminal == "off":
        reasons.append("terminal notifications are off in the profile")
        return None
    if prefs.terminal in ("osc9", "osc777"):
        reasons.append(f"terminal = {prefs.terminal} in the profile")
        return prefs.terminal
    program = env.get("TERM_PROGRAM", "")
    term = env.get("TERM", "")
    if program in _OSC9_PROGRAMS:
        reasons.append(f"{_OSC9_PROGRAMS[program]} shows OSC 9 notifications")
        return "osc9"
    if env.get("LC_TERMINAL") in _OSC9_LC_TERMINAL:
        reasons.append(f"{env['LC_TERMINAL']} (LC_TERMINAL) shows OSC 9 notifications")
        return "osc9"
    if term.startswith(("foot", "rxvt-unicode")) or env.get("VTE_VERSION"):
        reasons.append("this terminal shows OSC 777 notifications")
        return "osc777"
    reasons.append(
        f'no known notifying terminal (TERM={term or "unset"}); set terminal = "osc9" or '
        '"osc777" in [profiles.NAME.notifications] if yours does'
    )
    return None


def _desktop(
    env: Mapping[str, str],
    prefs: NotificationPrefs,
    which: Callable[[str], str | None],
    platform: str,
    reasons: list[str],
) -> list[str] | None:
    if not prefs.desktop:
        return None
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        reasons.append("over SSH: no desktop notifications (they would show on the remote host)")
        return None
    if platform == "darwin":
        if which("osascript"):
            return ["osascript"]
        return None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        reasons.append("no graphical session (DISPLAY/WAYLAND_DISPLAY unset)")
        return None
    if which("notify-send"):
        return ["notify-send"]
    reasons.append("notify-send is not installed")
    return None


def _run_quietly(argv: list[str]) -> str | None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
