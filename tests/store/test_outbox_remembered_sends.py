"""How long the outbox remembers a delivered send, and what it keeps on disk (issue #17's
mutation run: the week of memory and the record's format version were pinned by no test).

A delivered reply's token is remembered for a week (`_DONE_KEEP_SECONDS`), so a retry of the
same send (a second console, a restart replaying its queue) is answered "already sent" instead of
posting the reply twice; after the week the memory is dropped so the cache does not grow for
ever. The boundaries are tested one second either side, and at the exact second.
"""

from __future__ import annotations

from pathlib import Path

from fstui.api.errors import NetworkError
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.outbox import Outbox, Outcome, Write

from .harness import FakeWriteClient

NOW = 1_800_000_000.0
WEEK = 7 * 24 * 3600


def _reply(token: str) -> Write:
    return Write("reply", 1, {"body": f"<p>{token}</p>"}, idempotency_token=token)


async def test_a_delivered_send_is_remembered_for_a_week_and_then_forgotten(
    tmp_path: Path,
) -> None:
    cache = JsonCache(tmp_path)
    delivered_at = {
        "inside-week": NOW - WEEK + 1,
        "exact-week": NOW - WEEK,
        "past-week1": NOW - WEEK - 1,
        "not-a-time": "yesterday",
    }
    for token, value in delivered_at.items():
        cache.set(f"outbox-done:{token}", value)
    client = FakeWriteClient()
    client.ticket(1)
    outbox = Outbox(cache, client, clock=lambda: NOW)
    outcomes = {token: (await outbox.submit(_reply(token))).outcome for token in delivered_at}
    assert outcomes == {
        "inside-week": Outcome.ALREADY_DELIVERED,
        "exact-week": Outcome.ALREADY_DELIVERED,
        "past-week1": Outcome.SENT,
        "not-a-time": Outcome.SENT,
    }
    assert client.calls.count("reply") == 2, "only the forgotten ones are sent"


async def test_a_queued_write_is_kept_in_format_version_1_and_found_by_its_token(
    tmp_path: Path,
) -> None:
    cache = JsonCache(tmp_path)
    client = FakeWriteClient()
    client.ticket(1)
    offline = Connectivity(failure_threshold=1)
    offline.record_failure(NetworkError("connection refused"))
    outbox = Outbox(cache, client, connectivity=offline, clock=lambda: NOW)
    result = await outbox.submit(_reply("kept-token"))
    assert result.outcome is Outcome.QUEUED
    stored = cache.get("outbox:kept-token")
    assert stored is not None and stored.value["v"] == 1
    found = outbox.get("kept-token")
    assert found is not None and found.write.idempotency_token == "kept-token"
    assert outbox.get("never-sent-token") is None
