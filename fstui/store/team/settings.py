"""Which Redis a profile's team mode uses, its password, and the share of the budget.

Team mode is off unless a profile sets ``redis_url`` or the environment has ``FSTUI_REDIS_URL``
(the environment wins, like ``FRESHSERVICE_DOMAIN`` does). The password may sit in the URL
(``redis://:secret@host:6379/0``) or come from ``redis_password_cmd``, run like ``api_key_cmd``:
without a shell, first line of its output, and only from a config file other users cannot change.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fstui.config.errors import ConfigError
from fstui.config.model import Config, Profile

__all__ = [
    "ENV_REDIS_URL",
    "TeamSettings",
    "check_redis_url",
    "redact_url",
    "run_password_command",
    "team_for_profile",
    "team_namespace",
    "team_settings",
]

ENV_REDIS_URL = "FSTUI_REDIS_URL"
_SCHEMES = ("redis", "rediss")
_UNSAFE = re.compile(r"[^a-z0-9.\-:]")


@dataclass(frozen=True)
class TeamSettings:
    url: str = field(repr=False)
    password_cmd: str | None = field(default=None, repr=False)
    share: float = 0.6
    source: str = "profile"  # "profile" or "environment"

    @property
    def tls(self) -> bool:
        return urlsplit(self.url).scheme == "rediss"

    @property
    def shown_url(self) -> str:
        return redact_url(self.url)


def check_redis_url(url: str) -> str | None:
    """What is wrong with ``url`` (None when it is a redis:// or rediss:// URL with a host)."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port
    except ValueError:
        return "redis_url is not a valid URL"
    if parts.scheme not in _SCHEMES:
        return 'redis_url must start with redis:// or rediss:// (TLS), e.g. "redis://host:6379/0"'
    if not parts.hostname:
        return "redis_url needs a host name"
    return None


def redact_url(url: str) -> str:
    """The URL without its password, for messages and the doctor."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(unparsable URL)"
    user = f"{parts.username}:***@" if parts.password else ""
    path = parts.path or ""
    return f"{parts.scheme}://{user}{host}{port}{path}"


def team_settings(
    redis_url: str | None,
    *,
    password_cmd: str | None = None,
    share: float = 0.6,
    env: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> TeamSettings | None:
    """The profile's team settings with the environment applied; None when team mode is off.

    With ``config`` (the file the profile came from), a ``redis_password_cmd`` is refused like
    ``api_key_cmd`` when other users could change that file and with it the command."""
    env = os.environ if env is None else env
    source = "profile"
    url = redis_url
    if env.get(ENV_REDIS_URL):
        url, source = env[ENV_REDIS_URL].strip(), "environment"
    if not url:
        return None
    problem = check_redis_url(url)
    if problem is not None:
        where = ENV_REDIS_URL if source == "environment" else "redis_url"
        raise ConfigError(problem.replace("redis_url", where, 1))
    if not 0 < share <= 1:
        raise ConfigError("team_share must be a number above 0 and at most 1")
    if password_cmd and config is not None:
        from fstui.config.credentials import check_command_source

        try:
            check_command_source(config)
        except ConfigError as exc:
            raise ConfigError(str(exc).replace("api_key_cmd", "redis_password_cmd")) from None
    return TeamSettings(url=url.strip(), password_cmd=password_cmd, share=share, source=source)


def team_for_profile(
    profile: Profile, config: Config | None = None, env: Mapping[str, str] | None = None
) -> TeamSettings | None:
    """Team mode for a selected profile (``select_profile`` has applied the environment), or
    None when it is off; raises ConfigError for a bad URL, share or password-command source."""
    return team_settings(
        profile.redis_url,
        password_cmd=profile.redis_password_cmd,
        share=profile.team_share,
        env=env,
        config=config,
    )


def run_password_command(command: str) -> str:
    """Run ``redis_password_cmd`` without a shell; the first line it prints is the password.

    Messages name the failure, never the command (it may hold a token of its own)."""
    try:
        argv = shlex.split(command)
        if not argv:
            raise ConfigError("redis_password_cmd is empty")
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except subprocess.TimeoutExpired:
        raise ConfigError("redis_password_cmd did not finish within 30 s") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"redis_password_cmd could not run ({type(exc).__name__})") from None
    if done.returncode != 0:
        raise ConfigError(f"redis_password_cmd exited with status {done.returncode}")
    lines = done.stdout.strip().splitlines()
    password = lines[0].strip() if lines else ""
    if not password:
        raise ConfigError("redis_password_cmd printed nothing")
    return password


def team_namespace(domain: str) -> str:
    """``fstui:{account domain}``: every key of one account, and no other account's, under it.

    ``acme.freshservice.com``, ``https://acme.freshservice.com/api/v2`` and ``ACME.freshservice
    .com`` are the same account; anything outside host characters is replaced, so a domain
    cannot reach into another namespace."""
    text = domain.strip()
    if "://" in text:
        text = urlsplit(text).netloc or text
    text = text.split("/", 1)[0].lower()
    return "fstui:" + _UNSAFE.sub("_", text)
