"""Attachments from the server: saved to a directory, or read as text for a pager.

Why so careful: an attachment's name and bytes come from whoever emailed the ticket. A name is
turned into a path only after `safe_filename` (no directories, no traversal, no control or
invisible characters, no leading dots that hide the file, no names Windows reserves, capped
length), the path is proven to sit inside the chosen directory, and an existing file is never
overwritten (`report.pdf` becomes `report (1).pdf`). The bytes are streamed to disk with a
size cap (the client's `download_attachment`), so a huge or endless answer fills nothing.
A text attachment shown in a pager is read with a smaller cap and sanitised like any server
text (fstui.text.sanitize).
"""

from __future__ import annotations

import asyncio
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from fstui.api import TICKET_ATTACHMENT_LIMIT, Attachment, Priority
from fstui.store.plumbing import Plumbing
from fstui.text import sanitize

__all__ = [
    "AttachmentFiles",
    "NotText",
    "SavedAttachment",
    "free_path",
    "safe_filename",
]

MAX_NAME_BYTES = 200
"""Below every common file system's 255-byte name limit, with room for " (99)"."""
PAGER_LIMIT = 2 * 1024 * 1024
"""A text attachment larger than this is saved, not paged."""
_FORBIDDEN = set('<>:"/\\|?*')
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-log")
_TEXT_SUFFIXES = {".txt", ".log", ".csv", ".json", ".xml", ".md", ".ini", ".cfg", ".conf", ".yaml"}


class NotText(ValueError):
    """The attachment is not text a pager can show (save it or open it instead)."""


@dataclass(frozen=True)
class SavedAttachment:
    """Where a download landed; `name` is the sanitised name it got."""

    path: Path
    size: int
    name: str


def _cap_bytes(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def safe_filename(name: str | None, *, fallback: str = "attachment") -> str:
    """A name that is only a file name, whatever the server sent.

    Keeps the last path segment (``../../etc/passwd`` -> ``passwd``), drops control and
    invisible characters and those Windows refuses, leading dots and spaces (a hidden or
    relative name), trailing dots and spaces, and caps the length keeping the extension.
    """
    text = unicodedata.normalize("NFC", (name or "")[-4096:])
    text = text.replace("\\", "/").split("/")[-1][:1000]
    text = sanitize(text, max_line=None)
    text = "".join(
        ch
        for ch in text
        if ch not in _FORBIDDEN and unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")
    )
    text = " ".join(text.split())
    text = text.lstrip(". ").rstrip(". ")
    if not text:
        return fallback
    stem, dot, suffix = text.rpartition(".")
    if not dot or not stem:
        stem, suffix = text, ""
    if stem.split(".")[0].lower() in _RESERVED:
        stem = f"_{stem}"
    suffix = _cap_bytes(suffix, 20)
    ending = f".{suffix}" if suffix else ""
    stem = _cap_bytes(stem, MAX_NAME_BYTES - len(ending.encode("utf-8"))).rstrip(". ")
    return f"{stem or fallback}{ending}"


def free_path(directory: Path, name: str) -> Path:
    """``directory/name``, or ``name (1)``, ``name (2)``... : the first that does not exist."""
    candidate = directory / name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    ending = f".{suffix}" if suffix else ""
    number = 0
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = directory / f"{stem} ({number}){ending}"
    return candidate


def _inside(directory: Path, path: Path) -> bool:
    return path.resolve().parent == directory.resolve()


def as_attachment(value: Attachment | Mapping[str, Any]) -> Attachment:
    return value if isinstance(value, Attachment) else Attachment.parse_tolerant(dict(value))


def is_text(attachment: Attachment | Mapping[str, Any]) -> bool:
    """Text by its declared type or, when the type says nothing, by its name."""
    item = as_attachment(attachment)
    kind = (item.content_type or "").lower()
    if kind.startswith(_TEXT_TYPES):
        return True
    if kind in ("", "application/octet-stream"):
        return Path(item.name or "").suffix.lower() in _TEXT_SUFFIXES
    return False


class AttachmentFiles:
    """Saving and reading the attachments of tickets and conversations."""

    def __init__(self, plumbing: Plumbing, *, directory: Path | None = None) -> None:
        self._p = plumbing
        self._directory = directory

    @property
    def directory(self) -> Path:
        """Where saves go unless told: the configured one, else the user's downloads."""
        return self._directory or platformdirs.user_downloads_path()

    @directory.setter
    def directory(self, path: Path | None) -> None:
        self._directory = path

    async def save(
        self,
        attachment: Attachment | Mapping[str, Any],
        directory: Path | None = None,
        *,
        max_bytes: int = TICKET_ATTACHMENT_LIMIT,
    ) -> SavedAttachment:
        """Download into `directory` (made if missing) under a safe, free name."""
        item = as_attachment(attachment)
        if item.id is None:
            raise ValueError("this attachment has no id to download it by")
        folder = (directory or self.directory).expanduser()
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        name = safe_filename(item.name)
        for _ in range(20):  # another process may take the free name first
            target = await asyncio.to_thread(free_path, folder, name)
            if not _inside(folder, target):  # safe_filename makes this impossible; prove it
                raise ValueError("refusing a name that leaves the download directory")
            try:
                saved = await self._p.call(
                    self._p.client.download_attachment(
                        item.id, target, max_bytes=max_bytes, priority=Priority.INTERACTIVE
                    )
                )
            except FileExistsError:
                continue
            return SavedAttachment(saved.path, saved.size, target.name)
        raise FileExistsError(f"no free name for {name} in {folder}")

    async def read_text(
        self, attachment: Attachment | Mapping[str, Any], *, max_bytes: int = PAGER_LIMIT
    ) -> str:
        """The attachment's text for a pager: capped, decoded leniently, sanitised."""
        item = as_attachment(attachment)
        if not is_text(item):
            raise NotText(f"{safe_filename(item.name)} is not a text file")
        if item.id is None:
            raise ValueError("this attachment has no id to download it by")
        with tempfile.TemporaryDirectory(prefix="fstui-") as scratch:
            target = Path(scratch) / "attachment"
            await self._p.call(
                self._p.client.download_attachment(
                    item.id, target, max_bytes=max_bytes, priority=Priority.INTERACTIVE
                )
            )
            data = await asyncio.to_thread(target.read_bytes)
        text = data.decode("utf-8", errors="replace")
        return sanitize(text, keep_newlines=True)
