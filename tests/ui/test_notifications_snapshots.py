"""What the notification list looks like at the two sizes fstui is laid out for.

Regenerate after a deliberate change with
`.venv/bin/pytest tests/ui/test_notifications_snapshots.py --snapshot-update`; look at the SVGs.
"""

from __future__ import annotations

import pytest

from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare

from .harness import NOTIFICATIONS_AT, NotificationsHost, sample_notifications


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_notification_list(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(
        NotificationsHost(sample_notifications(), seen_at=NOTIFICATIONS_AT - 1000),
        terminal_size=size,
    )


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_empty_notification_list(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(NotificationsHost([]), terminal_size=size)
