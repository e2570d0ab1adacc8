"""Where the API key comes from.

Order: the environment, the OS keyring (where one works: jump hosts often have
none), an `api_key_cmd` such as a password manager, and last a key in the file
itself, which is only used while the file is private to its owner.

`api_key_cmd` is a program the agent's account runs, so whoever can change the file chooses
that program: it only runs from a file (and a directory) that no one else can write. Its errors
never repeat the command line, which may carry a secret of its own.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from fstui.config.errors import ConfigError
from fstui.config.model import Config, Profile

ENV_KEY = "FRESHSERVICE_API_KEY"
KEYRING_SERVICE = "fstui"


class KeySource(Enum):
    ENVIRONMENT = "environment ($FRESHSERVICE_API_KEY)"
    KEYRING = "OS keyring"
    COMMAND = "api_key_cmd"
    CONFIG_FILE = "config file"


@dataclass(frozen=True)
class ResolvedKey:
    """The key and where it came from; the repr never shows the key."""

    value: str
    source: KeySource
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"ResolvedKey(source={self.source.name}, value=<redacted>)"


KeyringGetter = Callable[[str, str], str | None]


def resolve_api_key(
    profile: Profile,
    config: Config,
    env: Mapping[str, str] | None = None,
    keyring_get: KeyringGetter | None = None,
) -> ResolvedKey | None:
    """Find the key for `profile`, or None when no source has one."""
    env = os.environ if env is None else env
    warnings: list[str] = []
    if env.get(ENV_KEY):
        return ResolvedKey(env[ENV_KEY].strip(), KeySource.ENVIRONMENT)
    getter = keyring_get if keyring_get is not None else _system_keyring
    from_keyring = getter(KEYRING_SERVICE, profile.name)
    if from_keyring:
        return ResolvedKey(from_keyring.strip(), KeySource.KEYRING)
    if profile.api_key_cmd:
        check_command_source(config)
        return ResolvedKey(_run_key_command(profile.api_key_cmd), KeySource.COMMAND)
    if profile.api_key:
        mode = config.file_mode or 0
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            warnings.append(
                f"{config.path} holds an API key and other users can read it "
                f"(mode {mode:o}). The key is not used until you run: chmod 600 {config.path}"
            )
            raise ConfigError(warnings[-1])
        return ResolvedKey(profile.api_key.strip(), KeySource.CONFIG_FILE, tuple(warnings))
    return None


def check_command_source(config: Config) -> None:
    """Refuse `api_key_cmd` from a file, or a directory, that other users can write.

    Group or world write on the file lets another user edit the command; on the directory it
    lets them replace the file (unless the sticky bit keeps them to their own files). A file
    owned by someone else is theirs to edit. Any of these means the command is not the agent's.
    """
    path = config.path
    if path is None:
        return
    try:
        info = os.stat(path)
        parent = os.stat(path.parent)
    except OSError as exc:
        raise ConfigError(f"api_key_cmd not run: cannot check {path}: {exc.strerror}") from None
    writable = stat.S_IWGRP | stat.S_IWOTH
    mode = stat.S_IMODE(info.st_mode)
    if mode & writable:
        raise ConfigError(
            f"api_key_cmd not run: other users can change {path} (mode {mode:o}) and with it "
            f"the command. Run: chmod go-w {path}"
        )
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is not None and info.st_uid not in (uid, 0):
        raise ConfigError(f"api_key_cmd not run: {path} belongs to another user.")
    parent_mode = stat.S_IMODE(parent.st_mode)
    if parent_mode & writable and not parent_mode & stat.S_ISVTX:
        raise ConfigError(
            f"api_key_cmd not run: other users can replace {path} because its directory is "
            f"writable by them (mode {parent_mode:o}). Run: chmod go-w {path.parent}"
        )


def _run_key_command(command: str) -> str:
    """Run the user's key command without a shell; its stdout (first line) is the key.

    Messages name the program's failure, never the command line: people do write
    `api_key_cmd = "curl -H 'token: ...'"`, and errors are shown and logged.
    """
    try:
        argv = shlex.split(command)
        if not argv:
            raise ConfigError("api_key_cmd is empty: set it to a command that prints the key")
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        raise ConfigError("api_key_cmd did not finish within 30 s") from None
    except FileNotFoundError:
        raise ConfigError("api_key_cmd could not run: its program was not found") from None
    except PermissionError:
        raise ConfigError("api_key_cmd could not run: its program is not executable") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"api_key_cmd could not run ({type(exc).__name__})") from None
    if done.returncode != 0:
        raise ConfigError(f"api_key_cmd exited with status {done.returncode}")
    key = done.stdout.strip().splitlines()[0].strip() if done.stdout.strip() else ""
    if not key:
        raise ConfigError("api_key_cmd printed nothing")
    return key


def _system_keyring(service: str, username: str) -> str | None:
    """Ask the OS keyring if the optional `keyring` package is installed and has a backend."""
    try:
        import keyring  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        value = keyring.get_password(service, username)
    except Exception:  # no backend (headless jump host) is normal, not an error
        return None
    return value if isinstance(value, str) else None
