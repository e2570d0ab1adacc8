"""`fstui doctor`: check each link of the chain and say what to fix.

Runs without Textual. Every line is a check that passed, a warning, or a
failure with the fix; the API key is never printed, only where it came from.
Everything printed passes through the text funnel in `Check.line`: paths, profile
names, domains and config error messages come from a file anyone may have written.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from fstui.config import Profile

Level = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    level: Level
    what: str
    detail: str

    def line(self) -> str:
        """The printed form: one line, plus indented continuation lines (a query's caret)."""
        from fstui.text.inert import inert, inert_line

        mark = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}[self.level]
        first, *more = inert(self.detail, max_line=None).split("\n")
        head = f"[{mark}] {inert_line(self.what, 80)}: {' '.join(first.split())}"
        return "\n".join([head, *(f"    {line.rstrip()}" for line in more)])


async def diagnose(
    profile_name: str | None,
    *,
    env: Mapping[str, str] | None = None,
    transport: Any = None,
    cache_dir: Path | None = None,
    terminal: tuple[int, int] | None = None,
) -> list[Check]:
    """All checks in order; stops talking to the API when config or key is missing."""
    from fstui.config import ConfigError, config_path, load_config, select_profile
    from fstui.onboarding.keystore import profile_key

    env = os.environ if env is None else env
    checks: list[Check] = []
    path = config_path(env)
    try:
        config = load_config(path)
    except ConfigError as exc:
        return [Check("fail", "config", str(exc))]
    if config.exists:
        mode = config.file_mode or 0
        level: Level = "warn" if mode & (stat.S_IRWXG | stat.S_IRWXO) else "ok"
        checks.append(Check(level, "config", f"{path} (mode {mode:o})"))
    else:
        checks.append(Check("warn", "config", f"no file at {path}; using the environment only"))
    try:
        profile = select_profile(config, profile_name, env)
        key = profile_key(profile, config, env)
    except ConfigError as exc:
        return [*checks, Check("fail", "credentials", str(exc))]
    checks.extend(_saved_queue_checks(profile))
    if not profile.domain:
        return [
            *checks,
            Check("fail", "domain", "set domain in the profile or FRESHSERVICE_DOMAIN"),
        ]
    checks.append(Check("ok", "domain", profile.domain))
    if key is None:
        fix = "set FRESHSERVICE_API_KEY, api_key_cmd, or the OS keyring"
        return [*checks, Check("fail", "API key", f"none found: {fix}")]
    checks.append(Check("ok", "API key", _key_location(key, profile)))
    if not profile.email:
        checks.append(Check("warn", "email", "not set: 'My open' needs your agent email"))
    checks.extend(await _reach(profile.domain, key.value, profile.email, profile.plan, transport))
    checks.append(_cache_check(profile.name, cache_dir))
    checks.extend(await _team_checks(profile, env, config))
    checks.extend(_terminal_checks(env, terminal))
    checks.append(_notification_check(env, profile))
    return checks


def _key_location(key: Any, profile: Any) -> str:
    """Where the key lives, never the key: the file path, or the keyring entry."""
    from fstui.config.credentials import KEYRING_SERVICE, KeySource

    if key.source is KeySource.KEYRING:
        return f"from the OS keyring (service {KEYRING_SERVICE!r}, user {profile.name!r})"
    if key.source is KeySource.CONFIG_FILE and profile.api_key_file and not profile.api_key:
        return f"from the key file {profile.api_key_file} (mode 600)"
    return f"from {key.source.value}"


def _notification_check(env: Mapping[str, str], profile: Any) -> Check:
    """Which channels a notification would use here, and why the others are not."""
    from fstui.notify import detect

    caps = detect(env, profile.notifications)
    detail = caps.summary() + (f" ({'; '.join(caps.reasons)})" if caps.reasons else "")
    return Check("ok" if caps.terminal or caps.desktop else "warn", "notifications", detail)


def _saved_queue_checks(profile: Profile) -> list[Check]:
    """One failure per saved queue the API would reject, naming it and pointing at the spot."""
    from fstui.config import saved_queue_problems

    problems = saved_queue_problems(profile)
    if not problems:
        count = len(profile.saved_queues)
        return [Check("ok", "saved queues", f"{count} valid")] if count else []
    return [Check("fail", "saved queues", f"{p.describe()}\n{p.caret()}") for p in problems]


async def _reach(
    domain: str, api_key: str, email: str | None, plan: str | None, transport: Any
) -> list[Check]:
    from fstui.api import (
        FreshserviceClient,
        FreshserviceError,
        LimitRecorder,
        MemoryBudgetStore,
        RateLimiter,
    )

    limiter = RateLimiter(plan, store=MemoryBudgetStore())
    checks: list[Check] = []
    traced: list[str] = []
    recorder = LimitRecorder(transport)
    try:
        async with FreshserviceClient(
            domain, api_key, transport=recorder, limiter=limiter, timeout=15.0, trace=traced.append
        ) as client:
            if email:
                found = [agent async for agent in client.list_agents(email=email)]
            else:  # still prove the key and the domain with one cheap call
                found = []
                await client.list_ticket_form_fields()
    except FreshserviceError as exc:
        return [Check("fail", "reachability", str(exc))]
    checks.append(Check("ok", "reachability", f"{client.base_url} answered"))
    if email:
        level: Level = "ok" if found else "warn"
        detail = f"agent {email} found" if found else f"no agent with email {email}"
        checks.append(Check(level, "agent", detail))
    seen = dict(
        part.split("=", 1)
        for part in (traced[-1].split() if traced else [])
        if part.startswith(("total=", "remaining="))
    )
    if "total" in seen:
        detail = f"X-Ratelimit-Total {seen['total']}/min, remaining {seen.get('remaining', '?')}"
        checks.append(Check("ok", "rate limit", detail))
    else:
        checks.append(Check("warn", "rate limit", "the account sent no X-Ratelimit headers"))
    checks.append(_plan_check(recorder.plan(), plan))
    return checks


def _plan_check(detected: str | None, configured: str | None) -> Check:
    """The plan the headers name (the truth) against the one the config states, if any."""
    if detected is None:
        return Check(
            "warn",
            "plan",
            f"the headers name no standard plan; the limiter uses {configured or 'starter'}",
        )
    if configured and configured != detected:
        return Check(
            "warn",
            "plan",
            f"{detected} from the headers, the config says {configured}: "
            f"the headers win (remove plan from the profile or set plan = {detected!r})",
        )
    return Check("ok", "plan", f"{detected} (from the X-Ratelimit headers)")


async def _team_checks(profile: Any, env: Mapping[str, str], config: Any) -> list[Check]:
    """Team mode's Redis (only when a redis_url or FSTUI_REDIS_URL turns it on)."""
    from fstui.config import ConfigError
    from fstui.store.team.settings import team_namespace, team_settings

    try:
        settings = team_settings(
            profile.redis_url,
            password_cmd=profile.redis_password_cmd,
            share=profile.team_share,
            env=env,
            config=config,
        )
    except ConfigError as exc:
        return [Check("fail", "team mode", str(exc))]
    if settings is None:
        return []
    from fstui.store.team.doctor import check_team

    namespace = team_namespace(profile.domain) if profile.domain else None
    return [Check(*result) for result in await check_team(settings, namespace=namespace)]


def _cache_check(profile: str, cache_dir: Path | None) -> Check:
    from fstui.store.cache import resolve_cache_dir

    try:
        location = resolve_cache_dir(profile) if cache_dir is None else None
    except OSError as exc:
        return Check("fail", "cache", f"cannot use the cache directory: {exc}")
    directory = location.path if location is not None else cache_dir
    assert directory is not None
    if location is not None and location.warning:
        return Check("warn", "cache", location.warning)
    if not directory.exists():
        return Check("ok", "cache", f"{directory} (created on first run)")
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        return Check("fail", "cache", f"{directory} is mode {mode:o}; run: chmod 700 {directory}")
    return Check("ok", "cache", f"{directory} (mode {mode:o})")


def _terminal_checks(env: Mapping[str, str], size: tuple[int, int] | None) -> list[Check]:
    columns, lines = size or shutil.get_terminal_size((80, 24))
    checks = []
    fits = columns >= 80 and lines >= 24
    checks.append(
        Check(
            "ok" if fits else "warn",
            "terminal size",
            f"{columns}x{lines}" + ("" if fits else " (fstui is laid out for at least 80x24)"),
        )
    )
    if env.get("NO_COLOR"):
        colours = "NO_COLOR is set: monochrome"
    elif env.get("COLORTERM") in ("truecolor", "24bit"):
        colours = "truecolor"
    elif "256color" in env.get("TERM", ""):
        colours = "256 colours"
    else:
        colours = f"16 colours (TERM={env.get('TERM', 'unset')}); try the fstui-high-contrast theme"
    checks.append(Check("ok", "colours", colours))
    return checks


def run_doctor(profile_name: str | None) -> int:
    checks = asyncio.run(diagnose(profile_name))
    for check in checks:
        print(check.line())
    return 1 if any(c.level == "fail" for c in checks) else 0
