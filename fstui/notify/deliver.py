"""Telling the agent: the bell, a terminal notification, a desktop notification.

Not Textual: the app passes ``write`` (how bytes reach its terminal, e.g. its driver's write)
and fstui's own notification list is the in-app screen. Quiet notifications (quiet hours) are
not delivered here at all; they only appear in the list.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Iterable

from fstui.notify.capabilities import Capabilities
from fstui.notify.sequences import BELL, clean, osc9, osc777, tmux_wrap
from fstui.store.notifications import Notification

__all__ = ["Deliverer", "desktop_argv"]


def desktop_argv(notifier: list[str], title: str, body: str) -> list[str]:
    """The notifier's command line; text goes in as arguments, never through a shell."""
    title, body = clean(f"fstui: {title}", 80), clean(body, 200)
    if notifier[0] == "osascript":
        return [
            "osascript",
            "-e",
            "on run argv",
            "-e",
            "display notification (item 2 of argv) with title (item 1 of argv)",
            "-e",
            "end run",
            title,
            body,
        ]
    return [*notifier, "--app-name=fstui", "--", title, body]


class Deliverer:
    def __init__(
        self,
        capabilities: Capabilities,
        write: Callable[[str], object],
        *,
        run: Callable[[list[str]], object] | None = None,
    ) -> None:
        self.capabilities = capabilities
        self._write = write
        self._run = run or _spawn

    def deliver(self, notifications: Iterable[Notification]) -> list[str]:
        """Deliver each loud notification; one bell per batch. Returns the channels used."""
        loud = [n for n in notifications if not n.quiet]
        if not loud:
            return []
        used: list[str] = []
        caps = self.capabilities
        if caps.bell:
            self._write(BELL)
            used.append("bell")
        for notification in loud:
            if caps.terminal:
                make = osc9 if caps.terminal == "osc9" else osc777
                sequence = make(notification.title, notification.body)
                self._write(tmux_wrap(sequence) if caps.tmux else sequence)
                used.append(caps.terminal)
            if caps.desktop:
                self._run(desktop_argv(caps.desktop, notification.title, notification.body))
                used.append("desktop")
        return used


def _spawn(argv: list[str]) -> None:
    """Start the notifier and do not wait for it (notify-send can block on a slow D-Bus)."""
    with contextlib.suppress(OSError):
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
