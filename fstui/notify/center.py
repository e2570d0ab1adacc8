"""One object for the app to call after each mirror sync: the rules, then the delivery.

The rules (`fstui.store.notifications.Notifier`) decide and remember; the deliverer rings,
writes the terminal sequence and starts the desktop notifier. Keeping the two apart lets the
rules stay in the store (no terminal there) and lets the app choose how bytes reach its
terminal (``write``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from fstui.config.model import NotificationPrefs
from fstui.notify.capabilities import Capabilities, detect
from fstui.notify.deliver import Deliverer
from fstui.store.cache import JsonCache
from fstui.store.notifications import Notification, Notifier

__all__ = ["NotificationCenter"]


class NotificationCenter:
    def __init__(self, notifier: Notifier, deliverer: Deliverer | None) -> None:
        self.notifier = notifier
        self.deliverer = deliverer

    @classmethod
    def for_profile(
        cls,
        cache: JsonCache,
        prefs: NotificationPrefs,
        *,
        env: Mapping[str, str],
        write: Callable[[str], object] | None,
        capabilities: Capabilities | None = None,
    ) -> NotificationCenter:
        """Rules on the session's cache; delivery to ``write`` (None: the in-app list only)."""
        deliverer = None
        if write is not None:
            deliverer = Deliverer(capabilities or detect(env, prefs), write)
        return cls(Notifier(cache, prefs), deliverer)

    def note_own_change(self, ticket_id: int) -> None:
        self.notifier.note_own_change(ticket_id)

    def after_sync(
        self,
        before: Mapping[int, Mapping[str, Any]],
        after: Mapping[int, Mapping[str, Any]],
        me_id: int | None,
        my_group_ids: Collection[int],
        now: datetime | None = None,
        *,
        own_changes: Collection[int] = (),
        approvals: Iterable[Mapping[str, Any]] = (),
    ) -> list[Notification]:
        """New notifications for this sync, already delivered (those outside quiet hours)."""
        told = self.notifier.after_sync(
            before,
            after,
            me_id,
            my_group_ids,
            now,
            own_changes=own_changes,
            approvals=approvals,
        )
        if self.deliverer is not None:
            self.deliverer.deliver(told)
        return told
