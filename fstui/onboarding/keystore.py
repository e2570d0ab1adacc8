"""Where `fstui init` puts the API key: the OS keyring when one works, else a private file.

Jump hosts often have no keyring (no D-Bus, no Secret Service), and the `keyring` package is an
optional dependency, so each of "not installed", "no backend" and "the fail backend" means the
file. The key never goes into config.toml itself: the config only points to the file, and the
file is written 0600 or not at all. A file that other users could read is refused, both when it
already exists with a loose mode and when the file system cannot keep it private.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from fstui.config.credentials import KEYRING_SERVICE, KeySource, ResolvedKey, resolve_api_key
from fstui.config.errors import ConfigError
from fstui.config.model import Config, Profile

__all__ = [
    "KeyStorageError",
    "KeyringBackend",
    "StoredKey",
    "key_file_for",
    "profile_key",
    "read_key_file",
    "store_key",
    "system_keyring",
    "write_key_file",
]


class KeyStorageError(Exception):
    """The key could not be stored safely; the message says what to fix."""


class KeyringBackend(Protocol):
    """The two calls fstui needs from a `keyring` backend (tests pass a dict-backed fake)."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...


@dataclass(frozen=True)
class StoredKey:
    """Where the key went, in words for the user and as the config needs it."""

    description: str
    path: Path | None = None  # the key file; None when the keyring holds the key

    @property
    def in_keyring(self) -> bool:
        return self.path is None


def system_keyring() -> KeyringBackend | None:
    """The OS keyring backend, or None when `keyring` is missing or has nothing usable."""
    try:
        import keyring  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        backend: Any = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is "no keyring", not a crash
        return None
    return backend if usable_backend(backend) else None


def usable_backend(backend: Any) -> bool:
    """False for keyring's fail backend, an empty chainer, or one that says it cannot work."""
    module = type(backend).__module__
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return False
    if module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None):
        return False
    try:
        priority = float(getattr(type(backend), "priority", 1))
    except Exception:  # keyring raises from `priority` when a backend is not viable
        return False
    return priority > 0


def key_file_for(config_path: Path, profile: str) -> Path:
    """The key file beside the config: ``~/.config/fstui/<profile>.key``."""
    return config_path.parent / f"{profile}.key"


def store_key(
    profile: str, key: str, *, key_file: Path, keyring: KeyringBackend | None
) -> StoredKey:
    """Put the key in the keyring (read back to be sure), else in ``key_file`` (0600)."""
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, profile, key)
            if keyring.get_password(KEYRING_SERVICE, profile) == key:
                return StoredKey(f"OS keyring (service {KEYRING_SERVICE!r}, user {profile!r})")
        except Exception:  # locked or refusing keyring: the file is the fallback
            pass
    write_key_file(key_file, key)
    return StoredKey(f"{key_file} (mode 600)", key_file)


def write_key_file(path: Path, key: str) -> None:
    """Write ``key`` to ``path`` readable by its owner only, atomically, or raise."""
    directory = path.parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    dir_mode = stat.S_IMODE(directory.stat().st_mode)
    if dir_mode & stat.S_IWOTH and not dir_mode & stat.S_ISVTX:
        raise KeyStorageError(
            f"Refusing to write the API key into {directory}: any user can replace files there "
            f"(mode {dir_mode:o}). Run: chmod 700 {directory}"
        )
    try:
        existing = path.lstat()
    except FileNotFoundError:
        existing = None
    if existing is not None:
        if stat.S_ISLNK(existing.st_mode) or not stat.S_ISREG(existing.st_mode):
            raise KeyStorageError(f"Refusing to write the API key: {path} is not a plain file.")
        mode = stat.S_IMODE(existing.st_mode)
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyStorageError(
                f"Refusing to write the API key to {path}: other users can read it "
                f"(mode {mode:o}). Run: chmod 600 {path} (or delete it), then fstui init again."
            )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)
            mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise KeyStorageError(
                    f"Refusing to write the API key to {directory}: the file system there cannot "
                    f"keep a file private (it shows mode {mode:o}). Use a local config directory "
                    "($FSTUI_CONFIG) or an OS keyring."
                )
            handle.write(key + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def read_key_file(path: Path) -> str:
    """The key in ``path``; refused while other users can read the file."""
    try:
        info = path.stat()
        mode = stat.S_IMODE(info.st_mode)
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyStorageError(
                f"{path} holds an API key and other users can read it (mode {mode:o}). "
                f"The key is not used until you run: chmod 600 {path}"
            )
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyStorageError(f"Cannot read the API key file {path}: {exc.strerror}") from None
    key = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not key:
        raise KeyStorageError(f"The API key file {path} is empty: run fstui init again.")
    return key


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def profile_key(
    profile: Profile, config: Config, env: Mapping[str, str] | None = None
) -> ResolvedKey | None:
    """The key the app uses: the config layer's sources, then the profile's ``api_key_file``.

    Until ``resolve_api_key`` learns about key files itself, the CLI and doctor ask here.
    """
    found = resolve_api_key(profile, config, env)
    if found is not None or not profile.api_key_file:
        return found
    try:
        value = read_key_file(Path(profile.api_key_file).expanduser())
    except KeyStorageError as exc:
        raise ConfigError(str(exc)) from None
    return ResolvedKey(value, KeySource.CONFIG_FILE)
