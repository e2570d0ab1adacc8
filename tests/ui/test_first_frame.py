"""The first frame: the queue as the last run left it, painted before the app has loaded.

Issue #22: a start spent ~250 ms importing the queue screen and assembling the session before
its first rows; the kept frame puts the queue on screen first (bench/RESULTS.md section 8,
start to first rows). What a user would notice if it broke: a blank or foreign frame, keys
typed during it lost, a planted file writing escapes to the terminal, a stale dialog or toast
coming back on the next start.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Input

from fstui.session import Session, open_demo_session
from fstui.ui import app as app_module
from fstui.ui.app import FstuiApp
from fstui.ui.first_frame import FirstFrameScreen, keep_frame, read_frame
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare, until

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
SIZE = Size(120, 40)


def _plain(strips: list[Strip]) -> list[str]:
    return ["".join(segment.text for segment in strip) for strip in strips]


# -- the file ---------------------------------------------------------------------------------


def test_a_kept_frame_reads_back_as_drawn(tmp_path: Path) -> None:
    path = tmp_path / "first-frame.json"
    line = Strip([Segment("My open (21)", Style.parse("bold #ffffff on #1e1e1e"))])
    keep_frame(path, SIZE, [line] * SIZE.height)
    found = read_frame(path, SIZE)
    assert found is not None and len(found) == SIZE.height
    assert _plain(found)[0].rstrip() == "My open (21)"
    assert all(strip.cell_length == SIZE.width for strip in found)
    assert next(iter(found[0])).style == Style.parse("bold #ffffff on #1e1e1e")
    assert path.stat().st_mode & 0o077 == 0  # what the cache holds: private to the user


def test_a_frame_for_another_terminal_size_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "first-frame.json"
    keep_frame(path, SIZE, [Strip.blank(SIZE.width)] * SIZE.height)
    assert read_frame(path, SIZE) is not None
    assert read_frame(path, Size(80, 24)) is None
    assert read_frame(path, Size(120, 41)) is None


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"version": 99, "size": [120, 40], "lines": [[]] * 40}),
        json.dumps({"version": 1, "size": [120, 40], "lines": [[]] * 39}),
        json.dumps({"version": 1, "size": [120, 40], "lines": [[["x", 5]]] * 40}),
        json.dumps({"version": 1, "size": [120, 40], "lines": [[["x", "", "z"]]] * 40}),
        json.dumps({"version": 1, "size": [120, 40], "lines": [[["x", ""]] * 401] * 40}),
    ],
)
def test_a_file_of_another_shape_is_not_a_frame(tmp_path: Path, body: str) -> None:
    path = tmp_path / "first-frame.json"
    path.write_text(body, encoding="utf-8")
    assert read_frame(path, SIZE) is None


def test_a_planted_frame_is_inert_text(tmp_path: Path) -> None:
    """Escapes in the text never reach the terminal; a link in a style is not kept."""
    path = tmp_path / "first-frame.json"
    hostile = [["\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2Jdrop tables\x9b31m", "link https://evil.example"]]
    unknown = [["ok", "not-a-colour on nonsense"]]
    body = {"version": 1, "size": [120, 40], "lines": [hostile, unknown] + [[]] * 38}
    path.write_text(json.dumps(body), encoding="utf-8")
    found = read_frame(path, SIZE)
    assert found is not None
    text = "".join(_plain(found))
    assert "drop tables" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b")
    assert all(segment.style is None or not segment.style.link for segment in found[0])
    assert _plain(found)[1].startswith("ok")


# -- the app ----------------------------------------------------------------------------------


def _app(tmp_path: Path, gate: asyncio.Event | None = None) -> FstuiApp:
    """The app on a demo kept in `tmp_path`, its frame beside it; `gate` holds the session."""

    async def launch() -> Session:
        if gate is not None:
            await gate.wait()
        return await open_demo_session(
            tickets=300, now=NOW, clock=NOW.timestamp, cache_dir=tmp_path / "cache"
        )

    return FstuiApp(
        launcher=launch,
        config_path=tmp_path / "config.toml",
        clock=lambda: NOW,
        first_frame=tmp_path / "first-frame.json",
    )


async def _quit_from_the_queue(tmp_path: Path, size: Size = SIZE) -> list[str]:
    """A first run that quits from the queue: the frame it keeps, as text."""
    app = _app(tmp_path)
    async with app.run_test(size=(size.width, size.height)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        table = app.screen.query_one(FastTable)
        await until(pilot, lambda: table.total_count > 0, what="rows", settle=True)
        await pilot.pause(0.3)
        shown = _plain(app.screen._compositor.render_strips())
        await app.action_quit()
    return shown


async def test_the_next_start_paints_the_kept_queue_first_and_keeps_the_keys_typed_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = await _quit_from_the_queue(tmp_path)
    kept = read_frame(tmp_path / "first-frame.json", SIZE)
    assert kept is not None and _plain(kept) == shown  # the queue as it was drawn

    monkeypatch.setattr(app_module, "_terminal_size", lambda: SIZE)
    gate = asyncio.Event()  # the session opens only when the test says
    app = _app(tmp_path, gate)
    async with app.run_test(size=(SIZE.width, SIZE.height)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstFrameScreen), what="the frame")
        await pilot.pause()
        painted = _plain(app.screen._compositor.render_strips())
        assert painted[:-1] == shown[:-1]  # the queue as the last run left it ...
        assert painted[-1].startswith(" Starting… keys typed now are kept")  # ... not live yet
        # typed before the app has loaded: a row down, a filter, and back to the table
        await pilot.press("down", "slash", "v", "p", "n", "enter")
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the live queue")
        table = app.screen.query_one(FastTable)
        box = app.screen.query_one("#queue-filter", Input)
        await until(pilot, lambda: box.value == "vpn", what="the filter typed into")
        await until(pilot, lambda: app.focused is table, what="enter: back on the table")
        assert len(app.screen_stack) == 2  # the frame was replaced, not left beneath


async def test_without_a_kept_frame_the_start_is_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "_terminal_size", lambda: SIZE)
    app = _app(tmp_path)
    seen: list[type] = []
    async with app.run_test(size=(SIZE.width, SIZE.height)) as pilot:
        for _ in range(100):
            seen.append(type(app.screen))
            if isinstance(app.screen, QueueScreen):
                break
            await pilot.pause(0.02)
    assert FirstFrameScreen not in seen


async def test_quitting_over_a_dialog_a_toast_or_a_filter_keeps_no_frame_of_it(
    tmp_path: Path,
) -> None:
    """The next start must not flash a dialog, a toast or a filter the live queue will not have."""
    app = _app(tmp_path)
    async with app.run_test(size=(SIZE.width, SIZE.height)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        await pilot.press("question_mark")  # the help, over the queue
        await until(pilot, lambda: not isinstance(app.screen, QueueScreen), what="the help")
        await app.action_quit()
    assert not (tmp_path / "first-frame.json").exists()

    app = _app(tmp_path)
    async with app.run_test(size=(SIZE.width, SIZE.height)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        app.notify("Refreshed")
        await pilot.pause()
        await app.action_quit()
    assert not (tmp_path / "first-frame.json").exists()

    app = _app(tmp_path)
    async with app.run_test(size=(SIZE.width, SIZE.height)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        await pilot.press("slash", "a")  # a filter the next start's live queue will not have
        await pilot.pause()
        await app.action_quit()
    assert not (tmp_path / "first-frame.json").exists()


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_first_frame_snapshot(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """The frame a start paints first: the queue as the last run drew it (compare with
    test_shell_snapshots' queue screen), while the session is still opening."""
    asyncio.run(_quit_from_the_queue(tmp_path, Size(*size)))
    monkeypatch.setattr(app_module, "_terminal_size", lambda: Size(*size))
    app = _app(tmp_path, asyncio.Event())  # never opens: the frame stays

    async def run_before(pilot: Any) -> None:
        await until(pilot, lambda: isinstance(app.screen, FirstFrameScreen), what="the frame")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
