"""What the team-mode tests (and team_console.py, the console they run in a process of its own)
build on: ticket bodies, a console's mirror, applying updates.

`apply` is how a follower's sync service applies what `catch_up` returned to its own
`TicketMirror`, written with the mirror's public full-load and merge so these tests do not lean
on the sync service (the lead's end-to-end test covers that path).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fstui.store.cache import JsonCache
from fstui.store.coordination import MirrorUpdate
from fstui.store.freshness import parse_timestamp
from fstui.store.mirror import MergeResult, TicketMirror

SECRET_KEY = "team-secret-api-key-7f3a91"


def ticket(
    ticket_id: int, *, subject: str | None = None, status: int = 2, minute: int = 0
) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "subject": subject or f"Printer on floor {ticket_id} jams",
        "status": status,
        "priority": 2,
        "responder_id": None if ticket_id % 3 else 7001,
        "group_id": 11,
        "requester_id": 9000 + ticket_id,
        "created_at": "2026-12-01T08:00:00Z",
        "updated_at": f"2026-12-01T09:{minute:02d}:00Z",
        "stats": {"first_responded_at": None},
    }


def mirror_in(directory: Path) -> TicketMirror:
    """A console's own mirror in its own cache directory ("its host"); the API key is a
    secret the cache refuses, like the session's."""
    return TicketMirror(JsonCache(directory, secrets=(SECRET_KEY,)))


def apply(mirror: TicketMirror, update: MirrorUpdate) -> MergeResult:
    started = parse_timestamp(update.sync_from)
    start = started.timestamp() if started is not None else update.finished_at
    if update.full:
        return mirror.replace_all(update.tickets, started_at=start, finished_at=update.finished_at)
    gone = [{"id": i, "deleted": True} for i in update.removed]
    return mirror.merge([*update.tickets, *gone], started_at=start, finished_at=update.finished_at)


def full_update(mirror: TicketMirror, finished_at: float) -> MirrorUpdate:
    return MirrorUpdate(
        tickets=mirror.tickets(),
        removed=(),
        full=True,
        sync_from=mirror.meta.sync_from,
        finished_at=finished_at,
    )


def delta_update(mirror: TicketMirror, result: MergeResult, finished_at: float) -> MirrorUpdate:
    changed = sorted(result.added | result.changed)
    return MirrorUpdate(
        tickets=[t for t in (mirror.get(i) for i in changed) if t is not None],
        removed=sorted(result.removed),
        full=False,
        sync_from=mirror.meta.sync_from,
        finished_at=finished_at,
    )
