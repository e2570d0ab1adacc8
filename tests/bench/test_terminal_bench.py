"""The terminal benchmark reads screens and output the way a user's terminal does.

Pure parts (what counts as rows on screen, how idle output splits into ticks and the rest, which
goals a set of timings meets) are checked on fixed input; the tmux driver is checked end to end
on the minimal baseline app, which must show its rows, answer keys and write nothing when idle
(the 0 bytes every idle figure is compared with). No timing is asserted.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from bench import terminal_bench as tb
from bench.tmux_term import Terminal, Write, rss_mib, shown_at, tmux_available

FSTUI_SCREEN = """\
My open (21)              ▕ My open  21 tickets  refreshed just now
Unassigned open (106)     ▕       # Subject                     Requester      Status    Priority
My groups (157)           ▕    3990 Headset microphone not wor… Chen Wright    Open      Medium
"""
FSTUI_SKELETON = """\
My open (None)            ▕ My open  0 tickets
Unassigned open (None)    ▕       # Subject                     Requester      Status    Priority
"""


def test_rows_count_as_shown_only_with_a_ticket_line() -> None:
    assert tb.rows_visible(FSTUI_SCREEN)
    assert tb.rows_visible(" 1003  Password reset (3)   Grace Hopper   Pending   Urgent")
    assert not tb.rows_visible(FSTUI_SKELETON), "headers and empty counts are the blank stage"
    assert not tb.rows_visible("")


def test_idle_output_splits_into_one_tick_per_interval_and_the_rest() -> None:
    writes = [
        Write(0.0, 900),  # refresh tick, drawn in two chunks
        Write(0.05, 300),
        Write(30.0, 40),  # something redrawn between ticks
        Write(60.2, 1100),  # the next tick
        Write(61.0, 20),  # a late cell after the tick
    ]
    found = tb.bursts(writes)
    assert [(b.at, b.size) for b in found] == [(0.0, 1200), (30.0, 40), (60.2, 1100), (61.0, 20)]
    ticks, rest = tb.split_ticks(found, 60.0)
    assert [t.size for t in ticks] == [1200, 1100]
    assert sum(b.size for b in rest) == 60
    # the late cell 0.8 s after the tick is the same refresh drawing twice: part of the tick
    ticks, rest = tb.split_ticks(tb.episodes(found), 60.0)
    assert [t.size for t in ticks] == [1200, 1120]
    assert sum(b.size for b in rest) == 40
    idle = tb.idle_figures(writes, began=0.0, seconds=120.0, cpu=0.6)
    assert idle.bytes_per_minute == pytest.approx(2360 / 2)
    assert idle.bytes_between_ticks == 40 and idle.cpu_percent == pytest.approx(0.5)
    assert sum(idle.window_bytes) == 2360 and len(idle.window_bytes) == 12


def test_a_clock_drawing_every_second_is_not_taken_for_ticks() -> None:
    writes = [Write(float(t), 100) for t in range(120)]
    idle = tb.idle_figures(writes, began=0.0, seconds=120.0, cpu=0.0)
    assert idle.bytes_between_ticks >= 100 * 110, idle.ticks


def test_no_output_is_no_tick() -> None:
    idle = tb.idle_figures([], began=0.0, seconds=60.0, cpu=0.0)
    assert idle.bytes_total == 0 and idle.bytes_between_ticks == 0 and idle.ticks == []


def _run(first_rows: float, blank: float, keys: dict[str, tuple[float, float]]) -> dict[str, Any]:
    return {
        "start": {"first_byte": first_rows - blank, "first_rows": first_rows, "stages": []},
        "blank": blank,
        "keys": {k: {"first": f, "settled": s, "bytes": 1} for k, (f, s) in keys.items()},
        "rss_after_start": 90.0,
    }


def test_figures_carry_baseline_ratio_and_the_issue_goals() -> None:
    cached = "enter: ticket detail (from the cache)"
    slow = {cached: (0.13, 0.49), "cursor down": (0.02, 0.02)}
    fast = {cached: (0.03, 0.09), "cursor down": (0.01, 0.01)}
    runs = {
        "fstui": [_run(1.8, 0.9, slow), _run(1.7, 0.8, slow), _run(1.9, 1.0, slow)],
        "minimal": [_run(0.24, 0.0, fast), _run(0.25, 0.0, fast), _run(0.26, 0.0, fast)],
    }
    quiet = tb.idle_figures([], began=0.0, seconds=120.0, cpu=0.12)
    noisy = tb.idle_figures(
        [Write(float(t), 900) for t in range(0, 120, 3)], began=0.0, seconds=120.0, cpu=1.2
    )
    memory: dict[str, dict[str, Any]] = {
        "fstui": {"opens": 100, "rss_before": 98.0, "rss_after": 155.0, "growth": 57.0},
        "minimal": {"opens": 100, "rss_before": 38.0, "rss_after": 39.0, "growth": 1.0},
    }
    for m in memory.values():
        m["every_10"] = []
    found = {f.name: f for f in tb.figures_from(runs, {"fstui": noisy, "minimal": quiet}, memory)}
    start = found["start to first rows"]
    assert (start.value, start.baseline, start.met) == (1800.0, 250.0, False)
    assert start.ratio == pytest.approx(7.2)
    assert "range 1700-1900 ms" in start.note
    assert found["blank stage before the rows"].met is False
    assert found[f"{cached}: settled"].value == 490.0
    assert found[f"{cached}: settled"].met is False
    assert found[f"{cached}: first paint"].met is False
    assert found["cursor down: settled"].met is None, "no goal in the issue for the cursor"
    assert found["idle: bytes written per minute"].met is False
    # 40 equal redraws: three can pass as ticks (each at least 3/4 interval apart), 37 cannot
    assert found["idle: bytes written between ticks"].value == 900 * 37
    assert found["idle: bytes written between ticks"].baseline == 0
    assert found["idle: CPU"].met is False
    assert found["RSS growth over 100 ticket opens"].met is False
    assert all(f.baseline_label == "minimal app" for f in found.values())


@pytest.mark.skipif(not tmux_available(), reason="needs tmux")
def test_minimal_app_in_a_real_terminal_shows_rows_answers_keys_and_idles_silently() -> None:
    with Terminal(tb.minimal_app().command, cwd=tb.ROOT) as term:
        began = tb.start(term)
        assert began.first_rows is not None, term.screen()
        assert "1000" in term.screen() and "Printer jam" in term.screen()
        term.quiet(0.5, limit=20.0)
        down = term.key("Down")
        assert down.first is not None and down.size > 0, "moving the cursor repaints"
        opened = term.key("Enter", quiet=0.5)
        assert opened.settled is not None and "#1001" in opened.screen, opened.screen
        back = term.key("Escape", quiet=0.5)
        assert tb.rows_visible(back.screen)
        term.quiet(0.5, limit=10.0)
        written = term.written()
        time.sleep(1.5)
        assert term.written() == written, "the baseline writes nothing while nothing changes"
        assert rss_mib(term.pid) > 10
        tb.quit_app(term)
        assert not term.alive(), "ctrl+q ends the app"


def test_a_redraw_is_measured_by_the_rows_it_addresses_and_the_lines_that_changed() -> None:
    # a tick that rewrites rows 2 and 3 (twice) and 5, where only row 3 shows another value
    output = b"\x1b[2;1Hsame\x1b[3;1H1h ago\x1b[3;20Hx\x1b[5;1Hsame"
    assert tb.rows_written(output) == 3
    before = "title\nrow one\n 3990 Headset  Open  1h ago\n"
    after = "title\nrow one\n 3990 Headset  Open  2h ago\n"
    assert tb.lines_changed(before, after) == 1
    assert tb.lines_changed(before, before + "new line\n") == 1


def test_each_done_when_line_is_marked_and_the_first_demo_run_has_its_own_line() -> None:
    steps = {"enter: ticket detail (from the cache)": (0.03, 0.09)}
    runs = {"fstui": [_run(0.5, 0.0, steps)], "minimal": [_run(0.25, 0.0, steps)]}
    quiet = tb.idle_figures([], began=0.0, seconds=120.0, cpu=0.12)
    memory: dict[str, dict[str, Any]] = {
        name: {"opens": 100, "rss_before": 1.0, "rss_after": 2.0, "growth": 1.0, "every_10": []}
        for name in ("fstui", "minimal")
    }
    first = {"fstui": _run(2.0, 0.1, {}), "minimal": _run(0.3, 0.0, {})}
    found = {
        f.name: f for f in tb.figures_from(runs, {"fstui": quiet, "minimal": quiet}, memory, first)
    }
    marked = {name for name, f in found.items() if f.note.startswith("Done when")}
    assert marked == {
        "start to first rows",
        "blank stage before the rows",
        "idle: bytes written per minute",
        "idle: bytes written between ticks",
        "enter: ticket detail (from the cache): settled",
        "RSS growth over 100 ticket opens",
    }
    assert all(found[name].baseline is not None for name in marked)
    cold = found["the demo's first run: start to first rows (generated, empty cache)"]
    assert (cold.value, cold.baseline) == (2000.0, 300.0)


def test_shown_is_when_the_screen_first_read_as_it_settled() -> None:
    """A dialog drawn at 0.03 s and only restyled after (same text) is shown at 0.03 s; a text
    that changed back and forth counts from its last change; never read at a write: settled."""
    final = "Set status\nOpen"
    frames = [(0.01, "queue"), (0.03, final), (0.08, final), (0.12, final)]
    assert shown_at(frames, final, last=0.12) == 0.03
    flicker = [(0.01, final), (0.02, "queue"), (0.05, final)]
    assert shown_at(flicker, final, last=0.05) == 0.05
    assert shown_at([(0.01, "queue")], final, last=0.2) == 0.2


def test_the_keys_that_open_a_view_get_the_100_ms_goal_on_shown() -> None:
    help_key = "? help"
    run = {
        "start": {"first_byte": 0.1, "first_rows": 0.2, "stages": []},
        "blank": 0.1,
        "keys": {help_key: {"first": 0.02, "shown": 0.12, "settled": 0.2, "bytes": 1}},
    }
    found = {f.name: f for f in tb.figures_from({"fstui": [run], "minimal": [run]}, {}, {})}
    assert found[f"{help_key}: shown"].value == 120.0
    assert found[f"{help_key}: shown"].met is False
    assert "cursor down: shown" not in found, "moving the cursor opens nothing"
