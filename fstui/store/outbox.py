"""The outbox: every write the UI makes, persisted before it is sent and sent exactly once.

Three promises, in order of importance:

1. Nothing is lost. A write is on disk before the first byte leaves; it leaves the disk only when
   the server has it (or the agent drops it).
2. Nothing is sent twice. A write whose outcome is unknown (timeout, dropped connection, killed
   process, 5xx) is "in doubt": before sending it again the outbox looks on the server for it.
   Replies and notes carry an invisible token (`<!-- fstui:TOKEN -->`, kept by Freshservice in
   `body`), ticket updates are recognised by the ticket already holding the new values. Kinds
   that cannot be recognised are never resent blindly; they wait for the agent to decide.
3. Nothing is overwritten silently. A ticket update carries the `updated_at` the agent saw; if
   the ticket has changed since, the update is held back as a conflict listing what changed.

Writes to one ticket go out in the order they were made: a queued reply is not overtaken by the
"close ticket" the agent pressed after it.

Each kind has its own answer to "did the earlier attempt arrive?" (see `_recognise`):

- reply, note: the token in the body; not found after `resend_grace`, sent again.
- update_ticket: the ticket already holding the values (read before every send anyway).
- link_asset, unlink_asset: the ticket's asset list, read before every send (the API replaces
  the whole list, so it is computed from what the ticket holds then).
- update_time_entry, update_task, stop_timer: the item already holding the values; else sent
  again (a PUT of absolute values is harmless twice); the item gone means rejected.
- delete_time_entry, delete_task: sent again; a 404 then means it did arrive.
- start_timer: a timer of the same agent running on the ticket; none there, it waits for the
  agent (a second start could leave two timers behind).
- time_entry, task: nothing identifies a new item: it waits for the agent.
- update_requested_item: the item already holding the values; else sent again (absolute
  values); the item gone means rejected.
- request_approval: a waiting approval by the same approver on the ticket; none there after
  `resend_grace`, sent again. cancel_approval: the approval already cancelled; else sent
  again. remind_approval: sent again (a second reminder e-mail is the lesser harm).
- create_ticket: the token in the description, looked for among the tickets of the same
  requester and subject (`new_tickets.find_created`); not found after `resend_grace`, sent
  again.

Attachments travel as paths (`new_tickets.attachment_entry`) and are read just before the
send; a file gone, changed or too large rejects the write before anything leaves.

Whoever wants to know what became of a write (the writes service, to apply it to the mirror and
tell open screens) subscribes with `add_listener`: it hears every result, also those of the
background retry loop and of a flush after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Protocol, cast, get_args

from fstui.api import (
    AuthenticationError,
    Conflict,
    FreshserviceError,
    NotFound,
    NotSent,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff, Connectivity, is_connectivity_failure
from fstui.store.drafts import DraftKey, Drafts
from fstui.store.freshness import format_timestamp, parse_timestamp
from fstui.store.new_tickets import AttachmentProblem, find_created, load_files

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

WriteKind = Literal[
    "reply",
    "note",
    "update_ticket",
    "time_entry",
    "task",
    "update_time_entry",
    "delete_time_entry",
    "start_timer",
    "stop_timer",
    "update_task",
    "delete_task",
    "link_asset",
    "unlink_asset",
    "create_ticket",
    "update_requested_item",
    "request_approval",
    "cancel_approval",
    "remind_approval",
]
WRITE_KINDS: tuple[WriteKind, ...] = get_args(WriteKind)

_PREFIX = "outbox:"
_DONE_PREFIX = "outbox-done:"
_DONE_KEEP_SECONDS = 7 * 24 * 3600
_FORMAT_VERSION = 1
_BUSY = "another fstui window is sending: queued"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_TOKEN_KINDS: frozenset[WriteKind] = frozenset({"reply", "note"})
# The id a kind's payload must carry, naming the item it changes.
_ITEM_ID: dict[WriteKind, str] = {
    "update_time_entry": "entry_id",
    "delete_time_entry": "entry_id",
    "stop_timer": "entry_id",
    "update_task": "task_id",
    "delete_task": "task_id",
    "link_asset": "display_id",
    "unlink_asset": "display_id",
    "update_requested_item": "item_id",
    "cancel_approval": "approval_id",
    "remind_approval": "approval_id",
    "request_approval": "approver_id",
}
_DELETE_KINDS: frozenset[WriteKind] = frozenset({"delete_time_entry", "delete_task"})
_FILE_KINDS: frozenset[WriteKind] = frozenset({"reply", "note", "create_ticket"})
_SERVICE_DESK_KINDS: frozenset[WriteKind] = frozenset(
    {"update_requested_item", "request_approval", "cancel_approval", "remind_approval"}
)
_ASSET_KINDS: frozenset[WriteKind] = frozenset({"link_asset", "unlink_asset"})
# Kinds read on the server before every send, not only when in doubt: the ticket's fields
# (conflict check) and its asset list (the API replaces the whole list).
_CHECKED_FIRST: frozenset[WriteKind] = frozenset({"update_ticket", *_ASSET_KINDS})
# Server-side bookkeeping that changes on every write and is never the agent's concern.
_VOLATILE_FIELDS = frozenset(
    {"updated_at", "created_at", "conversations", "stats", "requester", "attachments"}
)

# The server told us it did NOT apply the write: not in doubt, and retrying the same payload
# will fail the same way (except a 429, which only says "later").
_REFUSALS: tuple[type[FreshserviceError], ...] = (
    ValidationFailed,
    AuthenticationError,
    PermissionDenied,
    NotFound,
    Conflict,
)


class OutboxClient(Protocol):
    """What the outbox needs from `fstui.api.FreshserviceClient` (a fake in unit tests).

    Time entries and tasks are sent through `create_time_entry` / `create_task`, looked up by
    name, so a client without them still serves replies, notes and updates.
    """

    async def reply(
        self,
        ticket_id: int,
        body: str,
        /,
        *,
        cc_emails: Sequence[str] = (),
        bcc_emails: Sequence[str] = (),
    ) -> Any: ...

    async def add_note(self, ticket_id: int, body: str, /, *, private: bool = True) -> Any: ...

    async def update_ticket(self, ticket_id: int, fields: Mapping[str, Any], /) -> Any: ...

    async def get_ticket(self, ticket_id: int, /) -> Any: ...

    def list_conversations(self, ticket_id: int, /) -> AsyncIterable[Any]: ...


# --- the write and its token ------------------------------------------------------------------


def new_idempotency_token() -> str:
    return uuid.uuid4().hex


def token_marker(token: str) -> str:
    """The invisible tag appended to a reply/note body; HTML comments render as nothing."""
    return f"<!-- fstui:{token} -->"


def mark_body(body: str, token: str) -> str:
    marker = token_marker(token)
    return body if body.endswith(marker) else f"{body}\n{marker}"


def body_has_token(body: str | None, token: str) -> bool:
    """True when `body` carries `token`, even if the server re-escaped the comment."""
    return bool(body) and f"fstui:{token}" in cast(str, body)


@dataclass(frozen=True)
class Write:
    """One change the agent asked for.

    payload by kind:
    - reply: {"body": html, "cc_emails": [...], "bcc_emails": [...]}
    - note: {"body": html, "private": bool}
    - update_ticket: the fields to set, e.g. {"status": 4}
    - time_entry / task: the fields for the client's create_time_entry / create_task
    - start_timer: the fields of the new time entry (note, agent_id); timer_running is added
    - update_time_entry / update_task: {"entry_id" | "task_id": id, "fields": {...}}
    - delete_time_entry / stop_timer: {"entry_id": id}; delete_task: {"task_id": id}
    - link_asset / unlink_asset: {"display_id": id}
    - create_ticket: {"fields": the create body, "parent_id": id (a child ticket) or absent};
      filed under ticket id 0 (`new_tickets.NEW_TICKET`), or the parent's
    - update_requested_item: {"item_id": id, "fields": {"stage": n, "quantity": n}}
    - request_approval: {"approver_id": id, "approval_type": n, "email_content": html?}
    - cancel_approval / remind_approval: {"approval_id": id}
    - reply and note may carry "attachments": [`new_tickets.attachment_entry(path)`, ...];
      a reply "from_email" too

    `base` is the ticket as the agent saw it (field -> value); with it a conflict can name the
    fields someone else changed. `draft` is the draft slot to clear once the write is delivered
    (defaults to the ticket's reply/note slot for those kinds).
    """

    kind: WriteKind
    ticket_id: int
    payload: Mapping[str, Any]
    expected_updated_at: str | None = None
    idempotency_token: str = field(default_factory=new_idempotency_token)
    base: Mapping[str, Any] | None = None
    draft: DraftKey | None = None

    def __post_init__(self) -> None:
        if self.kind not in WRITE_KINDS:
            raise ValueError(f"write kind must be one of {WRITE_KINDS}, not {self.kind!r}")
        if not _TOKEN_RE.match(self.idempotency_token):
            raise ValueError("idempotency token must be 8-64 characters of [A-Za-z0-9_-]")
        if self.kind in _TOKEN_KINDS and not isinstance(self.payload.get("body"), str):
            raise ValueError(f"a {self.kind} needs a str 'body' in its payload")
        id_name = _ITEM_ID.get(self.kind)
        if id_name is not None:
            value = self.payload.get(id_name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"a {self.kind} needs an int {id_name!r} in its payload")
        if self.kind == "create_ticket" and not isinstance(self.payload.get("fields"), Mapping):
            raise ValueError("a create_ticket needs a mapping 'fields' in its payload")
        if self.kind in (
            "update_time_entry",
            "update_task",
            "update_requested_item",
        ) and not isinstance(self.payload.get("fields"), Mapping):
            raise ValueError(f"a {self.kind} needs a mapping 'fields' in its payload")

    @property
    def draft_key(self) -> DraftKey | None:
        if self.draft is not None:
            return self.draft
        if self.kind == "reply" or self.kind == "note":
            return DraftKey(self.ticket_id, self.kind)
        return None


# --- results ----------------------------------------------------------------------------------


class Outcome(StrEnum):
    SENT = "sent"
    """Delivered by this attempt."""
    ALREADY_DELIVERED = "already_delivered"
    """An earlier attempt whose outcome was unknown did arrive; nothing was sent again."""
    QUEUED = "queued"
    """Not delivered yet; kept on disk and retried automatically."""
    CONFLICT = "conflict"
    """Not sent: the ticket changed since the agent saw it. Kept until the agent decides."""
    UNCERTAIN = "uncertain"
    """An earlier attempt may have arrived and this kind cannot be checked. Kept, not resent."""
    REJECTED = "rejected"
    """The server refused it (validation, permissions, gone). Kept until the agent drops it."""


class _State(StrEnum):
    PENDING = "pending"
    CONFLICT = "conflict"
    UNCERTAIN = "uncertain"
    REJECTED = "rejected"


_STATE_OUTCOME = {
    _State.PENDING: Outcome.QUEUED,
    _State.CONFLICT: Outcome.CONFLICT,
    _State.UNCERTAIN: Outcome.UNCERTAIN,
    _State.REJECTED: Outcome.REJECTED,
}


@dataclass(frozen=True)
class FieldChange:
    """A field of the ticket that is no longer what the agent saw (or what the write sets)."""

    name: str
    seen: Any
    current: Any
    wanted: Any = None
    in_write: bool = False


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    write: Write
    message: str
    response: Any = None
    changed_fields: tuple[FieldChange, ...] = ()
    current_updated_at: str | None = None
    error: str | None = None
    field_errors: tuple[tuple[str, str], ...] = ()
    """For a write the server refused with a 400: (field, message) pairs, so a form can point
    at the field (untrusted text, made inert by the client)."""

    @property
    def delivered(self) -> bool:
        return self.outcome in (Outcome.SENT, Outcome.ALREADY_DELIVERED)


@dataclass(frozen=True)
class QueuedWrite:
    """A write still on disk, with why it is there (for the UI's outbox view)."""

    write: Write
    outcome: Outcome
    attempts: int
    in_doubt: bool
    created_at: float
    last_attempt_at: float | None
    last_error: str | None
    changed_fields: tuple[FieldChange, ...]
    current_updated_at: str | None


# --- the record on disk -----------------------------------------------------------------------


@dataclass
class _Record:
    write: Write
    seq: int
    created_at: float
    state: _State = _State.PENDING
    in_doubt: bool = False
    attempts: int = 0
    last_attempt_at: float | None = None
    last_error: str | None = None
    changed_fields: tuple[FieldChange, ...] = ()
    current_updated_at: str | None = None
    field_errors: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return f"{_PREFIX}{self.write.idempotency_token}"

    def to_json(self) -> dict[str, Any]:
        w = self.write
        draft = w.draft
        return {
            "v": _FORMAT_VERSION,
            "seq": self.seq,
            "created_at": self.created_at,
            "kind": w.kind,
            "ticket_id": w.ticket_id,
            "payload": dict(w.payload),
            "expected_updated_at": w.expected_updated_at,
            "token": w.idempotency_token,
            "base": dict(w.base) if w.base is not None else None,
            "draft": None if draft is None else {"ticket_id": draft.ticket_id, "kind": draft.kind},
            "state": self.state.value,
            "in_doubt": self.in_doubt,
            "attempts": self.attempts,
            "last_attempt_at": self.last_attempt_at,
            "last_error": self.last_error,
            "changed_fields": [
                {
                    "name": c.name,
                    "seen": c.seen,
                    "current": c.current,
                    "wanted": c.wanted,
                    "in_write": c.in_write,
                }
                for c in self.changed_fields
            ],
            "current_updated_at": self.current_updated_at,
            "field_errors": [list(pair) for pair in self.field_errors],
        }

    @classmethod
    def from_json(cls, data: Any) -> _Record | None:
        if not isinstance(data, dict):
            return None
        try:
            draft_data = data.get("draft")
            draft = (
                DraftKey(int(draft_data["ticket_id"]), draft_data["kind"])
                if isinstance(draft_data, dict)
                else None
            )
            write = Write(
                kind=data["kind"],
                ticket_id=int(data["ticket_id"]),
                payload=dict(data["payload"]),
                expected_updated_at=data.get("expected_updated_at"),
                idempotency_token=str(data["token"]),
                base=data.get("base"),
                draft=draft,
            )
            return cls(
                write=write,
                seq=int(data["seq"]),
                created_at=float(data["created_at"]),
                state=_State(data.get("state", "pending")),
                in_doubt=bool(data.get("in_doubt", False)),
                attempts=int(data.get("attempts", 0)),
                last_attempt_at=data.get("last_attempt_at"),
                last_error=data.get("last_error"),
                changed_fields=tuple(
                    FieldChange(
                        name=str(c["name"]),
                        seen=c.get("seen"),
                        current=c.get("current"),
                        wanted=c.get("wanted"),
                        in_write=bool(c.get("in_write", False)),
                    )
                    for c in data.get("changed_fields") or ()
                ),
                current_updated_at=data.get("current_updated_at"),
                field_errors=tuple(
                    (str(pair[0]), str(pair[1])) for pair in data.get("field_errors") or ()
                ),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def public(self) -> QueuedWrite:
        return QueuedWrite(
            write=self.write,
            outcome=_STATE_OUTCOME[self.state],
            attempts=self.attempts,
            in_doubt=self.in_doubt,
            created_at=self.created_at,
            last_attempt_at=self.last_attempt_at,
            last_error=self.last_error,
            changed_fields=self.changed_fields,
            current_updated_at=self.current_updated_at,
        )


class _Offline(Exception):
    """Internal: the network is gone, stop this flush pass."""


class _ProcessLock:
    """An advisory file lock so two fstui processes on one cache never send the same write.

    Non-blocking: a process that finds the lock taken leaves the queue to the one holding it
    (which is already sending) instead of waiting behind a slow request.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if sys.platform == "win32":  # no flock: one fstui process per cache is assumed
            return True
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None or sys.platform == "win32":
            return
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    @contextlib.asynccontextmanager
    async def held(self, lock: asyncio.Lock) -> AsyncIterator[bool]:
        """Hold the in-process lock, then try the file lock; yields whether we may send."""
        async with lock:
            acquired = self.acquire()
            try:
                yield acquired
            finally:
                if acquired:
                    self.release()


# --- the outbox -------------------------------------------------------------------------------


class Outbox:
    """Durable, ordered, exactly-once delivery of the agent's writes.

    One asyncio lock serialises every send, so `submit`, `flush` and the background retry never
    send the same write concurrently. `resend_grace` is how long after an attempt with unknown
    outcome the outbox waits before concluding "not there, send again": a request cut off on our
    side may still be landing on the server.
    """

    def __init__(
        self,
        cache: JsonCache,
        client: OutboxClient,
        *,
        drafts: Drafts | None = None,
        connectivity: Connectivity | None = None,
        resend_grace: float = 30.0,
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._cache = cache
        self._client = client
        self._drafts = drafts if drafts is not None else Drafts(cache)
        self._connectivity = connectivity
        self._resend_grace = resend_grace
        self._backoff = backoff or Backoff(initial=2.0, maximum=120.0)
        self._clock = clock
        self._lock = asyncio.Lock()
        self._process_lock = _ProcessLock(cache.directory / "outbox.lock")
        self._seq = itertools.count()
        self._wake = asyncio.Event()
        self._retry_task: asyncio.Task[None] | None = None
        self._dropped: set[str] = set()
        self._listeners: list[Callable[[SubmitResult], None]] = []
        if connectivity is not None:
            connectivity.on_restore(self.flush)
        self._prune_delivered()

    # -- reading the queue ------------------------------------------------------------------

    def pending(self) -> list[QueuedWrite]:
        """Every write still on disk, oldest first (queued, conflicts, uncertain, rejected)."""
        return [r.public() for r in self._records()]

    def __len__(self) -> int:
        return len(self._records())

    def get(self, token: str) -> QueuedWrite | None:
        """The write with this token while it is still on disk, else None."""
        record = self._load(token)
        return None if record is None else record.public()

    # -- listening --------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[SubmitResult], None]) -> Callable[[], None]:
        """Call `listener(result)` for every attempt's result; returns the unsubscribe function.

        Delivered writes are announced once each, whichever path delivered them (submit, the
        retry loop, a flush on reconnect or after a restart, override); so are writes that
        stayed queued or were held. Listeners run synchronously and must not raise.
        """
        self._listeners.append(listener)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def _announce(self, result: SubmitResult) -> SubmitResult:
        for listener in list(self._listeners):
            try:
                listener(result)
            except Exception:
                log.exception("outbox listener failed")
        return result

    def _announce_undelivered(self, result: SubmitResult) -> SubmitResult:
        # Delivered results were announced by `_delivered` already.
        return result if result.delivered else self._announce(result)

    # -- changing a queued write ------------------------------------------------------------

    async def amend(self, token: str, payload: Mapping[str, Any]) -> bool:
        """Replace a queued write's payload before it goes (the agent edited it).

        Refused (False) when the write is gone or in doubt: an earlier attempt may already be on
        the server with the old text, and the token check would then call the new text
        delivered. Held writes keep their state; the next retry sends the new payload.
        """
        async with self._lock:
            record = self._load(token)
            if record is None or record.in_doubt:
                return False
            record.write = replace(record.write, payload=dict(payload))  # validates again
            self._store(record)
        self._wake.set()
        return True

    # -- writing ----------------------------------------------------------------------------

    async def submit(self, write: Write) -> SubmitResult:
        """Persist `write`, then try to deliver it now.

        Submitting the same idempotency token twice never makes a second write: the second call
        reports on the first one.
        """
        record = self._load(write.idempotency_token)
        if record is None and self._was_delivered(write.idempotency_token):
            return SubmitResult(Outcome.ALREADY_DELIVERED, write, "already sent; not resent")
        if record is None:
            record = _Record(write=write, seq=self._next_seq(), created_at=self._clock())
            self._store(record)
        self._wake.set()
        if self._connectivity is not None and not self._connectivity.is_online:
            return self._announce(_queued(record, "offline: queued, will send when back online"))
        return self._announce_undelivered(await self._submit_now(write, record))

    async def _submit_now(self, write: Write, record: _Record) -> SubmitResult:
        async with self._process_lock.held(self._lock) as mine:
            if not mine:
                return _queued(record, _BUSY)
            # Earlier writes to the same ticket go first.
            for earlier in self._records():
                if earlier.seq >= record.seq:
                    break
                if earlier.write.ticket_id != write.ticket_id:
                    continue
                fresh = self._load(earlier.write.idempotency_token)
                if fresh is None:
                    continue
                try:
                    result = await self._deliver(fresh)
                except _Offline:
                    return _queued(record, "offline: queued, will retry")
                if _blocks_ticket(result):
                    return _queued(record, "queued behind an earlier change to this ticket")
            current = self._load(write.idempotency_token)
            if current is None:
                # Delivered (or dropped) by someone else while we waited for the lock.
                return SubmitResult(Outcome.ALREADY_DELIVERED, write, "already sent; not resent")
            try:
                return await self._deliver(current)
            except _Offline as exc:
                return _queued(current, "offline: queued, will retry", str(exc.__cause__))

    async def flush(self) -> list[SubmitResult]:
        """Try every queued write once, oldest first.

        Writes waiting on the agent (conflict, uncertain, rejected) are skipped, and so is every
        later write to the same ticket. The pass stops at the first sign the network is gone.
        """
        results: list[SubmitResult] = []
        async with self._process_lock.held(self._lock) as mine:
            if not mine:
                return [_queued(r, _BUSY) for r in self._records() if r.state is _State.PENDING]
            blocked: set[int] = set()
            offline = False
            for listed in self._records():
                # Re-read: delivering an earlier write may have re-based this one on disk.
                fresh = self._load(listed.write.idempotency_token)
                if fresh is None:
                    continue  # delivered or dropped meanwhile
                record = fresh
                ticket = record.write.ticket_id
                if record.state is _State.REJECTED:
                    continue  # dead until the agent acts; later writes need not wait for it
                if offline or record.state is not _State.PENDING or ticket in blocked:
                    if record.state is _State.PENDING:
                        why = "offline: will retry" if offline else "waiting for an earlier change"
                        results.append(_queued(record, why))
                    blocked.add(ticket)
                    continue
                try:
                    result = await self._deliver(record)
                except _Offline as exc:
                    offline = True
                    blocked.add(ticket)
                    results.append(_queued(record, "offline: will retry", str(exc.__cause__)))
                    continue
                results.append(result)
                if _blocks_ticket(result):
                    blocked.add(ticket)
        if any(r.outcome is Outcome.QUEUED for r in results):
            self._wake.set()
        for result in results:
            self._announce_undelivered(result)
        return results

    async def override(self, token: str) -> SubmitResult:
        """The agent decided: send a held-back write anyway.

        A conflict is re-based on the ticket as it is now (a further change by someone else is
        caught again); an uncertain write is sent again even though it may duplicate.
        """
        return self._announce_undelivered(await self._override(token))

    async def _override(self, token: str) -> SubmitResult:
        async with self._process_lock.held(self._lock) as mine:
            record = self._load(token)
            if record is None:
                raise KeyError(token)
            if not mine:
                return _queued(record, _BUSY)
            force = False
            if record.state is _State.CONFLICT:
                base = record.write.base
                if base is not None:
                    base = rebased(base, record.changed_fields)
                record.write = replace(
                    record.write, expected_updated_at=record.current_updated_at, base=base
                )
                record.changed_fields = ()
            elif record.state is _State.UNCERTAIN:
                force = True
            record.state = _State.PENDING
            record.last_error = None
            self._store(record)
            try:
                return await self._deliver(record, force=force)
            except _Offline as exc:
                return _queued(record, "offline: queued, will retry", str(exc.__cause__))

    def drop(self, token: str) -> bool:
        """Forget a write for good (the agent discarded it). Its draft, if any, is kept.

        A tombstone stops a send of it that is in flight right now from storing it back.
        """
        self._dropped.add(token)
        return self._cache.delete(f"{_PREFIX}{token}")

    # -- background retry -------------------------------------------------------------------

    def start(self) -> None:
        """Retry queued writes in the background with backoff until `aclose()`."""
        if self._retry_task is None or self._retry_task.done():
            self._retry_task = asyncio.get_running_loop().create_task(
                self._retry_loop(), name="fstui-outbox-retry"
            )

    async def aclose(self) -> None:
        task, self._retry_task = self._retry_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _retry_loop(self) -> None:
        self._wake.set()  # look at whatever a previous run left behind
        while True:
            await self._wake.wait()
            self._wake.clear()
            if not any(r.state is _State.PENDING for r in self._records()):
                continue
            if self._connectivity is not None and not self._connectivity.is_online:
                await self._connectivity.wait_online()
            try:
                results = await self.flush()
            except Exception:
                log.exception("outbox flush failed")
                results = []
            if any(r.outcome is Outcome.QUEUED for r in results):
                await asyncio.sleep(self._backoff.next_delay())
                self._wake.set()
            else:
                self._backoff.reset()

    # -- delivery of one record (lock held) -------------------------------------------------

    async def _deliver(self, record: _Record, *, force: bool = False) -> SubmitResult:
        """One attempt at `record`. Raises _Offline when the network is gone.

        `force` skips the "did an earlier attempt arrive?" question (the agent answered it).
        """
        write = record.write
        if record.state is not _State.PENDING:
            return self._held(record)

        if record.in_doubt and not force and write.kind not in _CHECKED_FIRST:
            try:
                verdict = await self._recognise(record)
            except FreshserviceError as exc:
                return self._failed(record, exc, "could not check the earlier send: queued")
            if verdict is not None:
                return verdict

        if write.kind == "update_ticket":
            held = await self._check_ticket(record)
            if held is not None:
                return held
        assets: list[dict[str, int]] = []
        if write.kind in _ASSET_KINDS:
            checked = await self._check_assets(record)
            if isinstance(checked, SubmitResult):
                return checked
            assets = checked

        try:
            carried = write.payload.get("attachments") if write.kind in _FILE_KINDS else None
            files = await load_files(carried or ())
        except AttachmentProblem as exc:
            return self._reject(record, str(exc))

        record.in_doubt = True
        record.attempts += 1
        record.last_attempt_at = self._clock()
        self._store(record)  # on disk BEFORE the request: a crash from here on is "in doubt"
        try:
            response = await self._track(self._send(write, assets, files))
        except RateLimited as exc:
            record.in_doubt = False
            return self._failed(record, exc, "rate limited: queued, will retry")
        except NotFound as exc:
            if write.kind in _DELETE_KINDS:  # deleting what is gone: the wish is met
                return self._delivered(record, Outcome.ALREADY_DELIVERED, None)
            record.in_doubt = False
            record.state = _State.REJECTED
            record.last_error = str(exc)
            self._store(record)
            return self._held(record)
        except _REFUSALS as exc:
            record.in_doubt = False
            record.state = _State.REJECTED
            record.last_error = str(exc)
            if isinstance(exc, ValidationFailed):
                record.field_errors = tuple((e.field or "", e.message) for e in exc.errors)
            self._store(record)
            return self._held(record)
        except FreshserviceError as exc:
            # Timeout, dropped connection, 5xx, unreadable 2xx: the server may have it. A
            # connection that never opened sent nothing: not in doubt, so the next pass sends
            # it at once instead of looking for it and waiting out `resend_grace`.
            record.in_doubt = not isinstance(exc, NotSent)
            if is_connectivity_failure(exc):
                self._failed(record, exc, "")
                raise _Offline from exc
            return self._failed(record, exc, "not confirmed: queued, will check and retry")
        return self._delivered(record, Outcome.SENT, response)

    async def _send(
        self, write: Write, assets: list[dict[str, int]], files: Sequence[Any] = ()
    ) -> Any:
        p = write.payload
        client = self._client
        # Only what a write carries is passed on, so clients without the newer keywords
        # (attachments, from_email) keep serving the writes that do not use them.
        extra: dict[str, Any] = {"attachments": list(files)} if files else {}
        if write.kind == "reply":
            if p.get("from_email"):
                extra["from_email"] = str(p["from_email"])
            return await client.reply(
                write.ticket_id,
                mark_body(p["body"], write.idempotency_token),
                cc_emails=tuple(p.get("cc_emails") or ()),
                bcc_emails=tuple(p.get("bcc_emails") or ()),
                **extra,
            )
        if write.kind == "note":
            return await cast(Any, client).add_note(
                write.ticket_id,
                mark_body(p["body"], write.idempotency_token),
                private=bool(p.get("private", True)),
                **extra,
            )
        if write.kind in _SERVICE_DESK_KINDS:
            return await self._send_service_desk(write)
        if write.kind == "create_ticket":
            fields = dict(p["fields"])
            fields["description"] = mark_body(
                str(fields.get("description") or ""), write.idempotency_token
            )
            parent = p.get("parent_id")
            if isinstance(parent, int):
                return await cast(Any, client).create_child_ticket(parent, fields, **extra)
            return await cast(Any, client).create_ticket(fields, **extra)
        if write.kind == "update_ticket" or write.kind in _ASSET_KINDS:
            # Asset kinds were turned into the whole new list by `_check_assets`.
            fields = dict(p) if write.kind == "update_ticket" else {"assets": assets}
            return await client.update_ticket(write.ticket_id, fields)
        if write.kind == "start_timer":
            fields = {**dict(p), "timer_running": True}
            return await cast(Any, client).create_time_entry(write.ticket_id, fields)
        id_name = _ITEM_ID.get(write.kind)
        if id_name is not None:
            item_id = int(p[id_name])
            method = getattr(client, write.kind)
            if write.kind in ("update_time_entry", "update_task"):
                return await method(write.ticket_id, item_id, dict(p["fields"]))
            return await method(write.ticket_id, item_id)
        method = getattr(client, f"create_{write.kind}")
        return await method(write.ticket_id, dict(p))

    async def _send_service_desk(self, write: Write) -> Any:
        p = write.payload
        client = cast(Any, self._client)
        if write.kind == "update_requested_item":
            return await client.update_requested_item(
                write.ticket_id, int(p["item_id"]), dict(p["fields"])
            )
        if write.kind == "request_approval":
            return await client.request_approval(
                write.ticket_id,
                int(p["approver_id"]),
                approval_type=int(p.get("approval_type", 1)),
                email_content=p.get("email_content"),
            )
        method = getattr(client, write.kind)  # cancel_approval, remind_approval
        return await method(write.ticket_id, int(p["approval_id"]))

    async def _recognise_service_desk(self, record: _Record) -> SubmitResult | None:
        write = record.write
        p = write.payload
        client = cast(Any, self._client)
        if write.kind == "remind_approval":
            return None
        if write.kind == "update_requested_item":
            items = await self._read(client.list_requested_items(write.ticket_id))
            item = next((i for i in items if _as_mapping(i).get("id") == p["item_id"]), None)
            if item is None:
                return self._reject(record, "the requested item is gone")
            current = _as_mapping(item)
            if all(_same_value(v, current.get(k)) for k, v in dict(p["fields"]).items()):
                return self._delivered(record, Outcome.ALREADY_DELIVERED, item)
            return None
        approvals = [
            _as_mapping(a) for a in await self._read(client.list_ticket_approvals(write.ticket_id))
        ]
        if write.kind == "cancel_approval":
            found = next((a for a in approvals if a.get("id") == p["approval_id"]), None)
            if found is None:
                return self._reject(record, "the approval is gone")
            if (found.get("approval_status") or {}).get("id") == 3:
                return self._delivered(record, Outcome.ALREADY_DELIVERED, found)
            return None
        waiting = [
            a
            for a in approvals
            if a.get("approver_id") == p["approver_id"]
            and (a.get("approval_status") or {}).get("id") == 0
        ]
        if waiting:
            return self._delivered(record, Outcome.ALREADY_DELIVERED, approvals)
        since = self._clock() - (record.last_attempt_at or 0.0)
        if since < self._resend_grace:
            return _queued(record, "checking whether the earlier send arrived")
        return None

    async def _read(self, call: Any) -> Any:
        try:
            return await self._track(call)
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            raise

    async def _recognise(self, record: _Record) -> SubmitResult | None:
        """An earlier attempt's outcome is unknown: did it arrive? None means "send again".

        Each kind answers with what the server can show (see the table in the module text).
        """
        write = record.write
        kind = write.kind
        if kind in _TOKEN_KINDS:
            if await self._server_has_token(write):
                return self._delivered(record, Outcome.ALREADY_DELIVERED, None)
            since = self._clock() - (record.last_attempt_at or 0.0)
            if since < self._resend_grace:
                return _queued(record, "checking whether the earlier send arrived")
            return None
        if kind in _SERVICE_DESK_KINDS:
            return await self._recognise_service_desk(record)
        if kind == "create_ticket":
            found = await self._find_created(record)
            if found is not None:
                return self._delivered(record, Outcome.ALREADY_DELIVERED, found)
            since = self._clock() - (record.last_attempt_at or 0.0)
            if since < self._resend_grace:
                return _queued(record, "checking whether the earlier send arrived")
            return None
        if kind in _DELETE_KINDS:
            return None  # sent again: a 404 then says it did arrive
        if kind in ("update_time_entry", "update_task", "stop_timer"):
            id_name = _ITEM_ID[kind]
            what = "time_entries" if kind != "update_task" else "tasks"
            item = await self._find_item(write.ticket_id, what, int(write.payload[id_name]))
            if item is None:
                return self._reject(record, f"the {what[:-1].replace('_', ' ')} is gone")
            wanted = (
                {"timer_running": False} if kind == "stop_timer" else dict(write.payload["fields"])
            )
            current = _as_mapping(item)
            if all(_same_value(v, current.get(k)) for k, v in wanted.items()):
                return self._delivered(record, Outcome.ALREADY_DELIVERED, item)
            return None
        if kind == "start_timer":
            agent = write.payload.get("agent_id")
            for entry in await self._items(write.ticket_id, "time_entries"):
                data = _as_mapping(entry)
                if data.get("timer_running") and (agent is None or data.get("agent_id") == agent):
                    return self._delivered(record, Outcome.ALREADY_DELIVERED, entry)
        # time_entry, task, and a start_timer with no running timer to show for it: nothing on
        # the server says whether the earlier attempt made an item. Only the agent can decide.
        record.state = _State.UNCERTAIN
        self._store(record)
        return self._held(record)

    async def _find_created(self, record: _Record) -> Any:
        write = record.write
        search = find_created(
            self._client,
            write.payload["fields"],
            write.idempotency_token,
            record.created_at,
        )
        try:
            return await self._track(search)
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            raise

    async def _items(self, ticket_id: int, what: str) -> list[Any]:
        lister = getattr(self._client, f"list_{what}")

        async def collect() -> list[Any]:
            return [item async for item in lister(ticket_id)]

        try:
            return cast(list[Any], await self._track(collect()))
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            raise

    async def _find_item(self, ticket_id: int, what: str, item_id: int) -> Any:
        for item in await self._items(ticket_id, what):
            if _as_mapping(item).get("id") == item_id:
                return item
        return None

    async def _check_assets(self, record: _Record) -> SubmitResult | list[dict[str, int]]:
        """Link/unlink: read the ticket's assets now; done already, or the new whole list.

        The API replaces the list, so it is computed from what the ticket holds at send time
        (another agent's link made meanwhile is kept), and a link already there is not sent.
        """
        write = record.write
        try:
            ticket = await self._track(
                cast(Any, self._client).get_ticket(write.ticket_id, include=("assets",))
            )
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            return self._failed(record, exc, "could not read the ticket's assets: queued")
        current = _asset_ids(ticket)
        display_id = int(write.payload["display_id"])
        if write.kind == "link_asset":
            if display_id in current:
                return self._delivered(record, Outcome.ALREADY_DELIVERED, None)
            wanted = [*current, display_id]
        else:
            if display_id not in current:
                return self._delivered(record, Outcome.ALREADY_DELIVERED, None)
            wanted = [d for d in current if d != display_id]
        return [{"display_id": d} for d in wanted]

    def _reject(self, record: _Record, why: str) -> SubmitResult:
        record.in_doubt = False
        record.state = _State.REJECTED
        record.last_error = why
        self._store(record)
        return self._held(record)

    async def _server_has_token(self, write: Write) -> bool:
        """Is a reply/note carrying this write's token already on the ticket?"""

        async def scan() -> bool:
            async for conversation in self._client.list_conversations(write.ticket_id):
                if body_has_token(getattr(conversation, "body", None), write.idempotency_token):
                    return True
            return False

        try:
            return bool(await self._track(scan()))
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            raise

    async def _check_ticket(self, record: _Record) -> SubmitResult | None:
        """For an update: already applied? changed by someone else? None means "send it"."""
        write = record.write
        # A ticket read leaves tags out unless asked (reference line 894; an include costs a
        # credit). A write of tags replaces the whole list (line 1433): then someone else's
        # tag change must be seen, so only then are they asked for.
        read = (
            cast(Any, self._client).get_ticket(write.ticket_id, include=("tags",))
            if "tags" in write.payload
            else self._client.get_ticket(write.ticket_id)
        )
        try:
            answer = await self._track(read)
        except FreshserviceError as exc:
            if is_connectivity_failure(exc):
                raise _Offline from exc
            return self._failed(record, exc, "could not check the ticket: queued, will retry")
        ticket = _as_mapping(answer)
        if all(_same_value(v, ticket.get(k)) for k, v in write.payload.items()):
            # The ticket as read is the truth the listeners apply (no second read).
            return self._delivered(record, Outcome.ALREADY_DELIVERED, answer)
        current_updated_at = _text(ticket.get("updated_at"))
        stamp_moved = write.expected_updated_at is not None and not _same_instant(
            write.expected_updated_at, current_updated_at
        )
        if write.base is not None:
            # The fields decide: updated_at has one-second resolution (two edits in one second
            # look alike) and moves for mere bookkeeping (a reply, maybe our own, bumps it).
            changes = _changes(write, ticket)
            if not changes:
                return None
        elif stamp_moved:
            changes = _changes(write, ticket)
        else:
            return None
        record.state = _State.CONFLICT
        record.changed_fields = changes
        record.current_updated_at = current_updated_at
        record.last_error = None
        self._store(record)
        return self._held(record)

    async def _track(self, call: Any) -> Any:
        if self._connectivity is None:
            return await call
        return await self._connectivity.track(call)

    # -- record bookkeeping -----------------------------------------------------------------

    def _delivered(self, record: _Record, outcome: Outcome, response: Any) -> SubmitResult:
        # Remember the token for a while so a repeated submit (double keypress, a retry of the
        # whole UI action) is recognised instead of sent again.
        self._cache.set(f"{_DONE_PREFIX}{record.write.idempotency_token}", self._clock())
        self._cache.delete(record.key)
        if record.write.kind == "update_ticket":
            self._rebase_later(record, response)
        draft_key = record.write.draft_key
        if draft_key is not None:
            draft = self._drafts.load(draft_key)
            # A draft saved after the submit is new text for the next message: keep it.
            if draft is not None and draft.saved_at <= record.created_at:
                self._drafts.discard(draft_key)
        message = "sent" if outcome is Outcome.SENT else "already delivered earlier; not resent"
        return self._announce(SubmitResult(outcome, record.write, message, response=response))

    def _rebase_later(self, record: _Record, response: Any) -> None:
        """Our own delivered change is not "someone else's": later queued updates of the same
        ticket, made while this one waited, take its values into what they saw.

        Without this a second queued edit (say a bulk priority queued offline, then a single
        edit) found the first one's priority on the server and was held as a conflict forever.
        """
        write = record.write
        stamp = None
        if response is not None:
            with contextlib.suppress(Exception):
                stamp = _text(_as_mapping(response).get("updated_at"))
        for later in self._records():
            if (
                later.seq <= record.seq
                or later.write.ticket_id != write.ticket_id
                or later.write.kind != "update_ticket"
            ):
                continue
            base = later.write.base
            if base is not None:
                base = {**base, **{k: v for k, v in write.payload.items() if k in base}}
            later.write = replace(
                later.write,
                base=base,
                expected_updated_at=stamp or later.write.expected_updated_at,
            )
            self._store(later)

    def _failed(self, record: _Record, exc: BaseException, message: str) -> SubmitResult:
        record.last_error = str(exc)
        self._store(record)
        return _queued(record, message, record.last_error)

    def _held(self, record: _Record) -> SubmitResult:
        messages = {
            _State.CONFLICT: "not sent: the ticket was changed by someone else",
            _State.UNCERTAIN: "an earlier attempt may have arrived; not resent without you",
            _State.REJECTED: "rejected by Freshservice",
            _State.PENDING: "queued, will retry",
        }
        return SubmitResult(
            _STATE_OUTCOME[record.state],
            record.write,
            messages[record.state],
            changed_fields=record.changed_fields,
            current_updated_at=record.current_updated_at,
            error=record.last_error,
            field_errors=record.field_errors,
        )

    def _next_seq(self) -> int:
        # Wall-clock based so that order survives restarts; the counter breaks ties in-process.
        newest = max((r.seq for r in self._records()), default=0)
        return max(time.time_ns(), newest + 1) + next(self._seq)

    def _was_delivered(self, token: str) -> bool:
        return self._cache.get(f"{_DONE_PREFIX}{token}") is not None

    def _prune_delivered(self) -> None:
        cutoff = self._clock() - _DONE_KEEP_SECONDS
        for key in self._cache.keys(_DONE_PREFIX):
            entry = self._cache.get(key)
            if entry is None or not isinstance(entry.value, int | float) or entry.value < cutoff:
                self._cache.delete(key)

    def _load(self, token: str) -> _Record | None:
        entry = self._cache.get(f"{_PREFIX}{token}")
        return None if entry is None else _Record.from_json(entry.value)

    def _store(self, record: _Record) -> None:
        if record.write.idempotency_token in self._dropped:
            return
        self._cache.set(record.key, record.to_json())

    def _records(self) -> list[_Record]:
        records: list[_Record] = []
        for key in self._cache.keys(_PREFIX):
            entry = self._cache.get(key)
            record = None if entry is None else _Record.from_json(entry.value)
            if record is not None:
                records.append(record)
        records.sort(key=lambda r: r.seq)
        return records


# --- helpers ----------------------------------------------------------------------------------


def _queued(record: _Record, message: str, error: str | None = None) -> SubmitResult:
    return SubmitResult(
        Outcome.QUEUED, record.write, message, error=error if error else record.last_error
    )


def _asset_ids(ticket: Any) -> list[int]:
    """Display ids of the assets a ticket read with include=assets carries, in order."""
    extra = getattr(ticket, "model_extra", None) or {}
    items = extra.get("assets") if isinstance(extra, Mapping) else None
    if items is None and isinstance(ticket, Mapping):
        items = ticket.get("assets")
    found: list[int] = []
    for item in items or []:
        value = item.get("display_id") if isinstance(item, Mapping) else None
        if isinstance(value, int) and value not in found:
            found.append(value)
    return found


def _blocks_ticket(result: SubmitResult) -> bool:
    return not result.delivered and result.outcome is not Outcome.REJECTED


def _as_mapping(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Mapping):
        return dict(obj)
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        # Only what the body carried: a field the answer left out (tags without include=tags)
        # is unknown, not "changed to nothing" — else every such write is a false conflict.
        return cast(dict[str, Any], dump(mode="json", exclude_unset=True))
    return dict(vars(obj))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_timestamp(value)
    return str(value)


def _same_instant(a: str | None, b: str | None) -> bool:
    pa, pb = parse_timestamp(a), parse_timestamp(b)
    if pa is not None and pb is not None:
        return pa == pb
    return a == b


def _same_value(wanted: Any, current: Any) -> bool:
    """Does the ticket already hold `wanted`? Dicts (custom_fields) compare on the keys given."""
    if isinstance(wanted, Mapping):
        if not isinstance(current, Mapping):
            return False
        return all(_same_value(v, current.get(k)) for k, v in wanted.items())
    if isinstance(wanted, list | tuple) and isinstance(current, list | tuple):
        return list(wanted) == list(current)
    return bool(wanted == current)


CUSTOM = "custom_fields"


def rebased(base: Mapping[str, Any], changes: Sequence[FieldChange]) -> dict[str, Any]:
    """`base` as the ticket is now in the changed fields: the agent chose to overwrite them,
    so the next check starts from what they saw in the conflict. A custom field's change is
    named `custom_fields.<key>` and lands inside the custom fields."""
    out = dict(base)
    for change in changes:
        name, _, key = change.name.partition(".")
        if name == CUSTOM and key:
            custom = out.get(CUSTOM)
            out[CUSTOM] = {**(custom if isinstance(custom, Mapping) else {}), key: change.current}
        else:
            out[change.name] = change.current
    return out


def _custom_changes(write: Write, seen: Any, current: Any) -> list[FieldChange]:
    """Custom fields one by one: another agent setting "Affected service" is a conflict for
    that field, named as such, not a change of one opaque dict."""
    if not isinstance(seen, Mapping) or not isinstance(current, Mapping):
        return []
    wanted = write.payload.get(CUSTOM)
    wanted = wanted if isinstance(wanted, Mapping) else {}
    return [
        FieldChange(
            name=f"{CUSTOM}.{key}",
            seen=value,
            current=current.get(key),
            wanted=wanted.get(key),
            in_write=key in wanted,
        )
        for key, value in seen.items()
        if key in current and not _same_value(value, current.get(key))
    ]


def _changes(write: Write, ticket: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    """Which fields changed under the agent: from `base` when given, else those we'd overwrite."""
    changes: list[FieldChange] = []
    if write.base is not None:
        for name, seen in write.base.items():
            if name in _VOLATILE_FIELDS or name not in ticket:
                continue
            if name == CUSTOM:
                changes.extend(_custom_changes(write, seen, ticket[name]))
                continue
            if not _same_value(seen, ticket[name]):
                changes.append(
                    FieldChange(
                        name=name,
                        seen=seen,
                        current=ticket[name],
                        wanted=write.payload.get(name),
                        in_write=name in write.payload,
                    )
                )
        return tuple(changes)
    for name, wanted in write.payload.items():
        if not _same_value(wanted, ticket.get(name)):
            changes.append(
                FieldChange(
                    name=name, seen=None, current=ticket.get(name), wanted=wanted, in_write=True
                )
            )
    return tuple(changes)
