"""What every store service shares: the client, the cache, the clock, counters and connectivity.

Why one object: each service (reference, sync, queues, tickets, assets, canned responses) makes
calls that must be counted, seen by the connectivity tracker and shared when two screens ask at
once. Putting that here keeps the services free of each other: they take a `Plumbing`, never the
facade.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from fstui.api import (
    BudgetWait,
    FreshserviceClient,
    NetworkError,
    Priority,
    RateLimiter,
    RequestTimeout,
)
from fstui.store.budget_words import describe_wait
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.events import BudgetWaiting, StoreEvents
from fstui.store.freshness import Cached, FreshnessPolicy, Kind
from fstui.store.settings import StoreSettings
from fstui.store.singleflight import SingleFlight

__all__ = ["Plumbing", "dump", "load_model"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as the cache stores it: JSON types, no empty fields."""
    return model.model_dump(mode="json", exclude_none=True)


def load_model(model: type[M], value: Any) -> M:
    """A cached body back as a model, tolerant where the model knows how to be."""
    parse = getattr(model, "parse_tolerant", None)
    if parse is not None:
        result: M = parse(value)
        return result
    return model.model_validate(value)


class Plumbing:
    def __init__(
        self,
        client: FreshserviceClient,
        cache: JsonCache,
        *,
        settings: StoreSettings,
        clock: Callable[[], float],
        limiter: RateLimiter | None,
        connectivity: Connectivity | None,
    ) -> None:
        self.client: Any = client  # duck-typed so tests can hand in a fake
        self.cache = cache
        self.settings = settings
        self.clock = clock
        self.limiter = limiter
        self.connectivity = connectivity
        self.flight = SingleFlight()
        self.events = StoreEvents()
        self.calls_made = 0
        self.calls_saved = 0
        self.online = True
        if limiter is not None and hasattr(limiter, "wait_listeners"):
            limiter.wait_listeners.append(self._budget_wait)

    def _budget_wait(self, wait: BudgetWait | None) -> None:
        """The limiter holds (or released) a request an agent waits for: the screens say what
        it waits for. Background work (the fill, name lookups) waiting its turn is no news."""
        assert self.limiter is not None
        if wait is not None and wait.priority is Priority.BACKGROUND:
            wait = None
        message = describe_wait(wait, self.limiter.clock.now())
        if message != self.events.waiting:
            self.events.publish(BudgetWaiting(message))

    @property
    def policy(self) -> FreshnessPolicy:
        return self.settings.freshness

    @property
    def workspace(self) -> dict[str, int]:
        """The profile's workspace for ticket reads; nothing when unset (the primary one)."""
        ws = self.settings.workspace_id
        return {} if ws is None else {"workspace_id": ws}

    async def call(self, awaitable: Awaitable[T]) -> T:
        """Count the call and track connectivity from its outcome."""
        self.calls_made += 1
        try:
            result = await awaitable
        except (NetworkError, RequestTimeout) as exc:
            self.online = False
            if self.connectivity is not None:
                self.connectivity.record_failure(exc)
            raise
        self.online = True
        if self.connectivity is not None:
            self.connectivity.record_success()
        return result

    async def collect(self, pager: Any) -> list[Any]:
        """Every item of a pager (or an awaitable list), as one counted call."""
        if hasattr(pager, "collect"):
            return list(await self.call(pager.collect()))
        if hasattr(pager, "__aiter__"):

            async def drain() -> list[Any]:
                return [item async for item in pager]

            return await self.call(drain())
        return list(await self.call(pager))

    def cached(self, kind: Kind, key: str) -> Cached[Any] | None:
        entry = self.cache.get(key)
        if entry is None:
            return None
        return self.policy.wrap(kind, entry.value, entry.stored_at, self.clock(), "cache")

    def network(self, kind: Kind, value: T) -> Cached[T]:
        now = self.clock()
        return self.policy.wrap(kind, value, now, now, "network")

    async def cached_list(
        self,
        kind: Kind,
        key: str,
        model: type[M],
        fetch: Callable[[], Any],
        *,
        force: bool = False,
    ) -> Cached[list[M]]:
        """Fresh cache -> no call; else one shared call whose result is cached."""
        cached = self.cached(kind, key)
        if cached is not None and not cached.stale and not force:
            self.calls_saved += 1
            return Cached(
                [load_model(model, v) for v in cached.value],
                cached.age_seconds,
                False,
                "cache",
                cached.stored_at,
            )

        async def load() -> list[dict[str, Any]]:
            items = await self.collect(fetch())
            values = [dump(i) if isinstance(i, BaseModel) else i for i in items]
            self.cache.set(key, values)
            return values

        values = await self.flight.run(key, load)
        return self.network(kind, [load_model(model, v) for v in values])
