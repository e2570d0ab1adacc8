"""The app's one call after a sync: new notifications are delivered once, quiet ones listed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fstui.config.model import NotificationPrefs
from fstui.notify import Capabilities, NotificationCenter, osc777
from fstui.store.cache import JsonCache

ME = 7
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
CAPS = Capabilities(bell=True, terminal="osc777", tmux=False, desktop=None)


def rows(responder: int | None) -> dict[int, dict[str, Any]]:
    stamp = "2026-12-02T11:59:00Z" if responder else "2026-12-02T11:00:00Z"
    body = {"id": 1, "subject": "VPN", "status": 2, "responder_id": responder, "updated_at": stamp}
    return {1: body}


def test_after_sync_delivers_each_new_notification_once(tmp_path: Path) -> None:
    written: list[str] = []
    with JsonCache(tmp_path / "cache") as cache:
        center = NotificationCenter.for_profile(
            cache, NotificationPrefs(), env={}, write=written.append, capabilities=CAPS
        )
        told = center.after_sync(rows(None), rows(ME), ME, [], NOW)
        assert [n.title for n in told] == ["#1 assigned to you"]
        assert written == ["\a", osc777("#1 assigned to you", "VPN")]
        assert center.after_sync(rows(None), rows(ME), ME, [], NOW) == []
        assert len(written) == 2


def test_quiet_hours_list_without_a_sound(tmp_path: Path) -> None:
    written: list[str] = []
    with JsonCache(tmp_path / "cache") as cache:
        prefs = NotificationPrefs(quiet_hours="11:00-13:00")
        center = NotificationCenter.for_profile(
            cache, prefs, env={}, write=written.append, capabilities=CAPS
        )
        center.notifier.zone = UTC
        told = center.after_sync(rows(None), rows(ME), ME, [], NOW)
        assert len(told) == 1 and told[0].quiet and written == []
        assert [n.key for n in center.notifier.recent()] == [told[0].key]
