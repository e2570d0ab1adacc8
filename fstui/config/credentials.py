"""Where the API key comes from.

Order: the environment, the OS keyring (where one works: jump hosts often have
none), an `api_key_cmd` such as a password manager, and last a key in the file
itself, which is only used while the file is private to its owner.
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


def _run_key_command(command: str) -> str:
    """Run the user's key command without a shell; its stdout (first line) is the key."""
    try:
        argv = shlex.split(command)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"api_key_cmd could not run ({type(exc).__name__}): {command}") from None
    if done.returncode != 0:
        raise ConfigError(f"api_key_cmd exited with status {done.returncode}: {command}")
    key = done.stdout.strip().splitlines()[0].strip() if done.stdout.strip() else ""
    if not key:
        raise ConfigError(f"api_key_cmd printed nothing: {command}")
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
