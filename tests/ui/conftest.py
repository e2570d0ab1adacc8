"""Fixtures the UI tier shares: the real app on the frozen demo, and the ticket host.

Helpers that are not fixtures live in harness.py beside this file (the hosts' classes,
`wait_loaded`, the ITSM cases) and in tests/pilot_support.py (`until`, the sizes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.ui.app import FstuiApp

from .harness import TicketHost, make_app


@pytest.fixture
def demo_app(tmp_path: Path) -> FstuiApp:
    """The whole app (welcome skipped) on a 300-ticket demo sandbox with a fixed clock."""
    return make_app(tmp_path)


@pytest.fixture
def host(tmp_path: Path) -> TicketHost:
    """The app class showing one demo ticket with a varied thread, its queue behind it."""
    return TicketHost(tmp_path)
