"""Drafts: the text an agent is typing, kept on disk so nothing typed is ever lost.

A draft is written through to the JSON disk cache (sqlite commit) before `save` returns, so it
survives the writer being killed the next instant. The UI must not pay a disk write per
keystroke, so `DraftSaver` coalesces bursts of edits and writes the last one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from fstui.store.cache import JsonCache

DraftKind = Literal["reply", "note"]
DRAFT_KINDS: tuple[DraftKind, ...] = get_args(DraftKind)

_PREFIX = "draft:"
_FORMAT_VERSION = 1


@dataclass(frozen=True, order=True)
class DraftKey:
    """One draft slot: an agent has at most one unsent reply and one unsent note per ticket."""

    ticket_id: int
    kind: DraftKind

    def __post_init__(self) -> None:
        if self.kind not in DRAFT_KINDS:
            raise ValueError(f"draft kind must be one of {DRAFT_KINDS}, not {self.kind!r}")

    @property
    def cache_key(self) -> str:
        return f"{_PREFIX}{self.ticket_id}:{self.kind}"


@dataclass(frozen=True)
class Draft:
    key: DraftKey
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    saved_at: float = 0.0
    """Epoch seconds of the save, so the restore prompt can say how old the draft is."""


class Drafts:
    """Durable draft storage on top of the shared JSON cache."""

    def __init__(self, cache: JsonCache, *, clock: Callable[[], float] = time.time) -> None:
        self._cache = cache
        self._clock = clock

    def save(self, key: DraftKey, text: str, meta: Mapping[str, Any] | None = None) -> Draft:
        """Persist `text` now; an empty or blank text removes the draft instead.

        A blank editor is not something worth offering to restore, and keeping it would make
        the restore prompt nag about tickets the agent deliberately cleared.
        """
        draft = Draft(key=key, text=text, meta=dict(meta or {}), saved_at=self._clock())
        if not text.strip():
            self.discard(key)
            return draft
        self._cache.set(
            key.cache_key,
            {
                "v": _FORMAT_VERSION,
                "ticket_id": key.ticket_id,
                "kind": key.kind,
                "text": text,
                "meta": dict(draft.meta),
                "saved_at": draft.saved_at,
            },
        )
        return draft

    def load(self, key: DraftKey) -> Draft | None:
        entry = self._cache.get(key.cache_key)
        if entry is None:
            return None
        return _decode(entry.value)

    def discard(self, key: DraftKey) -> None:
        self._cache.delete(key.cache_key)

    def list(self) -> list[Draft]:
        """All drafts, most recently saved first (the order the UI offers them back)."""
        drafts: list[Draft] = []
        for cache_key in self._cache.keys(_PREFIX):
            entry = self._cache.get(cache_key)
            if entry is None:
                continue
            draft = _decode(entry.value)
            if draft is not None:
                drafts.append(draft)
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts


def _decode(value: object) -> Draft | None:
    """Read a stored draft, skipping anything malformed rather than crashing the restore prompt."""
    if not isinstance(value, dict):
        return None
    try:
        kind = value["kind"]
        if kind not in DRAFT_KINDS:
            return None
        key = DraftKey(int(value["ticket_id"]), cast(DraftKind, kind))
        text = str(value["text"])
        meta = value.get("meta") or {}
        saved_at = float(value.get("saved_at") or 0.0)
    except (KeyError, TypeError, ValueError):
        return None
    return Draft(
        key=key, text=text, meta=dict(meta) if isinstance(meta, dict) else {}, saved_at=saved_at
    )


class DraftSaver:
    """Debounces draft saves from an editor: the last text wins after `delay` seconds of quiet.

    Call `flush()` before leaving a screen or exiting the app; it writes every pending draft
    synchronously, so it also works from shutdown code that has no event loop to await on.
    """

    def __init__(self, drafts: Drafts, delay: float = 0.5) -> None:
        self._drafts = drafts
        self._delay = delay
        self._pending: dict[DraftKey, tuple[str, dict[str, Any]]] = {}
        self._timers: dict[DraftKey, asyncio.TimerHandle] = {}

    @property
    def pending(self) -> frozenset[DraftKey]:
        return frozenset(self._pending)

    def schedule(self, key: DraftKey, text: str, meta: Mapping[str, Any] | None = None) -> None:
        """Remember `text` and write it once the editor has been quiet for `delay` seconds."""
        self._pending[key] = (text, dict(meta or {}))
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self._timers[key] = loop.call_later(self._delay, self._write, key)

    def flush(self, key: DraftKey | None = None) -> None:
        """Write pending drafts now (one key, or all of them)."""
        keys = [key] if key is not None else list(self._pending)
        for k in keys:
            self._write(k)

    def cancel(self, key: DraftKey) -> None:
        """Forget a pending save without writing it (the draft was just sent or discarded)."""
        self._pending.pop(key, None)
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()

    def discard(self, key: DraftKey) -> None:
        """Drop both the pending save and the stored draft."""
        self.cancel(key)
        self._drafts.discard(key)

    def close(self) -> None:
        """Flush everything; the saver stays usable, so calling this twice is harmless."""
        self.flush()

    def _write(self, key: DraftKey) -> None:
        timer = self._timers.pop(key, None)
        if timer is not None:
            timer.cancel()
        pending = self._pending.get(key)
        if pending is None:
            return
        text, meta = pending
        # Only forget the text once it is on disk: a failed write is retried by the next flush.
        self._drafts.save(key, text, meta)
        if self._pending.get(key) is pending:
            del self._pending[key]
