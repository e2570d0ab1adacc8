"""The local copy of every open ticket, persisted in the cache and kept current by delta sync.

Why a mirror: queues are filters over open tickets. Holding all of them locally turns every queue,
count and "what changed" question into a local evaluation, and the network cost of staying
current becomes one `updated_since` call per refresh instead of one call per queue.

Each ticket lives under its own key so a sync rewrites only what changed; the meta record carries
the id list and the sync watermark, so another process of the same user can pick up the result.

Of a ticket's stats the mirror keeps only `first_responded_at` (the queue's first-response clock).
Filter bodies carry no stats, so a body without them inherits what the mirror knew, as long as
that still holds: "answered" always does, "unanswered" only while the ticket is unchanged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fstui.store.cache import JsonCache
from fstui.store.coordination import MirrorUpdate
from fstui.store.freshness import format_timestamp, parse_timestamp
from fstui.store.reference import CLOSED_STATUSES

__all__ = ["MergeResult", "MirrorMeta", "TicketMirror", "is_open_ticket", "one_write"]

META_KEY = "mirror:meta"
TICKET_PREFIX = "mirror:t:"


def one_write(cache: JsonCache) -> AbstractContextManager[object]:
    """Everything a save writes in one SQLite transaction: one commit instead of one per ticket
    (a fill page of 30 tickets was 31 commits, ~50 ms on the event loop; one is ~2 ms), and the
    generation read and bumped atomically against another process's save.

    JsonCache offers no batch of its own yet, so this opens its diskcache's `transact` (nested
    transactions of one thread join the outer one); a cache without one writes as before.
    """
    batch = getattr(cache, "batch", None)
    if callable(batch):
        found: AbstractContextManager[object] = batch()
        return found
    transact = getattr(getattr(cache, "_cache", None), "transact", None)
    if callable(transact):
        opened: AbstractContextManager[object] = transact(retry=True)
        return opened
    return contextlib.nullcontext()


def is_open_ticket(ticket: Mapping[str, Any]) -> bool:
    """Still belongs in the open set: not resolved/closed, not deleted, not spam."""
    status = ticket.get("status")
    if isinstance(status, int) and status in CLOSED_STATUSES:
        return False
    return not (ticket.get("deleted") or ticket.get("spam"))


def _with_known_stats(
    ticket: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The body as the mirror stores it: stats cut to the first response, or carried over."""
    shaped = dict(ticket)
    stats = ticket.get("stats")
    if isinstance(stats, Mapping):
        shaped["stats"] = {"first_responded_at": stats.get("first_responded_at")}
        return shaped
    shaped.pop("stats", None)
    known = previous.get("stats") if previous is not None else None
    if isinstance(known, Mapping) and previous is not None:
        answered = known.get("first_responded_at") is not None
        if answered or previous.get("updated_at") == ticket.get("updated_at"):
            shaped["stats"] = dict(known)
    return shaped


@dataclass
class MirrorMeta:
    last_sync: float | None = None  # local clock, end of the last successful sync (any kind)
    last_full_sync: float | None = None  # local clock, end of the last full load
    sync_from: str | None = None  # ISO UTC instant the next delta must start from (pre-margin)
    ids: list[int] = field(default_factory=list)
    generation: int = 0

    @classmethod
    def from_json(cls, value: object) -> MirrorMeta:
        if not isinstance(value, dict):
            return cls()
        ids = [i for i in value.get("ids", []) if isinstance(i, int)]
        return cls(
            last_sync=_float_or_none(value.get("last_sync")),
            last_full_sync=_float_or_none(value.get("last_full_sync")),
            sync_from=value.get("sync_from") if isinstance(value.get("sync_from"), str) else None,
            ids=ids,
            generation=int(value.get("generation") or 0),
        )


def _float_or_none(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class MergeResult:
    added: frozenset[int] = frozenset()
    changed: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class TicketMirror:
    def __init__(self, cache: JsonCache) -> None:
        self._cache = cache
        self._tickets: dict[int, dict[str, Any]] = {}
        self.meta = MirrorMeta()

    # --- reading --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._tickets)

    def __contains__(self, ticket_id: object) -> bool:
        return ticket_id in self._tickets

    @property
    def loaded(self) -> bool:
        return self.meta.last_full_sync is not None

    def tickets(self) -> list[dict[str, Any]]:
        return list(self._tickets.values())

    def get(self, ticket_id: int) -> dict[str, Any] | None:
        return self._tickets.get(ticket_id)

    def updated_at(self, ticket_id: int) -> object:
        ticket = self._tickets.get(ticket_id)
        return ticket.get("updated_at") if ticket else None

    def delta_since(self, margin_seconds: float) -> datetime | None:
        """Where the next delta sync starts: the watermark minus a safety margin."""
        start = parse_timestamp(self.meta.sync_from)
        if start is None:
            return None
        return start - timedelta(seconds=margin_seconds)

    # --- persistence ----------------------------------------------------------------------

    def load(self) -> bool:
        """Read the mirror another run (or process) left in the cache; False when none."""
        entry = self._cache.get(META_KEY)
        if entry is None:
            return False
        meta = MirrorMeta.from_json(entry.value)
        tickets: dict[int, dict[str, Any]] = {}
        for ticket_id in meta.ids:
            ticket_entry = self._cache.get(f"{TICKET_PREFIX}{ticket_id}")
            if ticket_entry is not None and isinstance(ticket_entry.value, dict):
                tickets[ticket_id] = ticket_entry.value
        self._tickets = tickets
        self.meta = meta
        return True

    def stored_generation(self) -> int:
        """The generation on disk: larger than ours when another process synced since."""
        entry = self._cache.get(META_KEY)
        return MirrorMeta.from_json(entry.value).generation if entry else 0

    def _save(self, written: Iterable[int], removed: Iterable[int]) -> None:
        """The changed tickets, the departed ones and the meta record, in one write."""
        with one_write(self._cache):
            for ticket_id in written:
                self._cache.set(f"{TICKET_PREFIX}{ticket_id}", self._tickets[ticket_id])
            for ticket_id in removed:
                self._cache.delete(f"{TICKET_PREFIX}{ticket_id}")
            self.meta.ids = sorted(self._tickets)
            self.meta.generation = max(self.meta.generation, self.stored_generation()) + 1
            self._cache.set(META_KEY, asdict(self.meta))

    # --- writing --------------------------------------------------------------------------

    def _advance(self, seen: Iterable[Mapping[str, Any]], started_at: float) -> None:
        """Next delta starts at the earlier of: latest change seen, local start of this sync.

        The latest updated_at is server time, so clock skew cannot make us skip changes; the
        local start bounds it when a change lands mid-sync on a page already read.
        """
        candidates = [datetime.fromtimestamp(started_at, UTC)]
        latest = max(
            (t for t in (parse_timestamp(x.get("updated_at")) for x in seen) if t is not None),
            default=None,
        )
        previous = parse_timestamp(self.meta.sync_from)
        if latest is not None:
            if latest.tzinfo is None:
                latest = latest.replace(tzinfo=UTC)
            candidates.append(max(latest, previous) if previous else latest)
        self.meta.sync_from = format_timestamp(min(candidates))

    def replace_all(
        self, tickets: Iterable[Mapping[str, Any]], *, started_at: float, finished_at: float
    ) -> MergeResult:
        """A full load: the open set becomes exactly `tickets` (deletions and departures drop)."""
        old = self._tickets
        fresh = {
            t["id"]: _with_known_stats(t, old.get(t["id"]))
            for t in tickets
            if isinstance(t.get("id"), int) and is_open_ticket(t)
        }
        added = fresh.keys() - old.keys()
        removed = old.keys() - fresh.keys()
        changed = {i for i in fresh.keys() & old.keys() if fresh[i] != old[i]}
        self._tickets = fresh
        self.meta.sync_from = None
        self._advance(fresh.values(), started_at)
        self.meta.last_sync = finished_at
        self.meta.last_full_sync = finished_at
        self._save(added | changed, removed)
        return MergeResult(frozenset(added), frozenset(changed), frozenset(removed))

    def merge(
        self, changes: Iterable[Mapping[str, Any]], *, started_at: float, finished_at: float
    ) -> MergeResult:
        """A delta: changed tickets replace theirs; ones that closed leave the open set."""
        added: set[int] = set()
        changed: set[int] = set()
        removed: set[int] = set()
        seen: list[Mapping[str, Any]] = []
        for ticket in changes:
            ticket_id = ticket.get("id")
            if not isinstance(ticket_id, int):
                continue
            seen.append(ticket)
            if not is_open_ticket(ticket):
                if self._tickets.pop(ticket_id, None) is not None:
                    removed.add(ticket_id)
                continue
            previous = self._tickets.get(ticket_id)
            shaped = _with_known_stats(ticket, previous)
            if previous == shaped:
                continue
            self._tickets[ticket_id] = shaped
            (changed if previous is not None else added).add(ticket_id)
        self._advance(seen, started_at)
        self.meta.last_sync = finished_at
        self._save(added | changed, removed)
        return MergeResult(frozenset(added), frozenset(changed), frozenset(removed))

    def add_page(self, tickets: Iterable[Mapping[str, Any]]) -> MergeResult:
        """One page of the first fill: its open tickets join the mirror; the watermark waits
        for `complete_fill`, so a fill cut short is resumed rather than trusted."""
        added: set[int] = set()
        changed: set[int] = set()
        for ticket in tickets:
            ticket_id = ticket.get("id")
            if not isinstance(ticket_id, int) or not is_open_ticket(ticket):
                continue
            previous = self._tickets.get(ticket_id)
            shaped = _with_known_stats(ticket, previous)
            if previous == shaped:
                continue
            self._tickets[ticket_id] = shaped
            (changed if previous is not None else added).add(ticket_id)
        self._save(added | changed, [])
        return MergeResult(frozenset(added), frozenset(changed))

    def complete_fill(self, *, started_at: float, finished_at: float) -> None:
        """Every page is in: the open set is whole as of `started_at`, where the first delta
        starts (it catches what changed while the pages were read)."""
        self.meta.sync_from = format_timestamp(datetime.fromtimestamp(started_at, UTC))
        self.meta.last_sync = finished_at
        self.meta.last_full_sync = finished_at
        self._save([], [])

    def apply_update(self, update: MirrorUpdate) -> MergeResult:
        """What another console's sync wrote (team mode): the same merge, without a call.

        An update without a watermark is a peer's write answer: it changes rows, never where
        this console's next delta starts (else a console that later leads could skip a change).
        """
        with one_write(self._cache):
            return self._apply_update(update)

    def _apply_update(self, update: MirrorUpdate) -> MergeResult:
        keep_from = self.meta.sync_from
        if update.full:
            result = self.replace_all(
                update.tickets, started_at=update.finished_at, finished_at=update.finished_at
            )
        else:
            result = self.merge(
                update.tickets, started_at=update.finished_at, finished_at=update.finished_at
            )
            for ticket_id in update.removed:
                if self._tickets.pop(ticket_id, None) is not None:
                    result = MergeResult(result.added, result.changed, result.removed | {ticket_id})
            if update.removed:
                self._save([], update.removed)
        self.meta.sync_from = update.sync_from if update.sync_from is not None else keep_from
        self._save([], [])
        return result

    def put(self, ticket: Mapping[str, Any]) -> None:
        """One ticket learned outside a sync (a detail fetch or our own write)."""
        ticket_id = ticket.get("id")
        if not isinstance(ticket_id, int):
            return
        if is_open_ticket(ticket):
            self._tickets[ticket_id] = _with_known_stats(ticket, self._tickets.get(ticket_id))
            self._save([ticket_id], [])
        elif self._tickets.pop(ticket_id, None) is not None:
            self._save([], [ticket_id])

    def note_first_response(self, ticket_id: int, at: str) -> bool:
        """Our own public reply answered the ticket; True when that is news to the mirror."""
        ticket = self._tickets.get(ticket_id)
        if ticket is None:
            return False
        stats = ticket.get("stats")
        if isinstance(stats, Mapping) and stats.get("first_responded_at") is not None:
            return False
        ticket["stats"] = {"first_responded_at": at}
        self._save([ticket_id], [])
        return True

    def first_response_unknown(self, due_after: datetime) -> dict[int, datetime]:
        """Open tickets whose answer state is unknown and whose first response is due after
        `due_after`, with their creation instants (where a stats backfill must reach back to)."""
        found: dict[int, datetime] = {}
        for ticket_id, ticket in self._tickets.items():
            if "stats" in ticket:
                continue
            fr_due = parse_timestamp(ticket.get("fr_due_by"))
            created = parse_timestamp(ticket.get("created_at"))
            if fr_due is not None and created is not None and fr_due >= due_after:
                found[ticket_id] = created
        return found
