"""A client-side request budget that keeps fstui under Freshservice's per-minute limits.

Each budget (the account, plus the operation's sub-limit when it has one) is a sliding log of
``[timestamp, credits, id]`` entries over the last window. A sliding log is conservative whatever
minute boundary the server uses. Lower priorities may only fill part of a window, so when the
budget runs low, background work waits first and the agent's own clicks still get through.

The server is the authority: its headers correct our idea of the limit (``X-Ratelimit-Total``),
of other clients' usage (``X-Ratelimit-Remaining``) and of what a call cost
(``X-Ratelimit-Used-CurrentRequest``); a 429's ``Retry-After`` pauses every request that shares
the budget, in every process sharing the store.

A *share* below 1 (team mode's ``team_share``) caps what fstui's own entries may fill, so the
account's integrations keep the rest; other clients' usage, learned from the headers, still
counts against the whole limit, so the server's ``Remaining`` stays the truth when they spend more.

The store may be synchronous (memory, disk: run in place) or asynchronous (Redis: awaited in
``acquire``; ``observe``, a 429's pause included, lands in the local snapshot at once and
reaches the shared state in the background; ``stats`` reads the snapshot), so a slow network
never blocks the loop.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fstui.api.ratelimit.clock import Clock, SystemClock
from fstui.api.ratelimit.plans import (
    ACCOUNT,
    Operation,
    classify,
    credits_for,
    plan_limits,
)
from fstui.api.ratelimit.priority import DEFAULT_SHARES, Priority
from fstui.api.ratelimit.store import (
    AsyncBudgetStore,
    BudgetState,
    BudgetStore,
    MemoryBudgetStore,
)

_EXTERNAL = "ext"
_DEFAULT_PAUSE = 10.0
_log = logging.getLogger(__name__)
T = TypeVar("T")


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
    # The bucket with the least room left (account or a sub-limit), as (name, remaining, limit):
    # the one that decides whether the next call waits.
    tightest: tuple[str, int, int] | None = None
    # Every sub-limit the plan sets, as name -> (remaining, limit): a bulk action quotes the
    # one its calls draw on.
    buckets: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class BudgetWait:
    """A request waiting for room: which budget holds it, that budget's limit, and until when
    (on the limiter's clock). ``bucket`` is "account", an operation's name, or "paused" after
    a 429."""

    bucket: str
    limit: int | None
    until: float
    priority: Priority


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
        store: BudgetStore | AsyncBudgetStore | None = None,
        window: float = 60.0,
        clock: Clock | None = None,
        limits: Mapping[str, int] | None = None,
        safety_margin: float = 0.05,
        shares: Mapping[Priority, float] | None = None,
        share: float | Callable[[], float] | None = None,
    ) -> None:
        """``limits`` overrides the plan table per bucket ("account", "list_tickets", ...).

        ``share`` caps fstui's own use of every bucket (a number, or a callable read on each
        reservation); by default an async store's ``budget_share()``, else the whole budget.
        """
        table = plan_limits(plan)
        self._base_limits: dict[str, int | None] = {ACCOUNT: table.account}
        for operation, limit in table.operations.items():
            self._base_limits[operation.value] = limit
        for name, limit in (limits or {}).items():
            self._base_limits[name] = limit
        self.window = window
        self.store: BudgetStore | AsyncBudgetStore = (
            store if store is not None else MemoryBudgetStore()
        )
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.safety_margin = safety_margin
        self.shares = dict(DEFAULT_SHARES)
        self.shares.update(shares or {})
        self._share = share
        self._ids = itertools.count(1)
        self._tag = f"{os.getpid()}-{id(self):x}"
        self._pending: set[asyncio.Task[None]] = set()
        self.calls_made = 0
        self.credits_spent = 0
        self.waits: dict[str, BudgetWait] = {}
        self.wait_listeners: list[Callable[[BudgetWait | None], None]] = []

    # ---- the store, sync or async -------------------------------------------------------------

    @property
    def _async_store(self) -> AsyncBudgetStore | None:
        return self.store if isinstance(self.store, AsyncBudgetStore) else None

    def _run_sync(self, update: Callable[[BudgetState, float], T]) -> T:
        """A sync store's transaction, or an async store's snapshot (never blocks)."""
        store = self.store
        if isinstance(store, AsyncBudgetStore):
            return store.peek(update)
        now = self.clock.now()
        return store.transact(lambda state: update(state, now))

    async def _run(self, update: Callable[[BudgetState, float], T]) -> T:
        store = self.store
        if isinstance(store, AsyncBudgetStore):
            return await store.atransact(update)
        now = self.clock.now()
        return store.transact(lambda state: update(state, now))

    def _run_soon(self, update: Callable[[BudgetState, float], bool]) -> None:
        """Apply ``update`` now where it can be done without waiting, and share it soon.

        A sync store applies it in place. An async store applies it to the local snapshot at
        once (so ``stats`` and this process's next reservation see it) and then, in a task,
        to the shared state.
        """
        store = self._async_store
        if store is None:
            self._run_sync(update)
            return
        if not store.peek(update):
            # Nothing learned on the last state this console saw; the shared state has at
            # least as much usage, so it would learn nothing either: no round trip.
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a sync caller): the snapshot is all we can change
            return

        async def share() -> None:
            try:
                await store.atransact(update)  # the result only mattered for the snapshot
            except Exception:  # the store falls back on its own; never lose the caller
                _log.warning("budget update not shared", exc_info=True)

        task = loop.create_task(share())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def flush(self) -> None:
        """Wait until every learned header and pause has reached the shared store."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    def share(self) -> float:
        """fstui's part of each budget right now (team mode's share, or its fallback)."""
        share = self._share
        if share is None:
            store = self._async_store
            value = store.budget_share() if store is not None else 1.0
        elif callable(share):
            value = share()
        else:
            value = share
        return min(1.0, max(0.0, float(value)))

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

    @staticmethod
    def _own(entries: list[list[Any]]) -> list[list[Any]]:
        """fstui's reservations, without the usage learned from other clients."""
        return [e for e in entries if not (len(e) > 2 and e[2] == _EXTERNAL)]

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
        # What this process learned (a 429's pause, others' usage) reaches the shared state
        # before its next reservation, so a retry right after a 429 waits as it must.
        await self.flush()
        while True:
            share = self.share()

            def try_reserve(
                state: BudgetState, now: float, share: float = share
            ) -> tuple[float, float, str, int | None]:
                paused = float(state.get("paused_until") or 0.0)
                if paused > now:
                    return paused - now, now, "paused", None
                wait = 0.0
                holder, holder_limit = ACCOUNT, None
                logs = {}
                for bucket in buckets:
                    entries = self._log(state, bucket, now)
                    logs[bucket] = entries
                    limit = self._limit(state, bucket)
                    if limit is None:
                        continue
                    allowed = self._allowed(limit, priority)
                    room = self._wait_for_room(entries, credits, allowed, now)
                    if share < 1.0:
                        capped = max(1, math.floor(allowed * share))
                        own = self._own(entries)
                        room = max(room, self._wait_for_room(own, credits, capped, now))
                    if room > wait:
                        wait, holder, holder_limit = room, bucket, limit
                if wait > 0:
                    return wait, now, holder, holder_limit
                for entries in logs.values():
                    entries.append([now, credits, reservation_id])
                return 0.0, now, holder, holder_limit

            wait, at, holder, holder_limit = await self._run(try_reserve)
            if wait <= 0:
                self._set_wait(reservation_id, None)
                self.calls_made += 1
                self.credits_spent += credits
                return Reservation(reservation_id, operation, credits, buckets, priority, at)
            self._set_wait(reservation_id, BudgetWait(holder, holder_limit, at + wait, priority))
            try:
                await self.clock.sleep(min(wait + 0.01, self.window))
            except BaseException:
                self._set_wait(reservation_id, None)
                raise

    def _set_wait(self, reservation_id: str, wait: BudgetWait | None) -> None:
        """Keep the table of waiting requests and tell listeners when it changes."""
        before = self.current_wait()
        if wait is None:
            if self.waits.pop(reservation_id, None) is None:
                return
        else:
            self.waits[reservation_id] = wait
        after = self.current_wait()
        if after != before:
            for listener in list(self.wait_listeners):
                listener(after)

    def current_wait(self) -> BudgetWait | None:
        """The wait an agent would notice: an interactive request's first, else the longest."""
        if not self.waits:
            return None
        return min(self.waits.values(), key=lambda w: (w.priority.value, -w.until))

    def observe(self, reservation: Reservation, status: int, headers: Mapping[str, str]) -> None:
        """Learn from a response's rate-limit headers (and a 429's Retry-After)."""
        used = _header_int(headers, "x-ratelimit-used-currentrequest")
        total = _header_int(headers, "x-ratelimit-total")
        remaining = _header_int(headers, "x-ratelimit-remaining")
        retry_after = parse_retry_after(headers.get("retry-after")) if status == 429 else None
        reported_bucket = reservation.buckets[-1]
        recost = used is not None and used != reservation.credits and used >= 0
        if recost and used is not None:
            self.credits_spent += used - reservation.credits

        def learn(state: BudgetState, now: float) -> bool:
            """True when the headers taught something (else nothing needs sharing)."""
            changed = recost
            if recost:
                for bucket in reservation.buckets:
                    for entry in self._log(state, bucket, now):
                        if len(entry) > 2 and entry[2] == reservation.id:
                            entry[1] = used
            if total is not None and total > 0:
                learned = state.setdefault("learned", {})
                if self._limit(state, reported_bucket) != total:
                    learned[reported_bucket] = total
                    changed = True
            limit = self._limit(state, reported_bucket)
            if remaining is not None and limit is not None:
                ours = limit - self._used(self._log(state, reported_bucket, now))
                if remaining < ours:
                    extra = ours - remaining
                    for bucket in {reported_bucket, ACCOUNT}:
                        self._log(state, bucket, now).append([now, extra, _EXTERNAL])
                    changed = True
            if status == 429:
                pause = retry_after if retry_after is not None else min(_DEFAULT_PAUSE, self.window)
                current = float(state.get("paused_until") or 0.0)
                state["paused_until"] = max(current, now + pause)
                changed = True
            return changed

        self._run_soon(learn)

    def stats(self) -> BudgetStats:
        def read(state: BudgetState, now: float) -> BudgetStats:
            limit = self._limit(state, ACCOUNT)
            used = self._used(self._log(state, ACCOUNT, now))
            paused = float(state.get("paused_until") or 0.0)
            learned = state.get("learned", {})
            tightest: tuple[str, int, int] | None = None
            buckets: dict[str, tuple[int, int]] = {}
            for bucket in self._base_limits:
                bucket_limit = self._limit(state, bucket)
                if not bucket_limit:
                    continue
                left = max(0, bucket_limit - self._used(self._log(state, bucket, now)))
                buckets[bucket] = (left, bucket_limit)
                if tightest is None or left / bucket_limit < tightest[1] / tightest[2]:
                    tightest = (bucket, left, bucket_limit)
            return BudgetStats(
                limit=limit,
                remaining=None if limit is None else max(0, limit - used),
                used_in_window=used,
                calls_made=self.calls_made,
                credits_spent=self.credits_spent,
                paused_until=paused if paused > now else None,
                learned_limits=dict(learned) if isinstance(learned, dict) else {},
                window=self.window,
                tightest=tightest,
                buckets=buckets,
            )

        return self._run_sync(read)
