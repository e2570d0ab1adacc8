"""Two real processes share one DiskBudgetStore: together they stay under the limit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

WINDOW = 2.0
LIMIT = 5
PER_PROCESS = 8


@pytest.mark.slow
def test_two_processes_share_one_budget(tmp_path: Path) -> None:
    worker = Path(__file__).with_name("budget_worker.py")
    out = tmp_path / "stamps.txt"
    budget = tmp_path / "budget"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    start_at = time.time() + 2.0  # after both interpreters have imported fstui
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(worker),
                str(budget),
                str(WINDOW),
                str(LIMIT),
                str(PER_PROCESS),
                str(out),
                name,
                str(start_at),
            ],
            env=env,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    stamps = [(float(t), n) for t, n in (line.split() for line in out.read_text().splitlines())]
    stamps.sort()
    assert len(stamps) == 2 * PER_PROCESS
    assert {n for _, n in stamps} == {"a", "b"}
    times = [t for t, _ in stamps]
    # never more than LIMIT requests inside any window (a little slack for clock jitter)
    for i, t in enumerate(times):
        in_window = sum(1 for u in times[i:] if u < t + WINDOW - 0.05)
        assert in_window <= LIMIT, f"{in_window} requests within {WINDOW}s starting at {t}"
    # both made progress while sharing: neither was starved by the other; each got its first
    # request through within about one window of the common start
    for name in ("a", "b"):
        first = min(t for t, n in stamps if n == name)
        assert first - start_at < WINDOW + 0.5, f"{name} waited {first - start_at:.2f}s to start"
    # and the budget was used, not starved: 16 requests at 5 per 2 s need only about 6 s
    assert times[-1] - times[0] < 4 * WINDOW
