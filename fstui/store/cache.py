"""The on-disk cache every fstui process of one user shares.

Why JSON only: the cache lives on hosts shared by many agents. A pickle in the cache would be code
that runs when read, so a value another user managed to plant must never be unpickled. The Disk
from fstui.private_disk refuses every pickle path diskcache has and only ever reads JSON text.

Why the permission dance: ticket bodies are customer data. The directory is 0700 and every file in
it (the sqlite db, its -wal/-shm, value files) 0600, and a directory owned by somebody else is
refused rather than used.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs

from fstui.private_disk import (
    UNSAFE_KEY,
    CacheDirError,
    UnsafeCacheValueError,
    ensure_private_dir,
    open_private_cache,
    tighten_tree,
)

__all__ = [
    "DEFAULT_SIZE_LIMIT",
    "NETWORK_FS_TYPES",
    "CacheDirError",
    "CacheLocation",
    "Entry",
    "JsonCache",
    "SecretLeakError",
    "UnsafeCacheValueError",
    "cache_dir_for",
    "filesystem_type",
    "first_frame_path",
    "resolve_cache_dir",
]

DEFAULT_SIZE_LIMIT = 512 * 1024 * 1024


class SecretLeakError(ValueError):
    """A value about to be written contains the API key; the message never repeats the key."""


# Everything fits in sqlite: fewer files to keep private and a single place to grep.
_MIN_FILE_SIZE = 1 << 30

NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "fuse.sshfs",
        "sshfs",
        "davfs",
        "fuse.davfs2",
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    """A cached value and when it was stored (epoch seconds), so callers can show its age."""

    value: Any
    stored_at: float


class CacheLocation(NamedTuple):
    """Where the cache lives, and a warning for the UI when it had to move off a network FS."""

    path: Path
    warning: str | None


def _secret_forms(secret: str) -> set[str]:
    """The shapes an API key takes in text: itself, JSON-escaped, and as a Basic auth token."""
    forms = {secret, json.dumps(secret)[1:-1]}
    for password in ("X", "x", ""):
        forms.add(base64.b64encode(f"{secret}:{password}".encode()).decode("ascii"))
    return {form for form in forms if form}


class JsonCache:
    """A process- and thread-safe key/value store of JSON values with their storage time.

    Freshness is decided by the caller (see freshness.py); this layer only remembers when.
    """

    def __init__(
        self,
        directory: Path,
        *,
        size_limit: int = DEFAULT_SIZE_LIMIT,
        secrets: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._directory = Path(directory)
        self._clock = clock
        self._secret_forms: set[str] = set()
        for secret in secrets:
            self.forbid(secret)
        self._cache = open_private_cache(
            self._directory,
            size_limit=size_limit,
            disk_min_file_size=_MIN_FILE_SIZE,
            eviction_policy="least-recently-stored",
        )

    @property
    def directory(self) -> Path:
        return self._directory

    def forbid(self, secret: str) -> None:
        """Never write a value containing `secret` (the API key) from now on."""
        if secret:
            self._secret_forms |= _secret_forms(secret)

    def _check_secret(self, key: str, text: str) -> None:
        for form in self._secret_forms:
            if form in key:
                raise SecretLeakError("refusing to cache: the key contains the API key")
            if form in text:
                raise SecretLeakError(f"refusing to cache {key!r}: the value contains the API key")

    def get(self, key: str) -> Entry | None:
        """The entry under `key`; None when missing or unreadable (unreadable rows are dropped)."""
        try:
            text = self._cache.get(key, default=None, retry=True)
        except (UnsafeCacheValueError, OSError, sqlite3.DatabaseError):
            self._drop(key)
            return None
        if text is None:
            return None
        try:
            wrapper = json.loads(text)
            return Entry(value=wrapper["v"], stored_at=float(wrapper["t"]))
        except (ValueError, TypeError, KeyError):
            self._drop(key)
            return None

    def set(self, key: str, value: Any) -> Entry:
        """Store `value` (JSON-serialisable) now; raises SecretLeakError if it holds the API key."""
        stored_at = self._clock()
        text = json.dumps({"v": value, "t": stored_at}, ensure_ascii=False, separators=(",", ":"))
        self._check_secret(key, text)
        self._cache.set(key, text, retry=True)
        return Entry(value=value, stored_at=stored_at)

    def delete(self, key: str) -> bool:
        return bool(self._cache.delete(key, retry=True))

    def _drop(self, key: str) -> None:
        with contextlib.suppress(Exception):
            self._cache.delete(key, retry=True)

    def keys(self, prefix: str = "") -> list[str]:
        """All keys starting with `prefix`, sorted."""
        return sorted(
            key
            for key in self._iter_keys()
            if isinstance(key, str) and key != UNSAFE_KEY and key.startswith(prefix)
        )

    def _iter_keys(self) -> Iterator[Any]:
        return iter(self._cache.iterkeys())

    def delete_prefix(self, prefix: str) -> int:
        """Delete every key starting with `prefix`; returns how many went."""
        count = 0
        for key in self.keys(prefix):
            count += self.delete(key)
        return count

    def volume(self) -> int:
        """Approximate bytes on disk."""
        return int(self._cache.volume())

    def close(self) -> None:
        self._cache.close()
        tighten_tree(self._directory)

    def __enter__(self) -> JsonCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"JsonCache({str(self._directory)!r})"


# --- where the cache lives -------------------------------------------------------------------


def _unescape_mount(field: str) -> str:
    """/proc/mounts escapes space, tab, newline and backslash as octal (\\040...)."""
    out: list[str] = []
    index = 0
    while index < len(field):
        escape = field[index + 1 : index + 4]
        if field[index] == "\\" and len(escape) == 3 and escape.isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def filesystem_type(path: Path, mounts_text: str) -> str | None:
    """The fs type of the mount whose mount point is the longest prefix of `path`."""
    target = Path(os.path.abspath(path))
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = Path(_unescape_mount(fields[1]))
        if target == mount_point or mount_point in target.parents:
            depth = len(mount_point.parts)
            if best is None or depth >= best[0]:
                best = (depth, fields[2])
    return best[1] if best else None


def _is_network_fs(fs_type: str | None) -> bool:
    if fs_type is None:
        return False
    fs_type = fs_type.lower()
    return fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "smb", "cifs"))


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def first_frame_path(profile: str) -> Path:
    """Where the queue's last frame for `profile` is kept (fstui.ui.first_frame): beside its
    cache directory, so the next start finds it before opening the cache."""
    base = Path(platformdirs.user_cache_dir("fstui"))
    return base / f"{_safe_profile(profile)}.first-frame.json"


def _safe_profile(profile: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in profile).strip(".")
    return cleaned or "default"


def _local_fallback(profile: str, temp_root: Path | None) -> Path:
    """A per-user local directory: $XDG_RUNTIME_DIR when present, else <tmp>/fstui-<uid>."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    if temp_root is None:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        temp_root = Path(runtime) if runtime and Path(runtime).is_dir() else None
    root = (temp_root or Path(tempfile.gettempdir())) / f"fstui-{uid}"
    try:
        ensure_private_dir(root)
    except CacheDirError:
        # Somebody pre-created the predictable name: take an unpredictable one instead.
        root = Path(tempfile.mkdtemp(prefix=f"fstui-{uid}-", dir=temp_root))
    return root / profile


def resolve_cache_dir(
    profile: str,
    *,
    user_cache_dir: Path | None = None,
    mounts_text: str | None = None,
    temp_root: Path | None = None,
) -> CacheLocation:
    """The cache directory for `profile`, moved to local disk when the home is on NFS/SMB.

    sqlite's locking is unreliable on network file systems (corruption, hangs), and one home
    directory mounted on several hosts would mix their budgets, so a network location is swapped
    for a local per-user directory and the UI says so.
    """
    name = _safe_profile(profile)
    base = Path(user_cache_dir) if user_cache_dir else Path(platformdirs.user_cache_dir("fstui"))
    preferred = base / name
    mounts = _read_mounts() if mounts_text is None else mounts_text
    probe = Path(os.path.realpath(preferred))
    fs_type = filesystem_type(probe, mounts)
    if not _is_network_fs(fs_type):
        return CacheLocation(preferred, None)
    fallback = _local_fallback(name, temp_root)
    warning = (
        f"Cache directory {preferred} is on a network file system ({fs_type}); "
        f"using local {fallback} instead (cache and request budget are per host)."
    )
    return CacheLocation(fallback, warning)


def cache_dir_for(profile: str) -> Path:
    """The cache directory for `profile` (see resolve_cache_dir for the warning on fallback)."""
    return resolve_cache_dir(profile).path
