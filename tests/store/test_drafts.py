"""Drafts: what the agent typed is on disk, comes back after a restart, and blank means gone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from fstui.store.cache import JsonCache
from fstui.store.drafts import Draft, DraftKey, Drafts, DraftSaver


def test_saved_draft_comes_back_after_reopening_the_cache(tmp_path: Path) -> None:
    key = DraftKey(42, "reply")
    with JsonCache(tmp_path / "c") as cache:
        Drafts(cache).save(key, "Hi Tom,\nthe printer is fixed.", {"cc": ["a@b.c"]})
    with JsonCache(tmp_path / "c") as cache:
        draft = Drafts(cache).load(key)
    assert draft is not None
    assert draft.text == "Hi Tom,\nthe printer is fixed."
    assert draft.meta == {"cc": ["a@b.c"]}
    assert draft.key == key
    assert draft.saved_at > 0


def test_reply_and_note_on_one_ticket_are_separate_drafts(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    drafts.save(DraftKey(7, "reply"), "to the customer")
    drafts.save(DraftKey(7, "note"), "for the team")
    reply = drafts.load(DraftKey(7, "reply"))
    note = drafts.load(DraftKey(7, "note"))
    assert reply is not None and reply.text == "to the customer"
    assert note is not None and note.text == "for the team"


def test_saving_again_replaces_the_text(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    key = DraftKey(1, "note")
    drafts.save(key, "first")
    drafts.save(key, "second")
    loaded = drafts.load(key)
    assert loaded is not None and loaded.text == "second"
    assert [d.text for d in drafts.list()] == ["second"]


def test_blank_text_removes_the_draft(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    key = DraftKey(1, "reply")
    drafts.save(key, "something")
    drafts.save(key, "  \n ")
    assert drafts.load(key) is None
    assert drafts.list() == []


def test_discard_and_list_newest_first(cache: JsonCache) -> None:
    clock = iter([100.0, 200.0, 300.0])
    drafts = Drafts(cache, clock=lambda: next(clock))
    drafts.save(DraftKey(1, "reply"), "oldest")
    drafts.save(DraftKey(2, "note"), "middle")
    drafts.save(DraftKey(3, "reply"), "newest")
    assert [d.text for d in drafts.list()] == ["newest", "middle", "oldest"]
    drafts.discard(DraftKey(2, "note"))
    assert [d.key for d in drafts.list()] == [DraftKey(3, "reply"), DraftKey(1, "reply")]
    drafts.discard(DraftKey(99, "note"))  # discarding nothing is fine


def test_malformed_rows_are_skipped_not_fatal(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    drafts.save(DraftKey(5, "reply"), "good")
    cache.set("draft:6:reply", {"kind": "reply"})  # no ticket id, no text
    cache.set("draft:7:reply", ["not", "a", "dict"])
    cache.set("draft:8:bogus", {"ticket_id": 8, "kind": "bogus", "text": "x"})
    assert [d.text for d in drafts.list()] == ["good"]
    assert drafts.load(DraftKey(6, "reply")) is None


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        DraftKey(1, "forward")  # type: ignore[arg-type]


# --- DraftSaver ------------------------------------------------------------------------------


async def test_saver_writes_only_the_last_text_after_quiet(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    saves: list[str] = []
    real_save = drafts.save

    def spy(key: DraftKey, text: str, meta: object = None) -> Draft:
        saves.append(text)
        return real_save(key, text)

    drafts.save = spy  # type: ignore[method-assign,assignment]
    saver = DraftSaver(drafts, delay=0.05)
    key = DraftKey(9, "reply")
    for text in ("H", "He", "Hel", "Hello"):
        saver.schedule(key, text)
        await asyncio.sleep(0.01)
    assert drafts.load(key) is None  # still typing: nothing written yet
    assert saver.pending == {key}
    await asyncio.sleep(0.15)
    loaded = drafts.load(key)
    assert loaded is not None and loaded.text == "Hello"
    assert saves == ["Hello"]
    assert saver.pending == frozenset()


async def test_saver_flush_writes_pending_at_once(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    saver = DraftSaver(drafts, delay=60)
    saver.schedule(DraftKey(1, "reply"), "typed just before quitting", {"to": "x"})
    saver.schedule(DraftKey(2, "note"), "another")
    saver.close()
    first = drafts.load(DraftKey(1, "reply"))
    assert first is not None and first.meta == {"to": "x"}
    assert drafts.load(DraftKey(2, "note")) is not None
    assert saver.pending == frozenset()


async def test_saver_discard_cancels_the_pending_write(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    key = DraftKey(3, "reply")
    drafts.save(key, "old text")
    saver = DraftSaver(drafts, delay=0.02)
    saver.schedule(key, "new text")
    saver.discard(key)
    await asyncio.sleep(0.06)
    assert drafts.load(key) is None


async def test_saver_keeps_text_when_the_disk_write_fails(cache: JsonCache) -> None:
    drafts = Drafts(cache)
    key = DraftKey(4, "reply")
    saver = DraftSaver(drafts, delay=60)
    saver.schedule(key, "precious")
    real_save = drafts.save

    def broken(*args: object, **kwargs: object) -> Draft:
        raise OSError("disk full")

    drafts.save = broken  # type: ignore[method-assign,assignment]
    with pytest.raises(OSError):
        saver.flush()
    assert saver.pending == {key}
    drafts.save = real_save  # type: ignore[method-assign]
    saver.flush()
    loaded = drafts.load(key)
    assert loaded is not None and loaded.text == "precious"
