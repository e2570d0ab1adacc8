"""Queue cells say what matters within their width (issue #18 polish): the Due column cut
`FR overdue 18d` to `FR overdue 1…`, losing the number; `Awaiting vendor` showed `Awaiting…`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fstui.api import Ticket
from fstui.store.names import Names
from fstui.store.reference import ReferenceData
from fstui.ui.screens.queue_columns import COLUMNS, make_cells

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_every_countdown_up_to_99_days_fits_the_due_column() -> None:
    width = next(c.width for c in COLUMNS if c.key == "due")
    assert width is not None
    reference = ReferenceData()
    cells = make_cells(Names(lambda: reference, frozenset), lambda: NOW)
    due_at = [c.key for c in COLUMNS].index("due")
    for offset in (
        *(timedelta(minutes=m) for m in (1, 59)),
        *(timedelta(hours=h) for h in (1, 23)),
        *(timedelta(days=d) for d in range(1, 100)),
    ):
        for sign in (-1, 1):
            row = Ticket.model_validate(
                {
                    "id": 1,
                    "fr_due_by": (NOW + sign * offset).isoformat(),
                    "due_by": (NOW + sign * offset).isoformat(),
                    "stats": {"first_responded_at": None},  # unanswered: the FR clock
                }
            )
            label = str(cells(row)[due_at])
            assert label.startswith("FR ") and len(label) <= width, label


def test_a_long_status_says_what_it_waits_for() -> None:
    from fstui.ui.screens.queue_columns import STATUS_WIDTH, short_status

    assert short_status("Pending") == "Pending"
    assert short_status("Awaiting vendor") == "Wait vendor"
    assert short_status("Waiting on Customer") == "Wait Custo…"
    assert short_status("Escalated to tier three") == "Escalated…"
    for label in ("Awaiting vendor", "Awaiting Approval", "Waiting for parts", "x" * 40):
        assert len(short_status(label)) <= STATUS_WIDTH
