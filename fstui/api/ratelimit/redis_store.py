"""The account's one budget in Redis: every fstui console of an account, on any host, shares it.

Why not a rate-limit library: ``limits`` (moving window, async Redis storage) and pyrate-limiter
(Redis bucket) count hits against one fixed limit per key. fstui's budget needs more in the same
atomic step: priorities that fill different parts of the *same* window, limits learned from
``X-Ratelimit-Total`` at run time, other clients' usage injected from ``X-Ratelimit-Remaining``,
a call's cost corrected after the fact from ``X-Ratelimit-Used-CurrentRequest``, and one shared
``Retry-After`` pause. Their keys embed the limit (a learned limit would start a new window) and
they have no way to re-cost or pause. So the limiter's own transaction runs here, optimistically:
``WATCH`` the state key, read it and Redis' ``TIME``, run the limiter's update, ``MULTI``/``EXEC``
the new state, retry when another console won the race. One small JSON value per account, the
same state the disk store keeps, so nothing about the limiter's rules is written twice.

Redis' clock, not the host's: every console measures the sliding window on ``TIME``, so a laptop
whose clock is a minute off neither overspends nor starves.

Faults: every call has a short timeout. When Redis is unreachable the transaction runs on the
``fallback`` store (the host's disk budget) and ``budget_share()`` drops to a cautious part of the
team share: the share divided by the number of consoles last seen live in Redis (or by
``expected_consoles`` when Redis was never reached), so N consoles each on their own together
still stay within the share. Redis is tried again every ``retry_interval`` seconds, and once it
answers, the shared budget is used again.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fstui.api.ratelimit.clock import Clock
from fstui.api.ratelimit.store import BudgetState, BudgetStore, MemoryBudgetStore

__all__ = ["RedisBudgetStore", "connect_redis", "redis_errors", "retry_once"]

T = TypeVar("T")
_log = logging.getLogger(__name__)
_STATE_TTL_MS = 24 * 3600 * 1000  # an account nobody used for a day starts over
_PRESENCE_WINDOW = 120.0  # a console counts as live while it reserved within two minutes
_MAX_RACES = 64


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a Redis call raises when the server is down, slow, or refuses us."""
    from redis.exceptions import RedisError

    return (RedisError, OSError, asyncio.TimeoutError)


def connect_redis(url: str, *, password: str | None = None, timeout: float = 1.0) -> Any:
    """An asyncio Redis client with short timeouts and no silent retries (we fall back instead).

    ``redis://`` or ``rediss://`` (TLS, certificates verified); the password from the URL unless
    ``password`` is given. Imported here, lazily, so a console without team mode never loads
    redis-py.
    """
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    options: dict[str, Any] = {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
        "health_check_interval": 15,
    }
    if password is not None:
        options["password"] = password
    return Redis.from_url(url, **options)


class RedisBudgetStore:
    """An ``AsyncBudgetStore`` on one Redis key per account (``{namespace}:budget``)."""

    def __init__(
        self,
        client: Any,
        *,
        namespace: str,
        share: float = 0.6,
        fallback: BudgetStore | None = None,
        expected_consoles: int = 4,
        timeout: float = 1.0,
        retry_interval: float = 5.0,
        clock: Clock | None = None,
        console_id: str | None = None,
        owns_client: bool = False,
        owns_fallback: bool = True,
    ) -> None:
        """``clock`` replaces Redis' ``TIME`` (benchmarks on simulated time only);
        ``owns_client`` / ``owns_fallback``: ``aclose`` closes them too (else their owner does)."""
        if not 0 < share <= 1:
            raise ValueError("team_share must be in (0, 1]")
        self._client = client
        self.namespace = namespace
        self.key = f"{namespace}:budget"
        self.presence_key = f"{namespace}:consoles"
        self.share = share
        self.fallback: BudgetStore = fallback if fallback is not None else MemoryBudgetStore()
        self.expected_consoles = max(1, expected_consoles)
        self.timeout = timeout
        self.retry_interval = retry_interval
        self._clock = clock
        self.console_id = console_id or uuid.uuid4().hex
        self._owns_client = owns_client
        self._owns_fallback = owns_fallback
        self.connected: bool | None = None  # None: not tried yet
        self.consoles_seen: int | None = None
        self.last_error: str | None = None
        self._retry_at = 0.0
        self._snapshot: BudgetState = {}
        self._offset = 0.0  # server clock minus local clock, from the last transaction
        self.races = 0  # transactions retried because another console won (for the bench)
        self.fallbacks = 0  # transactions that ran on the fallback store

    # ---- the share -----------------------------------------------------------------------------

    def budget_share(self) -> float:
        """The team share while Redis answers; share / live consoles while it does not."""
        if self.connected is False:
            consoles = self.consoles_seen or self.expected_consoles
            return self.share / max(1, consoles)
        return self.share

    def status(self) -> str:
        if self.connected is False:
            consoles = self.consoles_seen or self.expected_consoles
            return f"budget: Redis unreachable, own 1/{consoles} of the team share"
        return f"budget: shared ({self.consoles_seen or 1} console(s))"

    # ---- transactions --------------------------------------------------------------------------

    def _now_local(self) -> float:
        return self._clock.now() if self._clock is not None else time.time()

    async def atransact(self, update: Callable[[BudgetState, float], T]) -> T:
        if self.connected is False and time.monotonic() < self._retry_at:
            return self._on_fallback(update)
        try:
            result = await retry_once(lambda: self._transact(update), self.timeout * 2)
        except redis_errors() as exc:
            self._went_down(exc)
            return self._on_fallback(update)
        if self.connected is False:
            _log.info("team budget: Redis is back, sharing the account budget again")
        self.connected = True
        self.last_error = None
        return result

    def _went_down(self, exc: BaseException) -> None:
        if self.connected is not False:
            _log.warning("team budget: Redis unreachable (%s), using a cautious own share", exc)
        self.connected = False
        self.last_error = type(exc).__name__
        self._retry_at = time.monotonic() + self.retry_interval

    def _on_fallback(self, update: Callable[[BudgetState, float], T]) -> T:
        self.fallbacks += 1
        now = self._now_local()

        def run(state: BudgetState) -> T:
            result = update(state, now)
            self._snapshot = copy.deepcopy(state)
            self._offset = 0.0
            return result

        return self.fallback.transact(run)

    async def _transact(self, update: Callable[[BudgetState, float], T]) -> T:
        from redis.exceptions import WatchError

        async with self._client.pipeline(transaction=True) as pipe:
            for _ in range(_MAX_RACES):
                try:
                    await pipe.watch(self.key)
                    raw = await pipe.get(self.key)
                    if self._clock is not None:
                        now = self._clock.now()
                    else:
                        seconds, micros = await pipe.time()
                        now = float(seconds) + float(micros) / 1e6
                    state = _parse(raw)
                    result = update(state, now)
                    pipe.multi()
                    pipe.set(self.key, json.dumps(state, separators=(",", ":")), px=_STATE_TTL_MS)
                    # who is live, in the same round trip: the fallback share divides by it
                    pipe.zadd(self.presence_key, {self.console_id: now})
                    pipe.zremrangebyscore(self.presence_key, "-inf", now - _PRESENCE_WINDOW)
                    pipe.zcard(self.presence_key)
                    pipe.pexpire(self.presence_key, _STATE_TTL_MS)
                    replies = await pipe.execute()
                except WatchError:
                    self.races += 1
                    continue
                self.consoles_seen = max(1, int(replies[3]))
                self._snapshot = state
                self._offset = now - self._now_local()
                return result
        raise TimeoutError("the budget key stayed contended")

    def peek(self, update: Callable[[BudgetState, float], T]) -> T:
        return update(self._snapshot, self._now_local() + self._offset)

    async def aclose(self) -> None:
        """Forget this console in the presence set (best effort) and close the client."""
        try:
            await asyncio.wait_for(self._client.zrem(self.presence_key, self.console_id), 0.5)
        except redis_errors():
            pass
        if self._owns_client:
            try:
                await self._client.aclose()
            except redis_errors():
                pass
        close = getattr(self.fallback, "close", None)
        if self._owns_fallback and callable(close):
            close()


async def retry_once(call: Callable[[], Awaitable[T]], limit: float) -> T:
    """``call()`` within ``limit`` seconds; once more at once if the connection was found closed.

    A pooled connection to a server that restarted fails on first use and is dropped from
    the pool; the second try opens a fresh one. A timeout is not tried again: a slow server
    would only cost a second timeout.
    """
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        return await asyncio.wait_for(call(), limit)
    except RedisConnectionError:
        return await asyncio.wait_for(call(), limit)


def _parse(raw: object) -> BudgetState:
    """The stored JSON, or a fresh state for anything else (never trusted beyond a dict)."""
    if isinstance(raw, bytes | str):
        try:
            loaded = json.loads(raw)
        except ValueError:
            return {}
        if isinstance(loaded, dict):
            return loaded
    return {}
