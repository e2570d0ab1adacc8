"""`fstui init`: from nothing (or an old profile) to a profile that works, in one guided pass.

The order follows what can be checked: the domain and key are proven with one call, which also
carries the account's rate limit (the plan); then the email must be an active agent; then the
workspace when there are several; only then is anything written. A run that stops early writes
nothing. Re-running edits the profile: every question offers the current value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from fstui.api import PLANS
from fstui.config.credentials import KEYRING_SERVICE
from fstui.onboarding.account import (
    AccountCheck,
    AccountError,
    AgentError,
    KeyRefused,
    Unreachable,
    Workspace,
)
from fstui.onboarding.config_writer import ConfigWriteError, read_raw, update_profile
from fstui.onboarding.domain import Domain, DomainError, parse_domain
from fstui.onboarding.keystore import (
    KeyringBackend,
    KeyStorageError,
    StoredKey,
    key_file_for,
    read_key_file,
    store_key,
    system_keyring,
)
from fstui.onboarding.prompts import Prompter
from fstui.text import one_line

__all__ = ["WHERE_IS_THE_KEY", "InitError", "InitResult", "run_init"]

WHERE_IS_THE_KEY = (
    "Your API key is in Freshservice: click your profile picture (top right) > Profile "
    "settings; the key is under 'Your API Key' on the right (you may have to confirm your "
    "password or complete a captcha to see it). It is typed without echo."
)
PLAN_NAMES = {"starter": "Starter", "growth": "Growth", "pro": "Pro", "enterprise": "Enterprise"}
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_EMAIL = re.compile(r"^[^\s@'\"]+@[^\s@'\"]+\.[^\s@'\"]+$")
_ATTEMPTS = 5


class InitError(Exception):
    """init stopped; nothing was written. The message says why and what to do."""


@dataclass(frozen=True)
class InitResult:
    profile: str
    config_path: Path
    key: StoredKey | None  # None: the key already stored was kept
    plan: str
    plan_detected: bool
    workspace_id: int | None
    agent_name: str
    section: str  # the profile as written to config.toml
    calls: int  # API calls the checks cost


async def run_init(
    prompter: Prompter,
    *,
    config_path: Path,
    profile: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    keyring_backend: Callable[[], KeyringBackend | None] = system_keyring,
) -> InitResult:
    """Ask, check against the account, store the key, write the profile; see module doc."""
    try:
        raw = read_raw(config_path)
    except ConfigWriteError as exc:
        raise InitError(f"{exc}. Fix or move the file, then run fstui init again.") from None
    profiles = raw.get("profiles") if isinstance(raw.get("profiles"), dict) else {}
    assert isinstance(profiles, dict)
    name = profile or str(raw.get("default_profile") or "default")
    if not _PROFILE_NAME.match(name):
        raise InitError(f"{name!r} cannot be a profile name: use letters, digits, - and _.")
    found = profiles.get(name)
    existing: Mapping[str, Any] = found if isinstance(found, dict) else {}
    if existing:
        prompter.say(f"Editing profile {name!r} in {config_path}. Press Enter to keep a value.")
    else:
        prompter.say(f"Setting up profile {name!r} in {config_path}.")
    keyring = keyring_backend()
    current_key = _current_key(name, existing, keyring)

    verified: tuple[Domain, AccountCheck, str, list[Workspace] | None] | None = None
    for _ in range(_ATTEMPTS):
        domain = await _ask_domain(prompter, existing.get("domain"))
        try:
            verified = (domain, *await _verified(prompter, domain, current_key, transport))
        except Unreachable as exc:
            prompter.say(str(exc))
            continue
        break
    if verified is None:
        raise InitError("Could not reach the account; nothing was written.")
    domain, check, key, workspaces = verified
    try:
        agent_name, email = await _ask_agent(prompter, check, existing.get("email"))
        plan, detected = await _plan(prompter, check, existing.get("plan"))
        workspace_id = await _workspace(prompter, workspaces, existing.get("workspace_id"))
        calls = check.calls
    finally:
        await check.__aexit__(None, None, None)

    stored: StoredKey | None = None
    values: dict[str, Any] = {
        "domain": domain.config_value,
        "email": email,
        "plan": plan,
        "workspace_id": workspace_id,
    }
    remove = ["api_key"]  # never in the config itself: moved to the keyring or a key file
    if key != current_key or _needs_storage(existing, keyring, name):
        try:
            stored = store_key(name, key, key_file=key_file_for(config_path, name), keyring=keyring)
        except (KeyStorageError, OSError) as exc:
            raise InitError(f"{exc}\nNothing was written.") from None
        values["api_key_file"] = str(stored.path) if stored.path is not None else None
        remove.append("api_key_cmd")
    try:
        section = update_profile(
            config_path, name, values, remove=tuple(remove), make_default=not profiles
        )
    except ConfigWriteError as exc:
        raise InitError(str(exc)) from None
    if key in section:  # pragma: no cover - a guard: the writer never sees the key
        raise InitError("internal error: the key reached the config text")
    prompter.say(f"Wrote {config_path} (mode 600):\n\n{section}")
    if stored is not None:
        prompter.say(f"API key stored in {stored.description}.")
    else:
        prompter.say("API key unchanged.")
    prompter.say(
        f"Start with: fstui{'' if name == _default(config_path) else f' --profile {name}'}"
    )
    return InitResult(
        profile=name,
        config_path=config_path,
        key=stored,
        plan=plan,
        plan_detected=detected,
        workspace_id=workspace_id,
        agent_name=agent_name,
        section=section,
        calls=calls,
    )


def _default(config_path: Path) -> str | None:
    try:
        value = read_raw(config_path).get("default_profile")
    except ConfigWriteError:
        return None
    return value if isinstance(value, str) else None


def _current_key(
    name: str, existing: Mapping[str, Any], keyring: KeyringBackend | None
) -> str | None:
    """The key this profile already has, so a re-run can keep it by pressing Enter."""
    if keyring is not None:
        try:
            value = keyring.get_password(KEYRING_SERVICE, name)
        except Exception:  # a locked keyring is "no stored key"
            value = None
        if value:
            return value.strip()
    path = existing.get("api_key_file")
    if isinstance(path, str):
        try:
            return read_key_file(Path(path).expanduser())
        except KeyStorageError:
            return None
    inline = existing.get("api_key")
    return inline.strip() if isinstance(inline, str) and inline.strip() else None


def _needs_storage(existing: Mapping[str, Any], keyring: KeyringBackend | None, name: str) -> bool:
    """A kept key still has to move when it lived in the config itself."""
    if isinstance(existing.get("api_key"), str):
        return True
    if keyring is not None:
        try:
            return not keyring.get_password(KEYRING_SERVICE, name)
        except Exception:
            return True
    return not isinstance(existing.get("api_key_file"), str)


async def _ask_domain(prompter: Prompter, current: object) -> Domain:
    default = current if isinstance(current, str) else None
    for _ in range(_ATTEMPTS):
        answer = await prompter.ask(
            "Freshservice domain (acme, acme.freshservice.com or a URL)", default=default
        )
        try:
            return parse_domain(answer)
        except DomainError as exc:
            prompter.say(str(exc))
    raise InitError("No usable domain; nothing was written.")


async def _verified(
    prompter: Prompter,
    domain: Domain,
    current_key: str | None,
    transport: httpx.AsyncBaseTransport | None,
) -> tuple[AccountCheck, str, list[Workspace] | None]:
    """Ask for the key until the account accepts it; the check stays open for the next steps."""
    prompter.say(WHERE_IS_THE_KEY)
    for _ in range(_ATTEMPTS):
        question = "API key" + (" (Enter keeps the current one)" if current_key else "")
        key = (await prompter.secret(question)).strip() or (current_key or "")
        if not key or any(c.isspace() for c in key):
            prompter.say("An API key is one word of letters and digits; paste it again.")
            continue
        check = AccountCheck(domain.base_url, key, transport=transport)
        try:
            workspaces = await check.verify()
        except KeyRefused as exc:
            await check.__aexit__(None, None, None)
            prompter.say(str(exc))
            current_key = None if key == current_key else current_key
            continue
        except BaseException:
            await check.__aexit__(None, None, None)
            raise
        prompter.say(f"The key works: {domain.host} answered.")
        return check, key, workspaces
    raise InitError("The account refused every key; nothing was written.")


async def _ask_agent(prompter: Prompter, check: AccountCheck, current: object) -> tuple[str, str]:
    default = current if isinstance(current, str) else None
    for _ in range(_ATTEMPTS):
        email = (await prompter.ask("Your agent email", default=default)).strip()
        if not _EMAIL.match(email):
            prompter.say(f"{one_line(email, 80)!r} is not an email address.")
            continue
        try:
            agent = await check.find_agent(email)
        except AgentError as exc:
            prompter.say(str(exc))
            continue
        except AccountError as exc:
            raise InitError(f"{exc}\nNothing was written.") from None
        name = one_line(agent.name, 80)
        prompter.say(f"Found agent {name}.")
        return name, email
    raise InitError("No active agent with that email; nothing was written.")


async def _plan(prompter: Prompter, check: AccountCheck, current: object) -> tuple[str, bool]:
    detected = check.detected_plan()
    if detected is not None:
        limit = check.account_limit()
        prompter.say(
            f"Plan: {PLAN_NAMES.get(detected, detected)} (the account allows {limit} API "
            "credits a minute)."
        )
        return detected, True
    limit = check.account_limit()
    why = (
        f"The account allows {limit} credits a minute, which is no standard plan."
        if limit
        else "The account did not say its rate limit."
    )
    prompter.say(why)
    names = [name for name in PLANS if name in PLAN_NAMES]
    default = names.index(current) if isinstance(current, str) and current in names else 0
    labels = [f"{PLAN_NAMES[n]} ({PLANS[n].account}/min)" for n in names]
    index = await prompter.choose(
        "Which Freshservice plan is this account on?", labels, default=default
    )
    return names[index], False


async def _workspace(
    prompter: Prompter, workspaces: list[Workspace] | None, current: object
) -> int | None:
    if not workspaces or len(workspaces) < 2:
        return None
    ids = [w.id for w in workspaces]
    if isinstance(current, int) and current in ids:
        default = ids.index(current)
    else:
        default = next((i for i, w in enumerate(workspaces) if w.primary), 0)
    index = await prompter.choose(
        "This account has several workspaces. Which one do you work in?",
        [w.label() for w in workspaces],
        default=default,
    )
    return workspaces[index].id
