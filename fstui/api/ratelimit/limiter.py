"""A client-side request budget that keeps fstui under Freshservice's per-minute limits.

Each budget (the account, plus the operation's sub-limit when it has one) is a sliding log of
``[timestamp, credits, id]`` entries over the last window. A sliding log is conservative whatever
minute boundary the server uses. Lower priorities may only fill part of a window, so when the
budget runs low, background work waits first and the agent's own clicks still get through.

The server is the authority: its headers correct our idea of the limit (``X-Ratelimit-Total``),
of other clients' usage (``X-Ratelimit-Remaining``) and of what a call cost
(``X-Ratelimit-Used-CurrentRequest``); a 429's ``Retry-After`` pauses every request that shares
the budget, in every process sharing the store.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fstui.api.ratelimit.clock import Clock, SystemClock
from fstui.api.ratelimit.plans import (
    ACCOUNT,
    Operation,
    classify,
    credits_for,
    plan_limits,
)
from fstui.api.ratelimit.priority import DEFAULT_SHARES, Priority
from fstui.api.ratelimit.store import BudgetState, BudgetStore, MemoryBudgetStore

_EXTERNAL = "ext"
_DEFAULT_PAUSE = 10.0


@dataclass(frozen=True)
class Reservation:
    """Credits taken for one request; handed back to ``observe`` with the response."""

    id: str
    operation: Operation
    credits: int
    buckets: tuple[str, ...]
    priority: Priority
    at: float


@dataclass(frozen=True)
class BudgetStats:
    """What the status bar shows. ``limit``/``remaining`` are for the account budget."""

    limit: int | None
    remaining: int | None
    used_in_window: int
    calls_made: int
    credits_spent: int
    paused_until: float | None
    learned_limits: dict[str, int] = field(default_factory=dict)
    window: float = 60.0


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (Freshservice sends seconds, not an HTTP date)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 and math.isfinite(seconds) else None


class RateLimiter:
    def __init__(
        self,
        plan: str | None = None,
        *,
        store: BudgetStore | None = None,
        window: float = 60.0,
        clock: Clock | None = None,
        limits: Mapping[str, int] | None = None,
        safety_margin: float = 0.05,
        shares: Mapping[Priority, float] | None = None,
    ) -> None:
        """``limits`` overrides the plan table per bucket ("account", "list_tickets", ...)."""
        table = plan_limits(plan)
        self._base_limits: dict[str, int | None] = {ACCOUNT: table.account}
        for operation, limit in table.operations.items():
            self._base_limits[operation.value] = limit
        for name, limit in (limits or {}).items():
            self._base_limits[name] = limit
        self.window = window
        self.store: BudgetStore = store if store is not None else MemoryBudgetStore()
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.safety_margin = safety_margin
        self.shares = dict(DEFAULT_SHARES)
        self.shares.update(shares or {})
        self._ids = itertools.count(1)
        self._tag = f"{os.getpid()}-{id(self):x}"
        self.calls_made = 0
        self.credits_spent = 0

    # ---- limits -------------------------------------------------------------------------------

    def _limit(self, state: BudgetState, bucket: str) -> int | None:
        learned = state.get("learned", {})
        if isinstance(learned, dict) and isinstance(learned.get(bucket), int):
            return int(learned[bucket])
        return self._base_limits.get(bucket)

    def _buckets_for(self, operation: Operation) -> tuple[str, ...]:
        if operation is not Operation.OTHER and self._base_limits.get(operation.value) is not None:
            return (ACCOUNT, operation.value)
        return (ACCOUNT,)

    def _usable(self, limit: int) -> int:
        if self.safety_margin <= 0 or limit <= 2:
            return limit
        margin = max(1, round(limit * self.safety_margin))
        return max(1, limit - margin)

    def _allowed(self, limit: int, priority: Priority) -> int:
        return max(1, math.floor(self._usable(limit) * self.shares.get(priority, 1.0)))

    # ---- state helpers ------------------------------------------------------------------------

    def _log(self, state: BudgetState, bucket: str, now: float) -> list[list[Any]]:
        buckets = state.setdefault("buckets", {})
        entries = buckets.get(bucket)
        if not isinstance(entries, list):
            entries = []
        horizon = now - self.window
        entries = [e for e in entries if isinstance(e, list) and len(e) >= 2 and e[0] > horizon]
        buckets[bucket] = entries
        return entries

    @staticmethod
    def _used(entries: list[list[Any]]) -> int:
        return int(sum(e[1] for e in entries))

    def _wait_for_room(
        self, entries: list[list[Any]], credits: int, allowed: int, now: float
    ) -> float:
        """Seconds until ``credits`` more fit under ``allowed`` (0 when they fit now)."""
        used = self._used(entries)
        if used + credits <= allowed or not entries:
            return 0.0
        need = used + credits - allowed
        freed = 0
        for entry in sorted(entries, key=lambda e: e[0]):
            freed += entry[1]
            if freed >= need:
                return max(0.0, float(entry[0]) + self.window - now)
        newest = max(float(e[0]) for e in entries)
        return max(0.0, newest + self.window - now)

    # ---- public API ---------------------------------------------------------------------------

    async def acquire_request(
        self,
        method: str,
        path: str,
        *,
        include: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Reservation:
        """Reserve the credits one HTTP request will cost, waiting (without blocking) if needed."""
        operation = classify(method, path)
        return await self.acquire(operation, credits_for(method, path, include), priority)

    async def acquire(
        self,
        operation: Operation = Operation.OTHER,
        credits: int = 1,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Reservation:
        buckets = self._buckets_for(operation)
        reservation_id = f"{self._tag}-{next(self._ids)}"
        while True:
            now = self.clock.now()

            def try_reserve(state: BudgetState, now: float = now) -> float:
                paused = float(state.get("paused_until") or 0.0)
                if paused > now:
                    return paused - now
                wait = 0.0
                logs = {}
                for bucket in buckets:
                    entries = self._log(state, bucket, now)
                    logs[bucket] = entries
                    limit = self._limit(state, bucket)
                    if limit is None:
                        continue
                    allowed = self._allowed(limit, priority)
                    wait = max(wait, self._wait_for_room(entries, credits, allowed, now))
                if wait > 0:
                    return wait
                for entries in logs.values():
                    entries.append([now, credits, reservation_id])
                return 0.0

            wait = self.store.transact(try_reserve)
            if wait <= 0:
                self.calls_made += 1
                self.credits_spent += credits
                return Reservation(reservation_id, operation, credits, buckets, priority, now)
            await self.clock.sleep(min(wait + 0.01, self.window))

    def observe(self, reservation: Reservation, status: int, headers: Mapping[str, str]) -> None:
        """Learn from a response's rate-limit headers (and a 429's Retry-After)."""
        used = _header_int(headers, "x-ratelimit-used-currentrequest")
        total = _header_int(headers, "x-ratelimit-total")
        remaining = _header_int(headers, "x-ratelimit-remaining")
        retry_after = parse_retry_after(headers.get("retry-after")) if status == 429 else None
        now = self.clock.now()
        reported_bucket = reservation.buckets[-1]

        def learn(state: BudgetState) -> None:
            if used is not None and used != reservation.credits and used >= 0:
                self.credits_spent += used - reservation.credits
                for bucket in reservation.buckets:
                    for entry in self._log(state, bucket, now):
                        if len(entry) > 2 and entry[2] == reservation.id:
                            entry[1] = used
            if total is not None and total > 0:
                learned = state.setdefault("learned", {})
                if self._limit(state, reported_bucket) != total:
                    learned[reported_bucket] = total
            limit = self._limit(state, reported_bucket)
            if remaining is not None and limit is not None:
                ours = limit - self._used(self._log(state, reported_bucket, now))
                if remaining < ours:
                    extra = ours - remaining
                    for bucket in {reported_bucket, ACCOUNT}:
                        self._log(state, bucket, now).append([now, extra, _EXTERNAL])
            if status == 429:
                pause = retry_after if retry_after is not None else min(_DEFAULT_PAUSE, self.window)
                current = float(state.get("paused_until") or 0.0)
                state["paused_until"] = max(current, now + pause)

        self.store.transact(learn)

    def pause(self, seconds: float) -> None:
        """Stop every request sharing this budget for ``seconds`` (what a 429 does)."""
        now = self.clock.now()

        def apply(state: BudgetState) -> None:
            current = float(state.get("paused_until") or 0.0)
            state["paused_until"] = max(current, now + seconds)

        self.store.transact(apply)

    def stats(self) -> BudgetStats:
        now = self.clock.now()

        def read(state: BudgetState) -> BudgetStats:
            limit = self._limit(state, ACCOUNT)
            used = self._used(self._log(state, ACCOUNT, now))
            paused = float(state.get("paused_until") or 0.0)
            learned = state.get("learned", {})
            return BudgetStats(
                limit=limit,
                remaining=None if limit is None else max(0, limit - used),
                used_in_window=used,
                calls_made=self.calls_made,
                credits_spent=self.credits_spent,
                paused_until=paused if paused > now else None,
                learned_limits=dict(learned) if isinstance(learned, dict) else {},
                window=self.window,
            )

        return self.store.transact(read)
