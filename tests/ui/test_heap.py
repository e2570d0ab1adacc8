"""The start-up heap is frozen once the first queue load is done (fstui/ui/heap.py): later
full collections then walk only what was made since, so they stop landing as 100-170 ms
stalls on the agent's keys (bench/RESULTS.md, tab switch and ticket open)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from fstui.ui import heap
from tests.pilot_support import until

from .harness import loaded, make_app


async def test_the_heap_is_frozen_once_after_the_first_load_and_not_on_refreshes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freezes: list[int] = []
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(len(gc.get_objects())))
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: bool(freezes), what="the heap frozen after the first load")
        screen = app.screen
        await pilot.press("r")  # a refresh: nothing new to freeze
        await until(pilot, lambda: not screen.workers, what="the refresh done")
        await pilot.pause()
    assert len(freezes) == 1
    assert freezes[0] > 10_000  # the mirror, the modules: what the start built


def test_freezing_happens_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(heap, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(True))
    assert heap.settle_after_start() is True
    assert heap.settle_after_start() is False
    assert calls == [True]
