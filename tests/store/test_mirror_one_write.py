"""A mirror save is one write: cut short, it leaves the previous mirror whole on disk, so the
next start shows the queue as it was instead of a mix of old and new rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fstui.store.cache import JsonCache
from fstui.store.mirror import TicketMirror


def ticket(ticket_id: int, subject: str) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "subject": subject,
        "status": 2,
        "updated_at": "2026-11-24T09:00:00Z",
    }


def test_a_save_cut_short_leaves_the_previous_mirror(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path)
    mirror = TicketMirror(cache)
    mirror.replace_all([ticket(i, "before") for i in range(1, 6)], started_at=1.0, finished_at=2.0)

    real_set = cache.set
    writes = 0

    def failing_set(key: str, value: Any) -> Any:
        nonlocal writes
        writes += 1
        if writes == 3:
            raise OSError("disk full")
        return real_set(key, value)

    cache.set = failing_set  # type: ignore[method-assign]
    with pytest.raises(OSError):
        mirror.replace_all(
            [ticket(i, "after") for i in range(1, 6)], started_at=3.0, finished_at=4.0
        )
    cache.close()

    reopened = TicketMirror(JsonCache(tmp_path))
    assert reopened.load()
    assert {t["subject"] for t in reopened.tickets()} == {"before"}
    assert len(reopened) == 5
