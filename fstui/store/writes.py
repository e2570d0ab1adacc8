"""The one front for every write the UI makes: through the outbox, applied when delivered, shown.

Why one front: before it, the ticket screen sent some writes through the outbox and others at
once, the queue's bulk action bypassed the outbox (offline it failed where a single edit
queued), and nobody applied a write the retry loop delivered later. Now every write is a
`Write` in the durable `Outbox` (exactly once, ordered per ticket, conflict-checked), and this
service:

- builds each write with what the agent saw (`base` and `updated_at`), so the conflict check
  compares only fields the agent really saw (a ticket known only from its mirror row has no
  tags; treating the missing tags as "seen empty" held a queued edit as a conflict forever);
- applies every delivered write to the mirror and the ticket cache through an `Applier` (the
  store facade) whichever path delivered it: at once, the retry loop, a flush on reconnect or
  after a restart;
- announces what happened (`add_listener`) so open screens redraw, and answers what is still
  pending (`pending_fields`, `entries`, `counts`) so the header, the queue row, the status bar
  and the outbox screen can say so;
- keeps a queued reply or note out of the drafts: the queued write holds the text, and
  `queued_message` says a reply is queued instead of restoring it as a draft to send twice;
- remembers the running timer (the API cannot list time entries by agent).

Textual-free: the UI converts what the agent typed into HTML before calling.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from fstui.api import Conversation, FreshserviceError, NotFound, Task, Ticket, TimeEntry
from fstui.store.cache import JsonCache
from fstui.store.drafts import DraftKey, DraftKind, Drafts
from fstui.store.freshness import Cached
from fstui.store.labels import field_title
from fstui.store.new_tickets import (
    NEW_TICKET,
    attachment_entry,
    bad_addresses,
    check_entries,
)
from fstui.store.outbox import (
    Outbox,
    Outcome,
    QueuedWrite,
    SubmitResult,
    Write,
    WriteKind,
    new_idempotency_token,
    rebased,
)

__all__ = [
    "BASE_FIELDS",
    "Applier",
    "BulkItem",
    "BulkOutcome",
    "InvalidAddresses",
    "QueuedMessage",
    "RunningTimer",
    "WriteCounts",
    "WriteEntry",
    "WriteEvent",
    "WriteRefused",
    "Writes",
    "base_of",
]

log = logging.getLogger(__name__)

TIMER_KEY = "writes:running_timer"
_LEGACY_TIMER_KEY = "ui:running_timer"  # where the UI kept it before this service

BASE_FIELDS = (
    "status",
    "priority",
    "urgency",
    "impact",
    "responder_id",
    "group_id",
    "subject",
    "category",
    "sub_category",
    "item_category",
    "tags",
    "type",
    "custom_fields",
)
"""The ticket fields a conflict check compares: what the agent sees and decides on (custom
fields key by key)."""

_KIND_WORDS: dict[WriteKind, str] = {
    "reply": "Reply",
    "note": "Note",
    "update_ticket": "Change",
    "time_entry": "Time entry",
    "task": "New task",
    "update_time_entry": "Edit time entry",
    "delete_time_entry": "Delete time entry",
    "start_timer": "Start timer",
    "stop_timer": "Stop timer",
    "update_task": "Edit task",
    "delete_task": "Delete task",
    "link_asset": "Link asset",
    "unlink_asset": "Unlink asset",
    "create_ticket": "New ticket",
    "update_requested_item": "Requested item",
    "request_approval": "Request approval",
    "cancel_approval": "Cancel approval",
    "remind_approval": "Approval reminder",
}
_SERVICE_DESK_KINDS: frozenset[WriteKind] = frozenset(
    {"update_requested_item", "request_approval", "cancel_approval", "remind_approval"}
)
_CHILD_EDITS: frozenset[WriteKind] = frozenset(
    {"update_time_entry", "delete_time_entry", "stop_timer", "update_task", "delete_task"}
)


class Applier(Protocol):
    """Where a delivered write lands: the store facade (mirror, ticket cache, store events)."""

    def apply_ticket(self, ticket: Ticket) -> None: ...

    def add_conversation(self, ticket_id: int, conversation: Conversation) -> None: ...

    def add_child(self, ticket_id: int, what: str, item: BaseModel) -> None: ...

    def invalidate_ticket(self, ticket_id: int) -> None: ...


class TimeEntryReader(Protocol):
    """Reads the ticket's time entries (the store): to check a remembered timer still runs."""

    async def time_entries(
        self, ticket_id: int, *, force: bool = False
    ) -> Cached[list[TimeEntry]]: ...


# --- what the service answers -----------------------------------------------------------------


class WriteRefused(FreshserviceError):
    """The server refused a write the caller expected an answer for (e.g. an asset link)."""


EventWhat = Literal["delivered", "queued", "held", "dropped", "edited"]


@dataclass(frozen=True)
class WriteEvent:
    """One thing that happened to one write; listeners redraw what it names.

    `what`: delivered (applied to the mirror and cache already), queued (will be retried by
    itself), held (waits for the agent: conflict, uncertain or rejected; `outcome` says which),
    dropped (the agent discarded it), edited (its payload changed before it went).
    """

    what: EventWhat
    ticket_id: int
    kind: WriteKind
    token: str
    message: str
    outcome: Outcome | None = None
    fields: frozenset[str] = frozenset()
    """For ticket updates: the fields it sets, so a header redraws just those."""


@dataclass(frozen=True)
class WriteCounts:
    """For the status bar and the quit confirmation."""

    queued: int
    """Will go by itself (offline, rate limited, waiting behind an earlier write)."""
    attention: int
    """Waits for the agent: conflict, uncertain or rejected."""

    @property
    def total(self) -> int:
        return self.queued + self.attention


EntryState = Literal["queued", "conflict", "uncertain", "rejected"]
_ENTRY_STATE: dict[Outcome, EntryState] = {
    Outcome.QUEUED: "queued",
    Outcome.CONFLICT: "conflict",
    Outcome.UNCERTAIN: "uncertain",
    Outcome.REJECTED: "rejected",
}


@dataclass(frozen=True)
class WriteEntry:
    """One write still on disk, described for the outbox screen."""

    token: str
    ticket_id: int
    kind: WriteKind
    state: EntryState
    summary: str
    """What it does, in words (untrusted server text never gets in here; values are the
    agent's own)."""
    message: str
    """Why it is still here: the last error, or what it waits for."""
    created_at: float
    last_attempt_at: float | None
    attempts: int
    in_doubt: bool
    editable: Literal["body", "fields"] | None
    """What `edit_body` / `edit_value` may change now (None: nothing, e.g. in doubt)."""
    payload: Mapping[str, Any]

    @property
    def needs_attention(self) -> bool:
        return self.state != "queued"


@dataclass(frozen=True)
class QueuedMessage:
    """A reply or note on its way: the composer shows this instead of a draft."""

    token: str
    ticket_id: int
    kind: DraftKind
    body_html: str
    text: str
    """What the agent typed (to put back in the composer); the HTML when unknown."""
    created_at: float
    state: EntryState
    message: str


@dataclass(frozen=True)
class RunningTimer:
    """Where my timer runs. `entry_id` is None while its start is still queued."""

    ticket_id: int
    entry_id: int | None
    token: str | None = None


BulkState = Literal["done", "queued", "failed"]


@dataclass(frozen=True)
class BulkItem:
    """How one ticket of a bulk action went; `message` is shown next to failed ones."""

    ticket_id: int
    state: BulkState
    message: str
    seen: Mapping[str, Any] = field(default_factory=dict)
    """The ticket as a retry should assume it (re-based on what a conflict found)."""


@dataclass(frozen=True)
class BulkOutcome:
    """A bulk action's tally for the progress dialog: done, queued, failed with a message."""

    items: tuple[BulkItem, ...]
    fields: Mapping[str, Any]

    @property
    def done(self) -> list[int]:
        return [i.ticket_id for i in self.items if i.state == "done"]

    @property
    def queued(self) -> list[int]:
        return [i.ticket_id for i in self.items if i.state == "queued"]

    @property
    def failed(self) -> dict[int, str]:
        """ticket id -> why; the UI keeps these marked and can `retry_bulk` them."""
        return {i.ticket_id: i.message for i in self.items if i.state == "failed"}

    @property
    def failed_ids(self) -> list[int]:
        return list(self.failed)

    def summary(self, what: str) -> str:
        """E.g. `Priority → Urgent: 3 done, 2 queued, 1 failed`."""
        parts = [f"{len(self.done)} done"]
        if self.queued:
            parts.append(f"{len(self.queued)} queued")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return f"{what}: {', '.join(parts)}"


BulkProgress = Callable[[BulkItem], None]


# --- helpers ----------------------------------------------------------------------------------


def iso(value: datetime | str | None) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value


def base_of(ticket: Ticket | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `ticket` the agent really saw, for the conflict check.

    Only fields the source carried: a ticket known from its mirror row (no tags, no category)
    must not claim the agent saw them empty, or the check finds a "change" that is none and
    holds the write forever.
    """
    if isinstance(ticket, Mapping):
        return {name: _plain(ticket[name]) for name in BASE_FIELDS if name in ticket}
    present = ticket.model_fields_set | set(ticket.model_extra or {})
    return {name: _plain(getattr(ticket, name, None)) for name in BASE_FIELDS if name in present}


def _ticket_id(ticket: Ticket | Mapping[str, Any]) -> int:
    value = ticket.get("id") if isinstance(ticket, Mapping) else ticket.id
    if not isinstance(value, int):
        raise ValueError("a ticket to write to needs its id")
    return value


def _updated_at(ticket: Ticket | Mapping[str, Any]) -> str | None:
    value = ticket.get("updated_at") if isinstance(ticket, Mapping) else ticket.updated_at
    return iso(value) if isinstance(value, datetime | str) else None


def _as_model(model: type[BaseModel], value: Any) -> BaseModel | None:
    if isinstance(value, model):
        return value
    if isinstance(value, Mapping):
        try:
            return model.model_validate(dict(value))
        except ValueError:
            return None
    return None


def _describe(write: Write) -> str:
    """A one-line summary of a write for the outbox screen (the agent's own values)."""
    words = _KIND_WORDS[write.kind]
    p = write.payload
    if write.kind == "update_ticket":
        changes = ", ".join(f"{k} → {v}" for k, v in p.items())
        return f"{words}: {changes}"
    if write.kind in ("reply", "note"):
        return words + (" (private)" if write.kind == "note" and p.get("private", True) else "")
    if write.kind in ("link_asset", "unlink_asset"):
        return f"{words} #{p.get('display_id')}"
    if write.kind == "time_entry":
        return f"{words} {p.get('time_spent', '')}".rstrip()
    if write.kind == "task":
        return f"{words}: {p.get('title', '')}"
    if write.kind == "update_requested_item":
        changes = ", ".join(f"{k} → {v}" for k, v in p["fields"].items())
        return f"{words} #{p.get('item_id')}: {changes}"
    if write.kind == "request_approval":
        return f"{words} from #{p.get('approver_id')}"
    if write.kind == "create_ticket":
        child = " (child)" if isinstance(p.get("parent_id"), int) else ""
        return f"{words}{child}: {p['fields'].get('subject', '')}"
    return words


def _why(queued: QueuedWrite) -> str:
    if queued.outcome is Outcome.CONFLICT:
        names = ", ".join(c.name for c in queued.changed_fields) or "the ticket"
        return f"changed by someone else: {names}"
    if queued.outcome is Outcome.UNCERTAIN:
        return "may have arrived already: check the ticket, retry or drop"
    if queued.outcome is Outcome.REJECTED:
        return f"refused: {queued.last_error or 'by Freshservice'}"
    if queued.last_error:
        return f"will retry ({queued.last_error})"
    return "waiting to be sent"


class InvalidAddresses(ValueError):
    """Addresses a reply or ticket cannot carry; `addresses` are the wrong ones, as typed."""

    def __init__(self, addresses: Sequence[str]) -> None:
        super().__init__("not valid email addresses: " + ", ".join(addresses))
        self.addresses = tuple(addresses)


def _entries(paths: Sequence[Path]) -> list[dict[str, Any]]:
    entries = [attachment_entry(Path(p)) for p in paths]
    check_entries(entries)
    return entries


# --- the service ------------------------------------------------------------------------------


class Writes:
    """Every write the UI makes, through one `Outbox`; one per session."""

    def __init__(
        self,
        outbox: Outbox,
        applier: Applier,
        *,
        drafts: Drafts,
        cache: JsonCache,
        reader: TimeEntryReader | None = None,
    ) -> None:
        self._outbox = outbox
        self._applier = applier
        self._drafts = drafts
        self._cache = cache
        self._reader = reader
        self._listeners: list[Callable[[WriteEvent], None]] = []
        self._unsubscribe = outbox.add_listener(self._on_result)

    def close(self) -> None:
        """Stop listening to the outbox (the session is closing)."""
        self._unsubscribe()

    # -- listening --------------------------------------------------------------------------

    def add_listener(self, callback: Callable[[WriteEvent], None]) -> Callable[[], None]:
        """Call `callback(event)` for every write event; returns the unsubscribe function."""
        self._listeners.append(callback)

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(callback)

        return remove

    def _emit(self, event: WriteEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("writes listener failed")

    def _on_result(self, result: SubmitResult) -> None:
        """Every attempt's result, from whichever path made it: apply, remember, announce."""
        write = result.write
        if result.delivered:
            try:
                self._apply(write, result.response)
            except Exception:  # a bad answer must not lose the announcement
                log.exception("applying a delivered %s failed", write.kind)
                self._applier.invalidate_ticket(write.ticket_id)
            self._after_delivery(write, result.response)
            what: EventWhat = "delivered"
        elif result.outcome is Outcome.QUEUED:
            what = "queued"
        else:
            what = "held"
        fields = frozenset(write.payload) if write.kind == "update_ticket" else frozenset()
        self._emit(
            WriteEvent(
                what,
                write.ticket_id,
                write.kind,
                write.idempotency_token,
                result.message,
                result.outcome,
                fields,
            )
        )

    def _apply(self, write: Write, response: Any) -> None:
        """What the write answered is the new truth: into the mirror and cache, no re-read."""
        ticket_id = write.ticket_id
        kind = write.kind
        if kind in ("update_ticket", "link_asset", "unlink_asset"):
            ticket = _as_model(Ticket, response)
            if isinstance(ticket, Ticket) and ticket.id is not None:
                self._applier.apply_ticket(ticket)
            else:
                self._applier.invalidate_ticket(ticket_id)
        elif kind == "create_ticket":
            ticket = _as_model(Ticket, response)
            if isinstance(ticket, Ticket) and ticket.id is not None:
                self._applier.apply_ticket(ticket)
            if ticket_id != NEW_TICKET:  # a child: the parent's related tickets changed
                self._applier.invalidate_ticket(ticket_id)
        elif kind in ("reply", "note"):
            conversation = _as_model(Conversation, response)
            if isinstance(conversation, Conversation):
                self._applier.add_conversation(ticket_id, conversation)
            else:
                self._applier.invalidate_ticket(ticket_id)
        elif kind in ("time_entry", "start_timer"):
            entry = _as_model(TimeEntry, response)
            if isinstance(entry, TimeEntry) and entry.id is not None:
                self._applier.add_child(ticket_id, "time_entries", entry)
            else:
                self._applier.invalidate_ticket(ticket_id)
        elif kind == "task":
            task = _as_model(Task, response)
            if isinstance(task, Task) and task.id is not None:
                self._applier.add_child(ticket_id, "tasks", task)
            else:
                self._applier.invalidate_ticket(ticket_id)
        elif kind in _SERVICE_DESK_KINDS:
            # Requested items and approvals are re-read on the next look; the ticket's
            # approval status moves with them.
            self._applier.invalidate_ticket(ticket_id)
        elif kind in _CHILD_EDITS:
            # The children list is re-read on the next look (an edit changes its order/sums).
            self._applier.invalidate_ticket(ticket_id)

    def _after_delivery(self, write: Write, response: Any) -> None:
        """A queued timer start that went learns its entry id (to stop it later)."""
        if write.kind == "start_timer":
            timer = self.running_timer()
            entry = _as_model(TimeEntry, response)
            entry_id = entry.id if isinstance(entry, TimeEntry) else None
            if timer is not None and timer.token == write.idempotency_token:
                if entry_id is None:
                    self.forget_timer()  # it arrived but we cannot tell which: ask next time
                else:
                    self._remember(RunningTimer(write.ticket_id, entry_id))

    # -- reading what is pending ------------------------------------------------------------

    def entries(self) -> list[WriteEntry]:
        """Every write still on disk, oldest first, with its state and why it is there."""
        found: list[WriteEntry] = []
        for queued in self._outbox.pending():
            write = queued.write
            editable: Literal["body", "fields"] | None = None
            if not queued.in_doubt:
                if write.kind in ("reply", "note"):
                    editable = "body"
                elif write.kind == "update_ticket":
                    editable = "fields"
            found.append(
                WriteEntry(
                    token=write.idempotency_token,
                    ticket_id=write.ticket_id,
                    kind=write.kind,
                    state=_ENTRY_STATE[queued.outcome],
                    summary=_describe(write),
                    message=_why(queued),
                    created_at=queued.created_at,
                    last_attempt_at=queued.last_attempt_at,
                    attempts=queued.attempts,
                    in_doubt=queued.in_doubt,
                    editable=editable,
                    payload=dict(write.payload),
                )
            )
        return found

    def counts(self) -> WriteCounts:
        entries = self.entries()
        attention = sum(1 for e in entries if e.needs_attention)
        return WriteCounts(queued=len(entries) - attention, attention=attention)

    def pending_ticket_ids(self) -> set[int]:
        """Tickets with a write still on disk (the queue marks their rows)."""
        return {q.write.ticket_id for q in self._outbox.pending()}

    def pending_fields(self, ticket_id: int) -> dict[str, tuple[Any, Any]]:
        """field -> (value the agent saw, value queued) for the ticket's undelivered updates.

        For `Priority Low → Urgent (queued)` on the header and the queue row. Several queued
        changes of one field show the first seen value and the last queued one.
        """
        fields: dict[str, tuple[Any, Any]] = {}
        for queued in self._outbox.pending():
            write = queued.write
            if write.ticket_id != ticket_id or write.kind != "update_ticket":
                continue
            base = write.base or {}
            for name, value in write.payload.items():
                seen = fields[name][0] if name in fields else base.get(name)
                fields[name] = (seen, value)
        return fields

    def queued_message(self, ticket_id: int, kind: DraftKind) -> QueuedMessage | None:
        """The reply (or note) to this ticket still on its way, if any (newest)."""
        found: QueuedMessage | None = None
        for entry in self.entries():
            if entry.ticket_id == ticket_id and entry.kind == kind:
                found = QueuedMessage(
                    token=entry.token,
                    ticket_id=ticket_id,
                    kind=kind,
                    body_html=str(entry.payload.get("body") or ""),
                    text=str(entry.payload.get("text") or entry.payload.get("body") or ""),
                    created_at=entry.created_at,
                    state=entry.state,
                    message=entry.message,
                )
        return found

    # -- acting on a queued write -----------------------------------------------------------

    async def retry(self, token: str) -> SubmitResult:
        """Send it now: a held write (conflict re-based, uncertain resent, rejected retried) or
        a queued one whose backoff the agent does not want to wait out."""
        return await self._outbox.override(token)

    async def override(self, token: str) -> SubmitResult:
        """The agent decided to send a held write anyway (same as `retry`)."""
        return await self._outbox.override(token)

    def drop(self, token: str) -> bool:
        """Discard a write for good. A dropped reply's text becomes the draft again, so the
        agent who changes their mind has not lost what they typed."""
        queued = self._outbox.get(token)
        gone = self._outbox.drop(token)
        if queued is not None:
            write = queued.write
            key = write.draft_key
            text = write.payload.get("text")
            if key is not None and isinstance(text, str) and self._drafts.load(key) is None:
                self._drafts.save(key, text, {"from_outbox": True})
            self._emit(WriteEvent("dropped", write.ticket_id, write.kind, token, "dropped"))
        return gone

    async def edit_body(self, token: str, body_html: str, *, text: str | None = None) -> bool:
        """Change a queued reply's or note's text before it goes; False when it cannot be
        changed any more (gone, or an attempt may already have arrived). `text` is what the
        agent typed, kept to restore as a draft if the write is dropped later."""
        queued = self._outbox.get(token)
        if queued is None or queued.write.kind not in ("reply", "note"):
            return False
        payload = {**queued.write.payload, "body": body_html}
        if text is not None:
            payload["text"] = text
        return await self._amend(queued.write, payload)

    async def edit_value(self, token: str, name: str, value: Any) -> bool:
        """Change (or add) one field of a queued ticket update before it goes."""
        queued = self._outbox.get(token)
        if queued is None or queued.write.kind != "update_ticket":
            return False
        payload = {**queued.write.payload, name: value}
        return await self._amend(queued.write, payload)

    async def _amend(self, write: Write, payload: Mapping[str, Any]) -> bool:
        if not await self._outbox.amend(write.idempotency_token, payload):
            return False
        fields = frozenset(payload) if write.kind == "update_ticket" else frozenset()
        self._emit(
            WriteEvent(
                "edited",
                write.ticket_id,
                write.kind,
                write.idempotency_token,
                "edited",
                None,
                fields,
            )
        )
        return True

    # -- ticket properties ------------------------------------------------------------------

    async def update_ticket(
        self, ticket: Ticket | Mapping[str, Any], fields: Mapping[str, Any]
    ) -> SubmitResult:
        """Set `fields` unless the ticket changed since `ticket` was seen (then CONFLICT)."""
        write = Write(
            kind="update_ticket",
            ticket_id=_ticket_id(ticket),
            payload=dict(fields),
            expected_updated_at=_updated_at(ticket),
            base=base_of(ticket),
        )
        return await self._outbox.submit(write)

    async def bulk_item(
        self, ticket: Ticket | Mapping[str, Any], fields: Mapping[str, Any]
    ) -> BulkItem:
        """One ticket of a bulk action, as the progress dialog counts it.

        Offline it queues like a single edit. A conflict or refusal is not left waiting in the
        outbox (a bulk action has nobody to ask per ticket): it is dropped and reported failed,
        with what the conflict found kept in `seen` so a retry starts from the ticket as it is.
        """
        ticket_id = _ticket_id(ticket)
        seen = {**base_of(ticket), "updated_at": _updated_at(ticket)}
        result = await self.update_ticket(ticket, fields)
        token = result.write.idempotency_token
        if result.delivered:
            return BulkItem(ticket_id, "done", "saved", seen)
        if result.outcome is Outcome.QUEUED:
            return BulkItem(ticket_id, "queued", result.message, seen)
        self._outbox.drop(token)
        self._emit(WriteEvent("dropped", ticket_id, "update_ticket", token, result.message))
        if result.outcome is Outcome.CONFLICT:
            names = ", ".join(field_title(c.name) for c in result.changed_fields)
            seen_now = rebased(seen, result.changed_fields)
            seen_now["updated_at"] = result.current_updated_at
            return BulkItem(
                ticket_id,
                "failed",
                f"changed by someone else ({names or 'the ticket'}): not changed",
                seen_now,
            )
        return BulkItem(ticket_id, "failed", f"refused: {result.error or result.message}", seen)

    async def bulk_update(
        self,
        tickets: Iterable[Ticket | Mapping[str, Any]],
        fields: Mapping[str, Any],
        *,
        progress: BulkProgress | None = None,
    ) -> BulkOutcome:
        """Apply `fields` to each ticket (each with the `updated_at` the agent saw), in order.

        Every ticket gets an answer: an unexpected error on one is that ticket's failure and
        the rest still run. `progress` hears each ticket as it finishes.
        """
        items: list[BulkItem] = []
        for ticket in tickets:
            try:
                item = await self.bulk_item(ticket, fields)
            except Exception as exc:  # recorded per ticket, like the dialog does
                log.warning("bulk write failed: %s", type(exc).__name__)
                item = BulkItem(_ticket_id(ticket), "failed", str(exc) or type(exc).__name__)
            items.append(item)
            if progress is not None:
                progress(item)
        return BulkOutcome(tuple(items), dict(fields))

    async def retry_bulk(
        self, outcome: BulkOutcome, *, progress: BulkProgress | None = None
    ) -> BulkOutcome:
        """Run the failed tickets of `outcome` again, from the ticket as the failure found it."""
        rows = [
            {"id": item.ticket_id, **item.seen} for item in outcome.items if item.state == "failed"
        ]
        return await self.bulk_update(rows, outcome.fields, progress=progress)

    # -- replies and notes ------------------------------------------------------------------

    async def send_reply(
        self,
        ticket_id: int,
        body_html: str,
        *,
        cc: Sequence[str] = (),
        bcc: Sequence[str] = (),
        token: str | None = None,
        text: str | None = None,
        attachments: Sequence[Path] = (),
        from_email: str | None = None,
    ) -> SubmitResult:
        """Send a reply; queued, it stays in the outbox only (its draft is cleared).

        `text` is what the agent typed (not sent): dropping the queued reply makes it the draft
        again. `token` should be the same for repeated presses of one send (no duplicate).
        CC, BCC and From must be valid addresses (`InvalidAddresses` names the wrong ones);
        `attachments` are paths, checked now and read when the reply goes
        (`AttachmentProblem` when one cannot be attached)."""
        wrong = bad_addresses([*cc, *bcc, *([from_email] if from_email else [])])
        if wrong:
            raise InvalidAddresses(wrong)
        payload: dict[str, Any] = {
            "body": body_html,
            "cc_emails": [a.strip() for a in cc],
            "bcc_emails": [a.strip() for a in bcc],
        }
        if from_email:
            payload["from_email"] = from_email.strip()
        if attachments:
            payload["attachments"] = _entries(attachments)
        if text is not None:
            payload["text"] = text
        write = Write(
            kind="reply",
            ticket_id=ticket_id,
            payload=payload,
            idempotency_token=token or new_idempotency_token(),
            draft=DraftKey(ticket_id, "reply"),
        )
        return await self._send_message(write)

    async def send_note(
        self,
        ticket_id: int,
        body_html: str,
        *,
        private: bool = True,
        token: str | None = None,
        text: str | None = None,
        attachments: Sequence[Path] = (),
    ) -> SubmitResult:
        payload: dict[str, Any] = {"body": body_html, "private": private}
        if attachments:
            payload["attachments"] = _entries(attachments)
        if text is not None:
            payload["text"] = text
        write = Write(
            kind="note",
            ticket_id=ticket_id,
            payload=payload,
            idempotency_token=token or new_idempotency_token(),
            draft=DraftKey(ticket_id, "note"),
        )
        return await self._send_message(write)

    async def _send_message(self, write: Write) -> SubmitResult:
        result = await self._outbox.submit(write)
        key = write.draft_key
        if key is None:
            return result
        if result.outcome is Outcome.REJECTED:
            # Refused as written: the text stays a draft for the agent to fix, not a held
            # write that a later retry could send next to the fixed one.
            self._outbox.drop(write.idempotency_token)
            self._emit(
                WriteEvent("dropped", write.ticket_id, write.kind, write.idempotency_token, "")
            )
        elif not result.delivered:
            # The queued write holds the text now; a draft too would be restored by `r` and
            # sent a second time.
            self._drafts.discard(key)
        return result

    # -- new tickets ------------------------------------------------------------------------

    async def create_ticket(
        self,
        fields: Mapping[str, Any],
        *,
        attachments: Sequence[Path] = (),
        parent_id: int | None = None,
        token: str | None = None,
    ) -> SubmitResult:
        """Create a ticket (a child of `parent_id` when given) through the outbox, exactly once.

        `fields` is the create body as the form checked it (`new_tickets.check_new_ticket`).
        Delivered, `result.response` is the new ticket; refused, the write is held as
        rejected and `result.error` is the server's ValidationFailed naming its fields
        (`new_tickets.server_problems`); offline, it is queued and goes by itself."""
        wrong = bad_addresses(str(a) for a in fields.get("cc_emails") or [])
        if wrong:
            raise InvalidAddresses(wrong)
        payload: dict[str, Any] = {"fields": dict(fields)}
        if attachments:
            payload["attachments"] = _entries(attachments)
        if parent_id is not None:
            payload["parent_id"] = int(parent_id)
        write = Write(
            kind="create_ticket",
            ticket_id=NEW_TICKET if parent_id is None else int(parent_id),
            payload=payload,
            idempotency_token=token or new_idempotency_token(),
        )
        return await self._outbox.submit(write)

    # -- service requests and approvals ----------------------------------------------------

    async def update_requested_item(
        self, ticket_id: int, item_id: int, *, stage: int | None = None, quantity: int | None = None
    ) -> SubmitResult:
        """Move a requested item to another stage and/or change its quantity."""
        fields: dict[str, Any] = {}
        if stage is not None:
            fields["stage"] = int(stage)
        if quantity is not None:
            if quantity < 1:
                raise ValueError("a requested item's quantity is at least 1")
            fields["quantity"] = int(quantity)
        if not fields:
            raise ValueError("nothing to change on the requested item")
        return await self._outbox.submit(
            Write(
                kind="update_requested_item",
                ticket_id=ticket_id,
                payload={"item_id": int(item_id), "fields": fields},
            )
        )

    async def request_approval(
        self,
        ticket_id: int,
        approver_id: int,
        *,
        approval_type: int = 1,
        email_content: str | None = None,
    ) -> SubmitResult:
        """Ask `approver_id` to approve; `approval_type` 1 everyone .. 4 first responder."""
        if approval_type not in (1, 2, 3, 4):
            raise ValueError("approval type is 1 (everyone), 2 (anyone), 3 (majority) or 4")
        payload: dict[str, Any] = {"approver_id": int(approver_id), "approval_type": approval_type}
        if email_content:
            payload["email_content"] = email_content
        return await self._outbox.submit(
            Write(kind="request_approval", ticket_id=ticket_id, payload=payload)
        )

    async def cancel_approval(self, ticket_id: int, approval_id: int) -> SubmitResult:
        return await self._outbox.submit(
            Write(kind="cancel_approval", ticket_id=ticket_id, payload={"approval_id": approval_id})
        )

    async def remind_approval(self, ticket_id: int, approval_id: int) -> SubmitResult:
        return await self._outbox.submit(
            Write(kind="remind_approval", ticket_id=ticket_id, payload={"approval_id": approval_id})
        )

    # -- time entries and the timer ---------------------------------------------------------

    async def add_time_entry(
        self,
        ticket_id: int,
        *,
        time_spent: str,
        note: str = "",
        billable: bool = True,
        agent_id: int | None = None,
    ) -> SubmitResult:
        fields: dict[str, Any] = {"time_spent": time_spent, "note": note, "billable": billable}
        if agent_id is not None:
            fields["agent_id"] = agent_id
        return await self._outbox.submit(Write("time_entry", ticket_id, fields))

    async def update_time_entry(
        self, ticket_id: int, entry_id: int, fields: Mapping[str, Any]
    ) -> SubmitResult:
        payload = {"entry_id": entry_id, "fields": dict(fields)}
        return await self._outbox.submit(Write("update_time_entry", ticket_id, payload))

    async def delete_time_entry(self, ticket_id: int, entry_id: int) -> SubmitResult:
        result = await self._outbox.submit(
            Write("delete_time_entry", ticket_id, {"entry_id": entry_id})
        )
        self._forget_if(entry_id, result)
        return result

    async def start_timer(
        self, ticket_id: int, *, agent_id: int | None, note: str = ""
    ) -> SubmitResult:
        """Start my timer here. Remembered at once (also while queued offline), so the next
        start elsewhere knows to offer stopping this one."""
        queued = self._queued_start(ticket_id)
        if queued is not None:  # pressed again before the first one went: not a second timer
            return SubmitResult(Outcome.QUEUED, queued, "a timer start is already queued here")
        fields: dict[str, Any] = {"note": note}
        if agent_id is not None:
            fields["agent_id"] = agent_id
        write = Write("start_timer", ticket_id, fields)
        self._remember(RunningTimer(ticket_id, None, write.idempotency_token))
        result = await self._outbox.submit(write)
        if result.outcome is Outcome.REJECTED:
            self.forget_timer()
        return result

    def _queued_start(self, ticket_id: int) -> Write | None:
        timer = self.running_timer()
        if timer is None or timer.ticket_id != ticket_id or timer.token is None:
            return None
        queued = self._outbox.get(timer.token)
        return None if queued is None else queued.write

    def cancel_queued_timer(self, ticket_id: int) -> bool:
        """Stopping a timer whose start has not gone yet: the start is dropped, no call made.

        The ticket screen asks this first when the server shows no running timer of mine."""
        write = self._queued_start(ticket_id)
        if write is None:
            return False
        self._outbox.drop(write.idempotency_token)
        self.forget_timer()
        self._emit(
            WriteEvent("dropped", ticket_id, "start_timer", write.idempotency_token, "cancelled")
        )
        return True

    async def stop_timer(self, ticket_id: int, entry_id: int) -> SubmitResult:
        result = await self._outbox.submit(Write("stop_timer", ticket_id, {"entry_id": entry_id}))
        self._forget_if(entry_id, result)
        return result

    def _forget_if(self, entry_id: int, result: SubmitResult) -> None:
        timer = self.running_timer()
        if (
            timer is not None
            and timer.entry_id == entry_id
            and result.outcome is not Outcome.REJECTED
        ):
            self.forget_timer()

    def running_timer(self) -> RunningTimer | None:
        """My timer as this machine remembers it (the API cannot list entries by agent)."""
        entry = self._cache.get(TIMER_KEY) or self._cache.get(_LEGACY_TIMER_KEY)
        if entry is None or not isinstance(entry.value, dict):
            return None
        value = entry.value
        try:
            raw_entry = value.get("entry_id")
            token = value.get("token")
            return RunningTimer(
                int(value["ticket_id"]),
                None if raw_entry is None else int(raw_entry),
                token if isinstance(token, str) else None,
            )
        except (KeyError, TypeError, ValueError):
            return None

    def _remember(self, timer: RunningTimer) -> None:
        self._cache.set(
            TIMER_KEY,
            {"ticket_id": timer.ticket_id, "entry_id": timer.entry_id, "token": timer.token},
        )
        self._cache.delete(_LEGACY_TIMER_KEY)

    def forget_timer(self) -> None:
        self._cache.delete(TIMER_KEY)
        self._cache.delete(_LEGACY_TIMER_KEY)

    async def timer_still_running(self, timer: RunningTimer) -> bool:
        """Check the remembered timer against the server (someone may have stopped it).

        A start still queued counts as running: it will be, once it goes.
        """
        if timer.entry_id is None:
            if timer.token is not None and self._outbox.get(timer.token) is not None:
                return True
            self.forget_timer()
            return False
        if self._reader is None:
            return True
        try:
            entries = (await self._reader.time_entries(timer.ticket_id, force=True)).value
        except NotFound:
            self.forget_timer()
            return False
        running = any(e.id == timer.entry_id and e.timer_running for e in entries)
        if not running:
            self.forget_timer()
        return running

    # -- tasks ------------------------------------------------------------------------------

    async def add_task(self, ticket_id: int, fields: Mapping[str, Any]) -> SubmitResult:
        return await self._outbox.submit(Write("task", ticket_id, dict(fields)))

    async def update_task(
        self, ticket_id: int, task_id: int, fields: Mapping[str, Any]
    ) -> SubmitResult:
        payload = {"task_id": task_id, "fields": dict(fields)}
        return await self._outbox.submit(Write("update_task", ticket_id, payload))

    async def delete_task(self, ticket_id: int, task_id: int) -> SubmitResult:
        return await self._outbox.submit(Write("delete_task", ticket_id, {"task_id": task_id}))

    # -- assets -----------------------------------------------------------------------------

    async def link_asset(self, ticket_id: int, display_id: int) -> SubmitResult:
        """Link an asset; ALREADY_DELIVERED means it was linked already (nothing sent)."""
        return await self._outbox.submit(Write("link_asset", ticket_id, {"display_id": display_id}))

    async def unlink_asset(self, ticket_id: int, display_id: int) -> SubmitResult:
        """Unlink an asset; ALREADY_DELIVERED means it was not linked (nothing sent)."""
        return await self._outbox.submit(
            Write("unlink_asset", ticket_id, {"display_id": display_id})
        )

    def changed(self, result: SubmitResult) -> bool:
        """For callers that answer "did anything change?" (asset link/unlink): True when sent
        or queued, False when the server already was as wanted; a refusal is dropped from the
        outbox and raised as `WriteRefused` for the caller's error path."""
        if result.outcome is Outcome.REJECTED:
            self.drop(result.write.idempotency_token)
            raise WriteRefused(result.error or result.message)
        return result.outcome is not Outcome.ALREADY_DELIVERED

    async def flush(self) -> list[SubmitResult]:
        """Try every queued write now (e.g. the agent pressed retry-all)."""
        return await self._outbox.flush()
