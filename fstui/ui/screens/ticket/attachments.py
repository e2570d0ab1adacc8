"""The thread's attachments: pick one, then save it, open it, or read it in a pager.

Why a picker rather than a cursor in the thread: the thread is read by scrolling whole
messages; a list of every attachment (name, size, type, and whose message carried it) is one
key away (`a`) and fuzzy-filterable, which is how an agent finds "the screenshot" in a long
thread. Names and contents are the requester's: the store saves under a sanitised, free name
(never overwriting) with a size cap, and reads text for the pager sanitised.

Opening uses the system opener only when a graphical session can show the file (a display on
Linux, or macOS/Windows); the file goes to a private temporary directory first.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual.app import App

from fstui.api import AttachmentTooLarge
from fstui.store.attachments import NotText, is_text
from fstui.text import format_size, one_line
from fstui.ui.modals.pager import PagerScreen
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.screens.ticket.context import TicketContext
from fstui.ui.screens.ticket.thread import KIND_LABELS, EntryData

__all__ = [
    "ThreadAttachment",
    "attachment_line",
    "graphical_session",
    "run_attachment_action",
    "thread_attachments",
]

Action = Literal["save", "open", "read"]


@dataclass(frozen=True)
class ThreadAttachment:
    """One attachment and the message that carried it."""

    data: Mapping[str, Any]
    where: str


def thread_attachments(entries: Sequence[EntryData]) -> list[ThreadAttachment]:
    """Every attachment of the thread, in thread order."""
    found: list[ThreadAttachment] = []
    for entry in entries:
        where = f"{KIND_LABELS[entry.kind].lower()} by {one_line(entry.author, 40)}"
        found.extend(
            ThreadAttachment(item, where) for item in entry.attachments if isinstance(item, dict)
        )
    return found


def attachment_line(data: Mapping[str, Any]) -> str:
    """name · size · type, sanitised, one line."""
    name = one_line(str(data.get("name") or "attachment"), 80)
    size = data.get("size")
    kind = one_line(str(data.get("content_type") or ""), 40)
    parts = [name, format_size(size if isinstance(size, int) else None), kind]
    return "  ".join(p for p in parts if p)


def graphical_session(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Can a system opener show a file to the agent here?"""
    where = platform or sys.platform
    if where == "darwin" or where.startswith("win"):
        return True
    values = os.environ if env is None else env
    return bool(values.get("DISPLAY") or values.get("WAYLAND_DISPLAY"))


def _opener(path: Path) -> bool:
    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]
        return True
    command = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        subprocess.Popen(
            [command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def _actions(data: Mapping[str, Any]) -> list[Choice[Action]]:
    choices: list[Choice[Action]] = [Choice("save", "Save to the download directory")]
    if graphical_session():
        choices.append(Choice("open", "Open with the system's viewer"))
    if is_text(data):
        choices.append(Choice("read", "Read here (text)"))
    return choices


async def run_attachment_action(
    app: App[Any],
    context: TicketContext,
    entries: Sequence[EntryData],
    *,
    directory: Path | None = None,
) -> str | None:
    """Pick an attachment and what to do with it; returns what happened, in words."""
    found = thread_attachments(entries)
    if not found:
        return "This ticket has no attachments."
    choices = [
        Choice(index, attachment_line(item.data), hint=item.where)
        for index, item in enumerate(found)
    ]
    picked = await app.push_screen_wait(PickerScreen("Attachments", choices))
    if picked is None:
        return None
    item = found[picked]
    action = await app.push_screen_wait(
        PickerScreen(one_line(str(item.data.get("name") or "attachment"), 60), _actions(item.data))
    )
    if action is None:
        return None
    files = context.store.attachments
    try:
        if action == "read":
            text = await files.read_text(item.data)
            await app.push_screen_wait(PagerScreen(attachment_line(item.data), text))
            return None
        if action == "open":
            scratch = Path(tempfile.mkdtemp(prefix="fstui-open-"))
            saved = await files.save(item.data, scratch)
            opened = await asyncio.to_thread(_opener, saved.path)
            return f"Opened {saved.name}." if opened else "No viewer could be started."
        saved = await files.save(item.data, directory)
    except AttachmentTooLarge:
        return "Not saved: the attachment is larger than fstui downloads (nothing was kept)."
    except NotText as exc:
        return str(exc)
    return f"Saved {saved.name} ({format_size(saved.size)}) to {saved.path.parent}"
