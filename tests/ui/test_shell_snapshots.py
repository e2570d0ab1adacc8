"""What an agent sees: the queue screen, help, welcome, palette and the high-contrast theme.

Regenerate after a deliberate change with
`.venv/bin/pytest tests/ui/test_shell_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fstui.ui.app import FstuiApp
from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare

from .harness import loaded, make_app


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_queue_screen(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_queue_with_marks_and_filter(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("right_square_bracket", "space", "space", "slash", "a")

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_help_lists_queue_keys(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_welcome_without_config(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = FstuiApp(launcher=None, config_path=Path("/home/agent/.config/fstui/config.toml"))
    assert snap_compare(app, terminal_size=size)


def test_queue_in_high_contrast_theme(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        pilot.app.theme = "fstui-high-contrast"

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)
