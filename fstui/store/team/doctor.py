"""`fstui doctor` for team mode: can this console reach the team's Redis, safely?

Checks, in order: the connection (and which server answered), authentication, TLS, whether the
server also lets in clients without a password (then anyone who reaches it reads the account's
cached tickets), and that this console may write its namespace. Each result is
``(level, what, detail)`` with level "ok", "warn" or "fail"; the URL is shown without its
password.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from fstui.api.ratelimit.redis_store import connect_redis
from fstui.store.team.settings import TeamSettings, run_password_command

__all__ = ["check_team"]

Level = Literal["ok", "warn", "fail"]
Result = tuple[Level, str, str]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _explain(exc: BaseException, tls: bool) -> str:
    """What went wrong in words an agent can act on (never the URL: it may hold a password)."""
    from redis.exceptions import AuthenticationError, ResponseError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    text = str(exc)
    if isinstance(exc, AuthenticationError) or "NOAUTH" in text or "WRONGPASS" in text:
        return "authentication failed: check the password in redis_url or redis_password_cmd"
    if isinstance(exc, ssl.SSLError) or (tls and "SSL" in text.upper()):
        return f"TLS handshake failed ({type(exc).__name__}): is the server set up for TLS?"
    if isinstance(exc, RedisTimeoutError | asyncio.TimeoutError | TimeoutError):
        if tls:  # a server without TLS never answers a TLS hello
            return "no TLS handshake in time: does the server listen for TLS on this port?"
        return "no answer in time: a firewall, or the wrong host or port"
    if isinstance(exc, RedisConnectionError | OSError):
        return "cannot connect: is the server running, and is the host and port right?"
    if isinstance(exc, ResponseError):
        return f"the server refused: {text[:120]}"
    return f"failed ({type(exc).__name__})"


async def check_team(
    settings: TeamSettings, *, namespace: str | None = None, wait: float = 3.0
) -> list[Result]:
    """Every check; stops after the first failure that makes the rest meaningless."""
    from redis.exceptions import RedisError

    shown = settings.shown_url
    results: list[Result] = [("ok", "team mode", f"{shown} (from the {settings.source})")]
    try:
        password = run_password_command(settings.password_cmd) if settings.password_cmd else None
    except Exception as exc:  # ConfigError: its message names the failure, not the command
        return [*results, ("fail", "team Redis password", str(exc))]
    client: Any = connect_redis(settings.url, password=password, timeout=wait)
    try:
        try:
            await asyncio.wait_for(client.ping(), wait * 2)
            info = await asyncio.wait_for(client.info("server"), wait * 2)
        except (TimeoutError, RedisError, OSError) as exc:
            return [*results, ("fail", "team Redis", _explain(exc, settings.tls))]
        name = (
            "Valkey"
            if info.get("valkey_version") or info.get("server_name") == "valkey"
            else "Redis"
        )
        version = info.get("valkey_version") or info.get("redis_version") or "?"
        results.append(("ok", "team Redis", f"{name} {version} answered"))
        host = urlsplit(settings.url).hostname or ""
        if settings.tls:
            results.append(("ok", "team TLS", "rediss://: encrypted, server certificate verified"))
        elif _is_loopback(host):
            results.append(("ok", "team TLS", "none needed: the server is on this host"))
        else:
            results.append(
                (
                    "warn",
                    "team TLS",
                    "redis:// sends ticket data in clear over the network: use rediss://",
                )
            )
        has_password = password is not None or urlsplit(settings.url).password is not None
        results.append(await _open_door(settings, has_password, wait))
        results.append(await _may_write(client, namespace, wait))
    finally:
        with contextlib.suppress(Exception):
            await client.aclose()
    return results


async def _open_door(settings: TeamSettings, has_password: bool, wait: float) -> Result:
    """Does the server answer a client that brings no password at all?"""
    from redis.exceptions import RedisError

    if has_password:
        anonymous: Any = connect_redis(_without_password(settings.url), timeout=wait)
        try:
            await asyncio.wait_for(anonymous.ping(), wait * 2)
        except (TimeoutError, RedisError, OSError):
            return ("ok", "team Redis authentication", "the server requires a password")
        finally:
            with contextlib.suppress(Exception):
                await anonymous.aclose()
    return (
        "warn",
        "team Redis authentication",
        "the server needs no password: anyone who reaches it reads the cached tickets "
        "(set requirepass or an ACL user, and put the password in redis_password_cmd)",
    )


async def _may_write(client: Any, namespace: str | None, wait: float) -> Result:
    from redis.exceptions import RedisError

    key = f"{namespace or 'fstui:doctor'}:doctor-probe"
    try:
        await asyncio.wait_for(client.set(key, "1", px=5000), wait * 2)
        await asyncio.wait_for(client.delete(key), wait * 2)
    except (TimeoutError, RedisError, OSError) as exc:
        return ("fail", "team Redis access", f"cannot write its keys: {str(exc)[:120]}")
    return ("ok", "team Redis access", "this console may read and write its keys")
