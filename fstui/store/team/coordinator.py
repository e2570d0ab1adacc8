"""`SyncCoordinator` on Redis: one console per account syncs, the others read what it wrote.

Keys, all under ``fstui:{account domain}:`` (see `keys.team_namespace`):

- ``lease``: the leader's token, ``SET NX PX`` with a TTL of one refresh interval, renewed every
  third of it by a background task while the console lives. A leader that dies stops renewing,
  its lease expires within one interval, and the next follower to ask (it asks once per refresh)
  takes it: takeover within two refresh intervals. A console that quits deletes its own lease so
  another takes over at its next refresh.
- ``mirror:tickets`` (hash id -> ticket JSON) and ``mirror:meta`` (hash: ``sync_from``,
  ``finished_at``, ``full_at``): the shared mirror, rewritten in the same ``MULTI`` as the feed
  entry that announces it, so a snapshot and the feed always agree.
- ``feed``: a stream, one entry per published update (a delta's tickets inline; a full load
  only as a marker, read back from the hash). Followers read it from the last id they saw; a
  console that starts, or fell behind the trimmed history, gets one full `MirrorUpdate` built
  from the hash. A background ``XREAD BLOCK`` tells subscribers when something arrived, so the
  sync service can catch up at once instead of at its next refresh.
- ``ref:{cache key}``: shared reference data with the time it was stored.

The API key never goes to Redis: nothing here is given it, and ticket bodies, reference data and
budget entries do not carry it (tests/team scan every key and value).

Faults: every call has a short timeout. Redis unreachable: `should_lead` answers True (each
console syncs on its own), `publish`/`catch_up`/`reference_*` do nothing, `status` says so, and
the next call after ``retry_interval`` tries again, so the console rejoins by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from fstui.api.ratelimit.redis_store import connect_redis, redis_errors, retry_once
from fstui.store.coordination import MirrorUpdate

if TYPE_CHECKING:
    from fstui.api.ratelimit.redis_store import RedisBudgetStore
    from fstui.store.mirror import TicketMirror

__all__ = ["RedisCoordinator"]

T = TypeVar("T")

_log = logging.getLogger(__name__)

# Take the lease when free, renew it when ours: one atomic step (SET NX PX, or PEXPIRE if mine).
_TAKE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_REF_TTL = 7 * 24 * 3600
_MIRROR_TTL = 14 * 24 * 3600  # an account nobody synced for two weeks starts over


class RedisCoordinator:
    """One per console. ``url`` may carry the password; ``password`` overrides it."""

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        password: str | None = None,
        refresh_interval: float = 60.0,
        timeout: float = 1.0,
        retry_interval: float = 5.0,
        feed_length: int = 500,
        max_replay: int = 100,
        console_id: str | None = None,
        clock: Callable[[], float] = time.time,
        budget: RedisBudgetStore | None = None,
        listen: bool = True,
    ) -> None:
        self.namespace = namespace
        self.client: Any = connect_redis(url, password=password, timeout=timeout)
        self._url = url
        self._password = password
        self.timeout = timeout
        self.retry_interval = retry_interval
        self.lease_ttl = max(1.0, float(refresh_interval))
        self.feed_length = feed_length
        self.max_replay = max_replay
        self.console_id = console_id or uuid.uuid4().hex
        self.clock = clock
        self.budget = budget
        self.keys = _Keys(namespace)
        self.leading = False
        self.connected: bool | None = None  # None: not asked yet
        self.last_error: str | None = None
        self._retry_at = 0.0
        self._last_id: str | None = None  # the newest feed entry this console has applied
        self._heard_id = "$"
        self._mirror: TicketMirror | None = None
        self._subscribers: list[Callable[[], None]] = []
        self._listen = listen
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False
        self._reading = asyncio.Lock()
        self._take = self.client.register_script(_TAKE_OR_RENEW)
        self._release = self.client.register_script(_RELEASE)

    # ---- wiring ---------------------------------------------------------------------------------

    def attach_mirror(self, mirror: TicketMirror) -> None:
        """The console's own mirror, published whole when the shared one is missing (a new or
        restarted Redis) so consoles that start later still get a full picture."""
        self._mirror = mirror

    def subscribe(self, callback: Callable[[], None]) -> None:
        """``callback()`` runs on the event loop when another console published something."""
        self._subscribers.append(callback)
        self._start_background()

    # ---- health ---------------------------------------------------------------------------------

    def _skip(self) -> bool:
        """Redis was unreachable a moment ago: do not pay another timeout until retry time."""
        return self.connected is False and time.monotonic() < self._retry_at

    def _down(self, exc: BaseException) -> None:
        if self.connected is not False:
            _log.warning("team: Redis unreachable (%s); this console syncs on its own", exc)
        self.connected = False
        self.leading = False
        self.last_error = type(exc).__name__
        self._retry_at = time.monotonic() + self.retry_interval

    def _up(self) -> None:
        if self.connected is False:
            _log.info("team: Redis is back; rejoining the team")
        self.connected = True
        self.last_error = None

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        """One Redis step within the short timeout (again at once on a stale connection)."""
        return await retry_once(call, self.timeout * 2)

    # ---- the lease ------------------------------------------------------------------------------

    async def should_lead(self) -> bool:
        if self._skip():
            return True
        try:
            took = await self._call(self._take_or_renew)
        except redis_errors() as exc:
            self._down(exc)
            return True
        self._up()
        was = self.leading
        self.leading = bool(took)
        if self.leading and not was:
            _log.info("team: this console now leads the sync")
        self._start_background()
        return self.leading

    async def _take_or_renew(self) -> bool:
        ttl_ms = int(self.lease_ttl * 1000)
        return bool(await self._take(keys=[self.keys.lease], args=[self.console_id, ttl_ms]))

    def _start_background(self) -> None:
        if self._closed or self._tasks:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._tasks.append(loop.create_task(self._renew_loop(), name="fstui-team-lease"))
        if self._listen:
            self._tasks.append(loop.create_task(self._listen_loop(), name="fstui-team-feed"))

    async def _renew_loop(self) -> None:
        """Keep the lease while this console lives: renew every third of its TTL."""
        while not self._closed:
            await asyncio.sleep(self.lease_ttl / 3)
            if not self.leading or self._skip():
                continue
            try:
                kept = await self._call(self._take_or_renew)
            except redis_errors() as exc:
                self._down(exc)
                continue
            self._up()
            if not kept:
                _log.info("team: lease lost to another console; following")
                self.leading = False

    async def _listen_loop(self) -> None:
        """Hear of new feed entries (XREAD BLOCK on a connection of its own) and tell the
        subscribers; the entries themselves are read by `catch_up`."""
        block = 2.0
        listener: Any = None
        try:
            while not self._closed:
                if self._skip():
                    await asyncio.sleep(min(1.0, self.retry_interval))
                    continue
                if listener is None:
                    listener = connect_redis(
                        self._url, password=self._password, timeout=block + self.timeout
                    )
                try:
                    reply = await asyncio.wait_for(
                        listener.xread({self.keys.feed: self._heard_id}, block=int(block * 1000)),
                        block + self.timeout * 2,
                    )
                except redis_errors():
                    with contextlib.suppress(Exception):
                        await listener.aclose()
                    listener = None
                    await asyncio.sleep(min(1.0, self.retry_interval))
                    continue
                news = False
                for _stream, entries in reply or []:
                    for entry_id, fields in entries:
                        self._heard_id = _text(entry_id)
                        if _text(fields.get(b"by", b"")) != self.console_id:
                            news = True
                if news:
                    for callback in list(self._subscribers):
                        try:
                            callback()
                        except Exception:
                            _log.exception("team: a feed subscriber failed")
        finally:
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.aclose()

    # ---- the mirror -----------------------------------------------------------------------------

    async def publish(self, update: MirrorUpdate) -> None:
        """Write the update into the shared mirror and announce it on the feed, in one MULTI.

        A sync's update (full, or carrying the watermark) only while this console holds the
        lease, checked under WATCH, so a leader that lost its lease mid-sync cannot overwrite
        the new leader's work. What a console's own write answered (``full=False``,
        ``sync_from=None``) any console shares at once: it is the newest version there is."""
        if self._skip():
            return
        try:
            await self._call(lambda: self._publish(update))
        except redis_errors() as exc:
            self._down(exc)
            return
        self._up()

    async def _publish(self, update: MirrorUpdate) -> None:
        from redis.exceptions import WatchError

        keys = self.keys
        own_write = not update.full and update.sync_from is None
        if not own_write and not update.full and self._mirror is not None and self._mirror.loaded:
            has_base = await self.client.hexists(keys.meta, "full_at")
            if not has_base:  # Redis lost the shared mirror (or never had it): share all of ours
                update = _whole(self._mirror, update)
        tickets = _ticket_fields(update.tickets)
        async with self.client.pipeline(transaction=True) as pipe:
            try:
                if not own_write:
                    await pipe.watch(keys.lease)
                    holder = await pipe.get(keys.lease)
                    if _text(holder) != self.console_id:
                        self.leading = False
                        return
                pipe.multi()
                if update.full:
                    pipe.delete(keys.tickets)
                if tickets:
                    pipe.hset(keys.tickets, mapping=tickets)
                if update.removed and not update.full:
                    pipe.hdel(keys.tickets, *[str(i) for i in update.removed])
                if not own_write:  # a write says nothing about how fresh the whole mirror is
                    meta: dict[str, str] = {"finished_at": repr(float(update.finished_at))}
                    if update.sync_from is not None:
                        meta["sync_from"] = update.sync_from
                    if update.full:
                        meta["full_at"] = repr(float(update.finished_at))
                    pipe.hset(keys.meta, mapping=meta)
                pipe.xadd(
                    keys.feed,
                    _feed_fields(update, self.console_id),
                    maxlen=self.feed_length,
                    approximate=True,
                )
                for key in (keys.tickets, keys.meta, keys.feed):
                    pipe.expire(key, _MIRROR_TTL)
                await pipe.execute()
            except WatchError:  # the lease changed hands while we wrote: not ours to publish
                self.leading = False
                return
        # The feed position stays where this console last read: others may have written in
        # between, and catch_up skips this console's own entries.

    async def catch_up(self) -> list[MirrorUpdate]:
        if self._skip():
            return []
        try:
            async with self._reading:  # one reader at a time: no update is handed out twice
                updates = await self._call(self._catch_up)
        except redis_errors() as exc:
            self._down(exc)
            return []
        self._up()
        return updates

    async def _catch_up(self) -> list[MirrorUpdate]:
        if self._last_id is None:
            snapshot = await self._snapshot()
            if snapshot is not None:
                return snapshot
            self._last_id = "0-0"  # nobody shared a whole mirror yet: the feed is all there is
        first = await self.client.xrange(self.keys.feed, "-", "+", count=1)
        if first and _id_key(_text(first[0][0])) > _id_key(self._last_id):
            # history we never saw was trimmed away
            return await self._snapshot() or await self._replay()
        return await self._replay()

    async def _replay(self) -> list[MirrorUpdate]:
        """The feed's entries after the last one this console read, as updates."""
        entries = await self.client.xrange(
            self.keys.feed, f"({self._last_id}", "+", count=self.max_replay + 1
        )
        if len(entries) > self.max_replay:
            snapshot = await self._snapshot()
            if snapshot is not None:
                return snapshot
        updates: list[MirrorUpdate] = []
        for entry_id, fields in entries:
            self._last_id = _text(entry_id)
            if _text(fields.get(b"by", b"")) == self.console_id:
                continue
            if _text(fields.get(b"kind", b"")) == "full":
                snapshot = await self._snapshot()
                if snapshot is not None:
                    return snapshot
                continue
            update = _parse_delta(fields.get(b"data"))
            if update is not None:
                updates.append(update)
        return updates

    async def _snapshot(self) -> list[MirrorUpdate] | None:
        """The whole shared mirror as one full update, read in one MULTI with the feed's end;
        None (and the feed position untouched) when nobody has shared a whole mirror."""
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hgetall(self.keys.tickets)
            pipe.hgetall(self.keys.meta)
            pipe.xrevrange(self.keys.feed, "+", "-", count=1)
            raw_tickets, raw_meta, newest = await pipe.execute()
        meta = {_text(k): _text(v) for k, v in (raw_meta or {}).items()}
        if "full_at" not in meta:
            return None
        self._last_id = _text(newest[0][0]) if newest else "0-0"
        tickets = [t for t in (_ticket(v) for v in (raw_tickets or {}).values()) if t is not None]
        return [
            MirrorUpdate(
                tickets=tickets,
                removed=(),
                full=True,
                sync_from=meta.get("sync_from"),
                finished_at=_float(meta.get("finished_at"), self.clock()),
            )
        ]

    # ---- reference data -------------------------------------------------------------------------

    async def reference_get(self, key: str) -> tuple[Any, float] | None:
        if self._skip():
            return None
        try:
            raw = await self._call(lambda: self.client.get(self.keys.ref(key)))
        except redis_errors() as exc:
            self._down(exc)
            return None
        self._up()
        if raw is None:
            return None
        try:
            stored = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(stored, dict) or "value" not in stored:
            return None
        return stored["value"], _float(stored.get("at"), 0.0)

    async def reference_put(self, key: str, value: Any) -> None:
        if self._skip():
            return
        body = json.dumps({"value": value, "at": self.clock()}, separators=(",", ":"))
        try:
            await self._call(lambda: self.client.set(self.keys.ref(key), body, ex=_REF_TTL))
        except redis_errors() as exc:
            self._down(exc)
            return
        self._up()

    # ---- status and closing ---------------------------------------------------------------------

    def status(self) -> str:
        if self.connected is False:
            note = "team: Redis unreachable, syncing alone"
            if self.budget is not None:
                consoles = self.budget.consoles_seen or self.budget.expected_consoles
                note += f", 1/{consoles} of the budget share"
            return note
        role = "leading" if self.leading else "following"
        if self.connected is None:
            role = "joining"
        if self.budget is not None and self.budget.connected is False:
            return f"team: {role}, budget on its own"
        return f"team: {role}"

    async def aclose(self) -> None:
        """Stop the background tasks and hand the lease back, so another console leads at
        its next refresh instead of after the lease expires."""
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        self._tasks.clear()
        if self.leading and not self._skip():
            with contextlib.suppress(*redis_errors()):
                await self._call(
                    lambda: self._release(keys=[self.keys.lease], args=[self.console_id])
                )
        self.leading = False
        with contextlib.suppress(*redis_errors()):
            await self.client.aclose()


class _Keys:
    def __init__(self, namespace: str) -> None:
        self.lease = f"{namespace}:lease"
        self.tickets = f"{namespace}:mirror:tickets"
        self.meta = f"{namespace}:mirror:meta"
        self.feed = f"{namespace}:feed"
        self._ref = f"{namespace}:ref:"

    def ref(self, key: str) -> str:
        return self._ref + key


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _id_key(entry_id: str) -> tuple[int, int]:
    """A stream id as a sortable pair ("1700000000000-3" -> (1700000000000, 3))."""
    ms, _, seq = entry_id.partition("-")
    try:
        return int(ms), int(seq or 0)
    except ValueError:
        return 0, 0


def _float(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _ticket(raw: object) -> dict[str, Any] | None:
    """One ticket body from Redis: untrusted, kept only when it is an object with an int id."""
    try:
        body = json.loads(raw) if isinstance(raw, bytes | str) else None
    except ValueError:
        return None
    if isinstance(body, dict) and isinstance(body.get("id"), int):
        return body
    return None


def _ticket_fields(tickets: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {
        str(t["id"]): json.dumps(t, separators=(",", ":"), default=str)
        for t in tickets
        if isinstance(t.get("id"), int)
    }


def _feed_fields(update: MirrorUpdate, console_id: str) -> dict[str, str]:
    if update.full:
        return {"kind": "full", "by": console_id}
    data = {
        "tickets": list(update.tickets),
        "removed": [int(i) for i in update.removed],
        "sync_from": update.sync_from,
        "finished_at": update.finished_at,
    }
    return {
        "kind": "delta",
        "by": console_id,
        "data": json.dumps(data, separators=(",", ":"), default=str),
    }


def _parse_delta(raw: object) -> MirrorUpdate | None:
    try:
        data = json.loads(raw) if isinstance(raw, bytes | str) else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    tickets = [
        t for t in data.get("tickets") or [] if isinstance(t, dict) and isinstance(t.get("id"), int)
    ]
    removed = [i for i in data.get("removed") or [] if isinstance(i, int)]
    sync_from = data.get("sync_from")
    return MirrorUpdate(
        tickets=tickets,
        removed=removed,
        full=False,
        sync_from=sync_from if isinstance(sync_from, str) else None,
        finished_at=_float(data.get("finished_at"), 0.0),
    )


def _whole(mirror: TicketMirror, update: MirrorUpdate) -> MirrorUpdate:
    return MirrorUpdate(
        tickets=mirror.tickets(),
        removed=(),
        full=True,
        sync_from=update.sync_from or mirror.meta.sync_from,
        finished_at=update.finished_at,
    )
