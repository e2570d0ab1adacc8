"""One agent picker for the queue's `a` and the ticket's `A` (issue #18 item 7)."""

from __future__ import annotations

from pathlib import Path

from fstui.api import FreshserviceClient
from fstui.store.labels import labels_from
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.people_choices import NO_CURRENT, UNASSIGN, agent_choices
from fstui.ui.modals.picker import Choice, PickerScreen, filter_choices
from fstui.ui.screens.queue import QueueScreen
from tests.pilot_support import until

from .harness import loaded, make_app


def test_word_starts_rank_first_so_flth_finds_felix_thomas() -> None:
    choices = [
        Choice(1, "Fletcher Smith", "fletcher.smith@example.test"),
        Choice(2, "Felix Thomas", "felix.thomas@example.test"),
        Choice(3, "Florence Lathe", "florence.lathe@example.test"),
    ]
    assert filter_choices("flth", choices)[0].value == 2


async def test_queue_agent_picker_has_unassigned_me_and_emails(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        labels = labels_from(screen.store.reference_snapshot())
        await pilot.press("space", "a")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen), "picker")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        shown = picker.shown
        assert shown == agent_choices(labels, NO_CURRENT)  # the ticket screen's list
        assert shown[0].value == UNASSIGN and shown[0].label == "— unassigned —"
        assert shown[1].label.endswith("(me)") and "@" in shown[1].hint
        assert all("@" in c.hint for c in shown[1:])
        await pilot.press(*"zzzzqq")
        assert "no matches" in str(picker.query_one(".picker-empty").render())
        await pilot.press("escape")
        assert table.marked_keys


async def test_bulk_unassign_from_the_queue(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("g", "space", "space")
        chosen = sorted(k for k in table.marked_keys if isinstance(k, int))
        await pilot.press("a", *"unassigned", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirm")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, BulkProgressScreen), "progress")
        progress = app.screen
        assert isinstance(progress, BulkProgressScreen)
        await until(pilot, lambda: progress._finished, "bulk finished")
        assert sorted(progress.result.done) == chosen and not progress.result.failed
        sandbox = screen.session.extras["sandbox_app"]
        from fstui.sandbox import sandbox_transport

        async with FreshserviceClient(
            "http://127.0.0.1/api/v2",
            sandbox.state.sandbox.config.api_key,
            transport=sandbox_transport(sandbox),
            plan="unlimited",
        ) as other:
            for ticket_id in chosen:
                assert (await other.get_ticket(ticket_id)).responder_id is None
