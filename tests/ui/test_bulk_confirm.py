"""The bulk confirmation says what changes from what, and against which budget.

README ("Bulk actions"): the confirm dialog shows current → new per field with counts per
current value, and the cost against the budget those calls draw on (the ticket-update
sub-limit when it is tighter than the account's: 50/min on Starter against 100).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.widgets import Static

from fstui.api import BudgetStats, Ticket
from fstui.store.budget_words import room_for
from fstui.store.labels import Labels
from fstui.store.queues import ALL_OPEN
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.queue_bulk import bulk_confirmation
from tests.pilot_support import until

from .harness import loaded, make_app


def _stats(remaining: int, buckets: dict[str, tuple[int, int]]) -> BudgetStats:
    return BudgetStats(
        limit=100,
        remaining=remaining,
        used_in_window=100 - remaining,
        calls_made=0,
        credits_spent=0,
        paused_until=None,
        buckets=buckets,
    )


def test_the_room_quoted_is_the_tighter_of_the_sub_limit_and_the_account() -> None:
    tight = _stats(90, {"update_ticket": (12, 50), "view_ticket": (1, 50)})
    assert room_for(tight, "update_ticket") == (12, 50, "ticket updates")
    loose = _stats(8, {"update_ticket": (40, 50)})
    assert room_for(loose, "update_ticket") == (8, 100, "")
    assert room_for(_stats(70, {}), "update_ticket") == (70, 100, "")
    assert room_for(None, "update_ticket") == (None, None, "")


def test_current_values_are_counted_and_the_new_one_named() -> None:
    tickets = [
        {"id": 1, "priority": 1},
        {"id": 2, "priority": 1},
        Ticket.model_validate({"id": 3, "priority": 3}),
        {"id": 4},  # only the id is known: said so, not guessed
    ]
    text = bulk_confirmation(
        "priority: Urgent",
        tickets,
        {"priority": 4},
        Labels(),
        cost=4,
        room=(3, 50, "ticket updates"),
    ).plain
    assert "on 4 tickets: #1, #2, #3, #4" in text
    assert "Priority: Low (2), High (1), unknown (1) → Urgent" in text
    assert "Cost: 4 API credits of 3 left this minute (ticket updates 50/min)" in text
    assert "The rest will wait for the next minute's budget." in text


def test_custom_fields_are_shown_one_by_one_and_hostile_values_inert() -> None:
    text = bulk_confirmation(
        "resolve",
        [{"id": 7, "status": 2, "custom_fields": {"affected_service": "\x1b]52;c;eA==\x07VPN"}}],
        {"status": 4, "custom_fields": {"affected_service": "Email"}},
        Labels(),
        cost=1,
        room=(None, None, ""),
    ).plain
    assert "Status: Open → Resolved" in text
    assert "Affected service: VPN → Email" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "left this minute" not in text  # no budget known: no figure invented


async def test_bulk_priority_confirm_shows_current_to_new_counts(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        while screen.queue_name != ALL_OPEN:
            await pilot.press("right_square_bracket")
        await until(pilot, lambda: table.visible_count >= 3, "rows")
        await pilot.press("space", "space", "space")
        chosen = sorted(table.marked_keys)
        store = screen.store
        labels = store.reference_snapshot().labels["priority"]
        before = Counter(labels[store.mirror.get(i)["priority"]] for i in chosen)  # type: ignore[index]
        await pilot.press("p")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"Urgent", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirm")
        body = str(app.screen.query_one(Static).render())
        for word, n in before.items():
            assert f"{word} ({n})" in body
        assert "→ Urgent" in body
        budget = store.limiter.stats() if store.limiter is not None else None
        remaining, limit, bucket = room_for(budget, "update_ticket")
        assert bucket == "ticket updates" and limit  # the demo's Pro plan: 140 against 400
        assert f"of {remaining} left this minute (ticket updates {limit}/min)" in body
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), "back")
        after = Counter(labels[store.mirror.get(i)["priority"]] for i in chosen)  # type: ignore[index]
        assert after == before  # "n" changed nothing
