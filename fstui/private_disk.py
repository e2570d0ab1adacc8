"""diskcache, made private and pickle-free, for everything fstui keeps on disk.

Why one module: the response cache (fstui.store) and the shared rate-limit budget
(fstui.api.ratelimit) live on hosts shared by many agents. A pickle in either would be code
that runs when read, and a world-readable sqlite file would leak customer data, so both open
their diskcache through here: JSON text only, directory 0700, files 0600. Single private
files (the config, the kept first frame) are written by `write_private_text`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import diskcache

_DIR_MODE = 0o700
_FILE_MODE = 0o600
UNSAFE_KEY = "\x00fstui-unsafe-key"
_umask_lock = threading.Lock()


class CacheDirError(OSError):
    """The cache directory cannot be made private to this user (e.g. owned by someone else)."""


class UnsafeCacheValueError(ValueError):
    """A row in the cache is not JSON text (e.g. a planted pickle); it is never deserialised."""


class JsonTextDisk(diskcache.Disk):  # type: ignore[misc]
    """A diskcache Disk that stores only str keys and JSON text values and never unpickles."""

    def put(self, key: Any) -> tuple[Any, bool]:
        if type(key) is not str:
            raise TypeError("fstui cache keys must be str")
        return key, True

    def get(self, key: Any, raw: bool) -> Any:
        if not raw or type(key) is not str:
            # A non-raw key would be a pickle: report it as a key nobody asks for.
            return UNSAFE_KEY
        return key

    def store(self, value: Any, read: bool, key: Any = diskcache.UNKNOWN) -> Any:
        if read or type(value) is not str:
            raise TypeError("fstui cache values must be JSON text")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if read or mode not in (diskcache.core.MODE_RAW, diskcache.core.MODE_TEXT):
            raise UnsafeCacheValueError(f"cache row has unsupported mode {mode}")
        if mode == diskcache.core.MODE_RAW and type(value) is not str:
            raise UnsafeCacheValueError("cache row is not text")
        return super().fetch(mode, filename, value, read)

    def _write(
        self, full_path: str, iterator: Iterable[Any], mode: str, encoding: str | None = None
    ) -> int:
        # Only reached for values above _MIN_FILE_SIZE; kept private all the same.
        full_dir = os.path.dirname(full_path)
        os.makedirs(full_dir, mode=_DIR_MODE, exist_ok=True)
        fd = os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        size = 0
        with open(fd, "w" if "b" not in mode else "wb", encoding=encoding) as writer:
            for chunk in iterator:
                size += len(chunk)
                writer.write(chunk)
        return size


def write_private_text(path: Path, text: str) -> None:
    """Replace `path` with `text` atomically, the file 0600 (a new directory 0700): a crash
    mid-write leaves the old file or none, never half of one, and nobody else can read it.
    Raises OSError; the temporary file is gone either way."""
    path.parent.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), _FILE_MODE)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` 0700 or make an existing one 0700; refuse one owned by somebody else."""
    old_umask = os.umask(0o077)
    try:
        directory.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)
    info = directory.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise CacheDirError(f"cache path {directory} is not a plain directory")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise CacheDirError(f"cache directory {directory} belongs to another user")
    if stat.S_IMODE(info.st_mode) != _DIR_MODE:
        directory.chmod(_DIR_MODE)


def tighten_tree(directory: Path) -> None:
    """chmod everything below `directory` to 0700 dirs / 0600 files (sqlite db, -wal, -shm)."""
    for root, dirs, files in os.walk(directory):
        for name in dirs:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(os.path.join(root, name), _DIR_MODE, follow_symlinks=False)
        for name in files:
            path = os.path.join(root, name)
            with contextlib.suppress(FileNotFoundError):
                if not os.path.islink(path):
                    os.chmod(path, _FILE_MODE)


def open_private_cache(directory: Path, **settings: Any) -> Any:
    """A diskcache.Cache on JsonTextDisk in a private directory, its files 0600."""
    ensure_private_dir(directory)
    # umask is process-wide: hold it tight only while sqlite creates the db and its WAL.
    with _umask_lock:
        old_umask = os.umask(0o077)
        try:
            cache = diskcache.Cache(str(directory), disk=JsonTextDisk, **settings)
        finally:
            os.umask(old_umask)
    tighten_tree(directory)
    return cache
