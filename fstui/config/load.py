"""Finding, reading and checking the TOML config file."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from fstui.config.errors import ConfigError
from fstui.config.model import Config, NotificationPrefs, Profile, SavedQueue

ENV_DOMAIN = "FRESHSERVICE_DOMAIN"
ENV_CONFIG = "FSTUI_CONFIG"
ENV_REDIS_URL = "FSTUI_REDIS_URL"
_T = TypeVar("_T")
PLANS = ("starter", "growth", "pro", "enterprise", "unlimited")


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the config lives: $FSTUI_CONFIG, else the platform's user config dir."""
    env = os.environ if env is None else env
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("fstui") / "config.toml"


def load_config(path: Path) -> Config:
    """Read the file; a missing file is an empty config (first run), never an error."""
    try:
        raw = path.read_bytes()
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return Config(path=path, profiles={})
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    default = data.get("default_profile", "default")
    if not isinstance(default, str):
        raise ConfigError(f"{path}: default_profile must be a string")
    profiles_raw = data.get("profiles", {})
    if not isinstance(profiles_raw, dict):
        raise ConfigError(f"{path}: [profiles] must be a table of profiles")
    profiles = {name: _profile(name, body, path) for name, body in profiles_raw.items()}
    return Config(path=path, profiles=profiles, default_profile=default, file_mode=mode)


def select_profile(
    config: Config, name: str | None, env: Mapping[str, str] | None = None
) -> Profile:
    """Pick the profile and apply environment overrides (the domain from $FRESHSERVICE_DOMAIN)."""
    env = os.environ if env is None else env
    wanted = name or config.default_profile
    profile = config.profiles.get(wanted)
    if profile is None:
        if name is not None:
            known = ", ".join(sorted(config.profiles)) or "none"
            raise ConfigError(f"No profile named {name!r} in {config.path} (profiles: {known}).")
        profile = Profile(name=wanted)
    if env.get(ENV_DOMAIN):
        profile = replace(profile, domain=env[ENV_DOMAIN])
    if env.get(ENV_REDIS_URL):
        redis_url = env[ENV_REDIS_URL].strip()
        _check_redis_url(redis_url, ENV_REDIS_URL)
        profile = replace(profile, redis_url=redis_url)
    return profile


def _profile(name: str, body: Any, path: Path) -> Profile:
    where = f"{path}: [profiles.{name}]"
    if not isinstance(body, dict):
        raise ConfigError(f"{where} must be a table")
    known = {
        "domain", "plan", "workspace_id", "email", "refresh_interval", "saved_queues",
        "keymap", "theme", "api_key_cmd", "api_key", "bell_on_urgent",
        "api_key_file", "notifications",
        "redis_url", "redis_password_cmd", "team_share", "download_dir",
    }  # fmt: skip
    unknown = sorted(set(body) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    plan = _opt(body, "plan", str, where)
    if plan is not None and plan.lower() not in PLANS:
        raise ConfigError(f"{where}: plan must be one of {', '.join(PLANS)}, not {plan!r}")
    interval = body.get("refresh_interval", 60)
    if not isinstance(interval, int | float) or isinstance(interval, bool) or interval < 5:
        raise ConfigError(f"{where}: refresh_interval must be a number of seconds >= 5")
    redis_url = _opt(body, "redis_url", str, where)
    if redis_url is not None:
        _check_redis_url(redis_url.strip(), f"{where}: redis_url")
    share = body.get("team_share", 0.6)
    if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
        raise ConfigError(f"{where}: team_share must be a number above 0 and at most 1")
    download = _opt(body, "download_dir", str, where)
    if download is not None and not download.strip():
        raise ConfigError(f"{where}: download_dir must name a directory (or be left out)")
    keymap = body.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        raise ConfigError(f'{where}: keymap must map action ids to keys, e.g. assign_me = "ctrl+a"')
    return Profile(
        name=name,
        domain=_opt(body, "domain", str, where),
        plan=plan.lower() if plan else None,
        workspace_id=_opt(body, "workspace_id", int, where),
        email=_opt(body, "email", str, where),
        refresh_interval=float(interval),
        saved_queues=_saved_queues(body.get("saved_queues", []), where),
        keymap=dict(keymap),
        theme=_opt(body, "theme", str, where),
        api_key_cmd=_opt(body, "api_key_cmd", str, where),
        api_key=_opt(body, "api_key", str, where),
        bell_on_urgent=bool(body.get("bell_on_urgent", False)),
        api_key_file=_opt(body, "api_key_file", str, where),
        notifications=_notifications(body.get("notifications", {}), f"{where[:-1]}.notifications]"),
        redis_url=redis_url.strip() if redis_url else None,
        redis_password_cmd=_opt(body, "redis_password_cmd", str, where),
        team_share=float(share),
        download_dir=Path(download.strip()).expanduser() if download else None,
    )


def _check_redis_url(url: str, where: str) -> None:
    """Team mode's Redis: redis:// or rediss:// (TLS) with a host. The message never repeats
    the URL, which may carry a password."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        raise ConfigError(f"{where} is not a valid URL") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ConfigError(f'{where} must look like "redis://host:6379/0" (rediss:// for TLS)')


def _opt(body: dict[str, Any], key: str, kind: type[_T], where: str) -> _T | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ConfigError(f"{where}: {key} must be a {kind.__name__}")
    return value


_QUIET = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _notifications(raw: Any, where: str) -> NotificationPrefs:
    """The notification table: per-kind switches, lead time, quiet hours and the channels."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    defaults = NotificationPrefs()
    unknown = sorted(set(raw) - set(defaults.__dataclass_fields__))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    flags = {
        name: _opt(raw, name, bool, where)
        for name in ("assigned", "group", "reply", "due", "approval", "bell", "desktop")
    }
    minutes = _opt(raw, "due_minutes", int, where)
    if minutes is not None and not 1 <= minutes <= 24 * 60:
        raise ConfigError(f"{where}: due_minutes must be between 1 and 1440")
    quiet = _opt(raw, "quiet_hours", str, where)
    if quiet is not None and not _QUIET.match(quiet.strip()):
        raise ConfigError(f'{where}: quiet_hours must look like "22:00-07:00"')
    terminal = _opt(raw, "terminal", str, where)
    if terminal is not None and terminal not in ("auto", "osc9", "osc777", "off"):
        raise ConfigError(f"{where}: terminal must be one of auto, osc9, osc777, off")
    return replace(
        defaults,
        **{k: v for k, v in flags.items() if v is not None},
        due_minutes=defaults.due_minutes if minutes is None else minutes,
        quiet_hours=quiet.strip() if quiet else None,
        terminal=terminal or defaults.terminal,
        tmux_passthrough=_opt(raw, "tmux_passthrough", bool, where),
    )


def _saved_queues(raw: Any, where: str) -> tuple[SavedQueue, ...]:
    if not isinstance(raw, list):
        raise ConfigError(
            f'{where}: saved_queues must be a list of {{name = "...", query = "..."}}'
        )
    queues = []
    for i, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("query"), str)
        ):
            raise ConfigError(f"{where}: saved_queues[{i}] needs a name and a query (strings)")
        queues.append(SavedQueue(name=item["name"], query=item["query"]))
    return tuple(queues)
