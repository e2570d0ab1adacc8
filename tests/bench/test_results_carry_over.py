"""A plain `make bench` in a fresh clone keeps every section of bench/RESULTS.md.

A fresh clone has RESULTS.md (tracked) but not the gitignored last_run.json the carry-over used to
read, so sections a run did not repeat (the half-hour soak) were dropped. Now the figures are
kept in a tracked RESULTS.json, and where that is missing too, RESULTS.md is read back.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import bench.__main__ as bench_main
from bench.figures import Figure
from bench.report import parse_results, render

STARTUP = Figure("1. Startup", "first paint", 613.0, 172.0, "ms", "minimal app", "<= 1.5x", False)
SOAK = [
    Figure("6. Soak", "duration", 30.0, None, "min", "", note="auto-refresh every 5 s"),
    Figure("6. Soak", "queue refreshes", 360.0, 360.0, "", "one per 5 s"),
    Figure(
        "6. Soak", "resident memory at end", 79.6, 78.1, "MB", "at start", "flat (<= +10%)", True
    ),
]
NEW_STARTUP = Figure("1. Startup", "first paint", 400.0, 170.0, "ms", "minimal app", "", None)


@pytest.fixture
def fresh_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """RESULTS.md from an earlier full run with the soak; no RESULTS.json, no last_run.json."""
    out = tmp_path / "RESULTS.md"
    out.write_text(
        render(
            [STARTUP, *SOAK],
            {"1. Startup": {"fstui_ms": [613]}, "6. Soak": {"minutes": 30.0}},
            when=datetime(2026, 11, 24, 13, 37, tzinfo=UTC),
            machine="the lead's box",
            durations={"1": 6.0, "6": 1803.0},
            quick=False,
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(bench_main, "RAW", tmp_path / "RESULTS.json")
    monkeypatch.setattr(bench_main, "LEGACY_RAW", tmp_path / "last_run.json")

    def startup_only(quick: bool) -> tuple[list[Figure], dict[str, Any]]:
        return [NEW_STARTUP], {"fstui_ms": [400]}

    monkeypatch.setattr(bench_main, "_runners", lambda: {"1": ("Startup", startup_only)})
    return out


def test_plain_run_in_a_fresh_clone_keeps_the_soak_section(fresh_clone: Path) -> None:
    assert bench_main.main(["--out", str(fresh_clone)]) == 0
    text = fresh_clone.read_text(encoding="utf-8")
    assert "| first paint | 400 ms | 170 (minimal app) |" in text, "this run's figure is shown"
    assert "613 ms" not in text, "the re-run section replaces the old one"
    soak = text.split("## 6. Soak", 1)[1]
    assert "| resident memory at end | 79.60 MB | 78.10 (at start) | 1.02x |" in soak
    assert "| queue refreshes | 360 | 360 (one per 5 s) | 1.00x |" in soak
    assert '"minutes": 30.0' in soak, "the soak's raw figures are kept too"
    assert "#6 1803 s" in text


def test_the_figures_of_every_section_land_in_the_tracked_json(fresh_clone: Path) -> None:
    assert bench_main.main(["--out", str(fresh_clone)]) == 0
    saved = json.loads(bench_main.RAW.read_text(encoding="utf-8"))
    assert {f["section"] for f in saved["figures"]} == {"1. Startup", "6. Soak"}
    # a second run now reads the json: change the Markdown and the soak still comes back whole
    fresh_clone.write_text("# nothing\n", encoding="utf-8")
    assert bench_main.main(["--out", str(fresh_clone)]) == 0
    assert "| resident memory at end | 79.60 MB |" in fresh_clone.read_text(encoding="utf-8")


def test_a_smoke_run_does_not_replace_the_kept_figures(fresh_clone: Path) -> None:
    assert bench_main.main(["--out", str(fresh_clone)]) == 0
    kept = bench_main.RAW.read_text(encoding="utf-8")
    assert bench_main.main(["--quick", "--write", "--out", str(fresh_clone)]) == 0
    assert bench_main.RAW.read_text(encoding="utf-8") == kept


def test_render_with_nothing_kept_says_so(tmp_path: Path, fresh_clone: Path) -> None:
    empty = tmp_path / "EMPTY.md"
    assert bench_main.main(["--render", "--out", str(empty)]) == 1
    assert not empty.exists()


def test_results_md_reads_back_as_rendered() -> None:
    figures = [STARTUP, *SOAK]
    text = render(
        figures,
        {"6. Soak": {"minutes": 30.0}},
        when=datetime(2026, 11, 24, 13, 37, tzinfo=UTC),
        machine="box",
        durations={"1": 6.0, "6": 1803.0},
        quick=False,
    )
    parsed = parse_results(text)
    assert [Figure(**f) for f in parsed["figures"]] == figures
    assert parsed["details"] == {"6. Soak": {"minutes": 30.0}}
    assert parsed["durations"] == {"1": 6.0, "6": 1803.0}
    assert parsed["machine"] == "box" and parsed["quick"] is False


def test_the_committed_results_md_reads_back_with_every_section() -> None:
    text = (Path(bench_main.__file__).with_name("RESULTS.md")).read_text(encoding="utf-8")
    parsed = parse_results(text)
    sections = {f["section"] for f in parsed["figures"]}
    headings = {line[3:] for line in text.splitlines() if line.startswith("## ")}
    assert sections == headings
