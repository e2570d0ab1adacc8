"""The benchmark scripts still run end to end (quick mode) and produce rows; no timings asserted.

Only the pure-logic parts run here: the triage script through fstui and the naive client on a
virtual clock, the bulk load, and the report. Startup, large queues and the shared-budget run
spawn processes and are left to `make bench`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bench import bulk_load, economy
from bench.figures import Figure, format_table
from bench.report import render


def test_economy_quick_plays_the_whole_script_for_both_clients() -> None:
    figures, details = economy.run(quick=True)
    names = {f.name for f in figures}
    assert {"credits vs lower bound", "credits vs naive", "429 responses"} <= names
    steps = details["fstui_steps"]
    assert steps["open_ticket"] == 30 and steps["refresh"] == 10 and steps["asset"] == 10
    assert all(f.value is not None and f.baseline is not None for f in figures[:2])
    assert details["fstui_by_endpoint"] and details["naive_by_endpoint"]


def test_bulk_load_quick_loads_every_ticket_on_both_sides() -> None:
    figures, details = bulk_load.run(quick=True)
    assert details["fstui"]["rows"] == details["naive"]["rows"] == 300
    assert figures[0].ratio is not None


def test_report_shows_every_figure_with_baseline_and_ratio() -> None:
    figures = [
        Figure("9. Demo", "thing", 30.0, 60.0, "ms", "stock", "<= 1x", True),
        Figure("9. Demo", "other", 90.0, 60.0, "ms", "stock", "<= 1x", False),
    ]
    text = render(
        figures,
        {},
        when=datetime(2026, 1, 1, tzinfo=UTC),
        machine="test box",
        durations={"9": 1.0},
        quick=True,
        analysis={"9. Demo": "because reasons"},
    )
    assert "| thing | 30 ms | 60 (stock) | 0.50x |" in text
    assert "MISSED" in text and "because reasons" in text
    assert "0.50x" in format_table(figures)
