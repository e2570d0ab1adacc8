"""`python -m bench --soak MINUTES` records the soak in RESULTS.md without wiping the rest.

The soak itself takes half an hour and is a bench script, not a test: here its measurement is
replaced by fixed figures, and what is checked is what the lead will read in RESULTS.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import bench.__main__ as bench_main
from bench import soak
from bench.figures import Figure

SOAKED = {
    "minutes": 30.0,
    "refresh_seconds": 5.0,
    "refreshes": 355,
    "rss_start_mb": 80.0,
    "rss_end_mb": 120.0,
    "open_files_start": 15,
    "open_files_end": 15,
    "store_stats": "StoreStats(...)",
}
STARTUP = Figure("1. Startup", "first paint", 0.9, 0.5, "s", "minimal app", "<= 2x", True)


@pytest.fixture
def last_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A previous full run holding section 1, in a scratch file instead of bench/last_run.json."""
    raw = tmp_path / "last_run.json"
    raw.write_text(
        json.dumps(
            {
                "figures": [STARTUP.__dict__],
                "details": {"1. Startup": {"runs": 9}},
                "when": "2026-01-01T00:00:00+00:00",
                "machine": "test",
                "durations": {"1": 7.0},
                "quick": False,
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(bench_main, "RAW", raw)
    calls: list[float] = []

    def fake_run(minutes: float) -> dict[str, Any]:
        calls.append(minutes)
        return dict(SOAKED, minutes=minutes)

    monkeypatch.setattr(soak, "run", fake_run)
    return raw


def test_soak_section_is_rendered_and_other_sections_kept(tmp_path: Path, last_run: Path) -> None:
    out = tmp_path / "RESULTS.md"
    assert bench_main.main(["--soak", "30", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 1. Startup" in text, "the soak alone wiped the earlier sections"
    assert "## 6. Soak" in text
    assert "python -m bench --soak 30" in text
    soak_part = text.split("## 6. Soak", 1)[1]
    assert "80.00 (at start)" in soak_part or "80 (at start)" in soak_part
    assert "MISSED" in soak_part, "RSS grew by half: the goal must read as missed"
    assert "355" in soak_part and "queue refreshes" in soak_part
    saved = json.loads(last_run.read_text(encoding="utf-8"))
    assert {f["section"] for f in saved["figures"]} == {"1. Startup", "6. Soak"}


def test_a_run_without_soak_keeps_the_last_soak(last_run: Path) -> None:
    previous = {
        "figures": [f.__dict__ for f in soak.as_figures(SOAKED)],
        "details": {"6. Soak": SOAKED},
        "durations": {"6": 1800.0},
        "quick": False,
    }
    figures, details, durations = bench_main.carry_over(
        [STARTUP], {"1. Startup": {}}, {"1": 7.0}, previous
    )
    assert next(f.section for f in figures) == "1. Startup"
    assert {f.section for f in figures} == {"1. Startup", "6. Soak"}
    assert list(details) == ["1. Startup", "6. Soak"] and durations["6"] == 1800.0


def test_plain_bench_does_not_run_the_soak(last_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def runner(key: str) -> bench_main.Runner:
        def run(quick: bool) -> tuple[list[Figure], dict[str, Any]]:
            ran.append(key)
            return [], {}

        return run

    monkeypatch.setattr(
        bench_main, "_runners", lambda: {k: (k, runner(k)) for k in ("1", "2", "3", "4", "5")}
    )
    assert bench_main.main(["--quick"]) == 0
    assert ran == ["1", "2", "3", "4", "5"]


def test_flat_soak_meets_both_goals() -> None:
    flat = dict(SOAKED, rss_end_mb=82.0, open_files_end=16)
    verdicts = {f.name: f.met for f in soak.as_figures(flat)}
    assert verdicts["resident memory at end"] is True
    assert verdicts["open file handles at end"] is True
    leaky = dict(SOAKED, rss_end_mb=82.0, open_files_end=40)
    assert {f.name: f.met for f in soak.as_figures(leaky)}["open file handles at end"] is False
