"""What the notification list looks like at the two sizes fstui is laid out for.

Regenerate after a deliberate change with
`.venv/bin/pytest tests/ui/test_notifications_snapshots.py --snapshot-update`; look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .notifications_harness import NotificationsHost, T, sample

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_notification_list(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(NotificationsHost(sample(), seen_at=T - 1000), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_empty_notification_list(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(NotificationsHost([]), terminal_size=size)
