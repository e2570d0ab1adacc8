"""The queue screen over the store's data path, as an agent meets it: faults, offline, quitting.

Against the real app on the in-process sandbox (real HTTP semantics, faults switched on the
sandbox itself): an offline bulk action queues and is delivered when the account is back;
quitting with queued writes asks first; a failed bulk leaves its failures marked; a start-up
fault is retried by itself; counts nobody knows yet are shown as unknown, never as zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from fstui.screenshots import FIXED_NOW
from fstui.session import Session
from fstui.store.queues import ALL_OPEN, MY_OPEN
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import sandbox_of, status_text, until

from .harness import demo_app_with, loaded, make_app, queue_screen


async def _bulk_priority(pilot: Any, choice: str) -> BulkProgressScreen:
    app = pilot.app
    await pilot.press("g", "space", "space", "p", *choice, "enter")
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")
    await until(pilot, lambda: isinstance(app.screen, BulkProgressScreen), "progress")
    progress = app.screen
    assert isinstance(progress, BulkProgressScreen)
    await until(pilot, lambda: progress._finished, "bulk finished")
    return progress


async def test_offline_bulk_queues_then_is_delivered_and_quitting_asks_meanwhile(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        while screen.queue_name != ALL_OPEN:
            await pilot.press("right_square_bracket")
        sandbox = sandbox_of(app.session)
        sandbox.faults.offline = True
        progress = await _bulk_priority(pilot, "Urgent")
        chosen = sorted(progress.result.queued)
        assert len(chosen) == 2 and not progress.result.failed and not progress.result.done
        await pilot.press("enter")
        await until(pilot, lambda: "2 queued" in status_text(app), "the outbox count")
        table = screen.table
        for ticket_id in chosen:  # shown as it will be, and marked as not delivered yet
            assert table.row_for_key(ticket_id).priority == 4  # type: ignore[union-attr]
            assert screen._row_style(table.row_for_key(ticket_id)) == "italic yellow"  # type: ignore[arg-type]
        # Quitting now asks; "no" keeps the console open.
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, QueueScreen)
        sandbox.faults.offline = False
        store = screen.store
        session = app.session
        assert session is not None
        await until(
            pilot,
            lambda: (
                not session.writes.entries()
                and all((store.mirror.get(i) or {}).get("priority") == 4 for i in chosen)
            ),
            "delivered when back online",
            # noticed at the next connectivity probe, and probes back off to 60 s (+10% jitter)
            # while offline: on a loaded machine the offline stretch above reaches 16-32 s gaps
            seconds=75,
        )
        await until(pilot, lambda: "queued" not in status_text(app), "the count clears")


async def test_a_failed_bulk_keeps_its_failures_marked(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        while screen.queue_name != ALL_OPEN:
            await pilot.press("right_square_bracket")
        table = screen.table
        first = table.visible_keys()[0]
        # Someone else changes the first ticket after the agent saw it: its update conflicts.
        sandbox = sandbox_of(app.session)
        sandbox.db.tickets[first]["priority"] = 3
        sandbox.db.tickets[first]["updated_at"] = "2026-11-24T09:29:59Z"
        progress = await _bulk_priority(pilot, "Low")
        assert list(progress.result.failed) == [first]
        assert "changed by someone else" in progress.result.failed[first]
        await pilot.press("enter")
        assert set(table.marked_keys) == {first}, "the failed one stays marked to retry"


async def test_a_start_up_fault_is_retried_by_itself(tmp_path: Path) -> None:
    def every_answer_fails(session: Session) -> None:
        sandbox_of(session).faults.error_rate = 1.0  # every answer a 5xx, for now

    app = demo_app_with(
        tmp_path / "c", every_answer_fails, now=FIXED_NOW, config_path=tmp_path / "config.toml"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "queue screen")
        screen = queue_screen(app)
        await until(pilot, lambda: screen._first_load_retries >= 1, "the first load failed")
        assert screen.table.total_count == 0
        sandbox_of(app.session).faults.error_rate = 0.0
        await until(pilot, lambda: screen.table.total_count > 0, "loaded by itself", seconds=30)
        assert screen.queue_name == MY_OPEN


async def test_a_count_nobody_knows_yet_is_shown_as_unknown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        counts = screen.store.queue_counts()
        known = dict(counts)
        screen.store.queue_counts = lambda: {**known, ALL_OPEN: None}  # type: ignore[method-assign]
        screen._show_queue_list()
        options = screen.query_one("#queue-list", OptionList)
        prompts = [str(option.prompt) for option in options.options]
        assert f"{ALL_OPEN} (…)" in prompts
        assert f"{MY_OPEN} ({known[MY_OPEN]})" in prompts
        assert not [p for p in prompts if p.endswith("(0)") and ALL_OPEN in p]
