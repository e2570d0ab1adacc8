"""Knobs of the store, with the defaults the brief and the rate limits suggest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fstui.store.freshness import FreshnessPolicy
from fstui.store.queues import SavedQueueSpec

__all__ = ["StoreSettings"]


@dataclass(frozen=True)
class StoreSettings:
    freshness: FreshnessPolicy = field(default_factory=FreshnessPolicy)
    # Re-read this much before the watermark: absorbs server-side commit lag and clock skew.
    delta_margin_seconds: float = 120.0
    # A full reload catches deletions, merges and tickets moved out of the workspace, which a
    # delta (updated_since) never reports.
    full_resync_seconds: float = 1800.0
    saved_queues: tuple[SavedQueueSpec, ...] = ()
    # Without it Freshservice answers from the primary workspace only (0 = all workspaces).
    workspace_id: int | None = None
    # Where attachments are saved unless the agent says; None: the user's download directory.
    download_dir: Path | None = None
    # Requesters cannot be filtered by id; unknown ids are found by paging the newest
    # requesters, at most this many pages per attempt.
    max_requester_pages: int = 30
    conversations_per_include: int = 10
    # How far back a first-response deadline may lie for the queue to still show it rather
    # than the resolution deadline; it bounds the history one stats backfill walks.
    first_response_lookback_seconds: float = 7 * 86400.0
