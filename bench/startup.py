"""Startup: process start to the first painted queue (demo data, warm cache) vs a minimal app.

Each run is a fresh interpreter (`python -m bench.startup_probe`); the parent notes the wall
time just before spawning it and the child prints the wall time of its first paint. The fstui
cache is warmed by one untimed run on the same directory; then fstui and the minimal app are
timed alternately (so drift in machine load hits both alike), and the medians compared.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from bench.figures import Figure

RUNS = 5
GOAL = 1.5


def _once(*args: str) -> float:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup_probe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"startup probe {args[0]} failed: {tail}")
    return float(done.stdout.strip().splitlines()[-1]) - started


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    runs = 2 if quick else RUNS
    ours: list[float] = []
    minimal: list[float] = []
    with tempfile.TemporaryDirectory(prefix="fstui-bench-startup-") as tmp:
        cold = _once("fstui", tmp)
        for _ in range(runs):
            minimal.append(_once("minimal"))
            ours.append(_once("fstui", tmp))
    ours_ms = statistics.median(ours) * 1000
    minimal_ms = statistics.median(minimal) * 1000
    figures = [
        Figure(
            "1. Startup",
            "first queue painted (warm cache), median",
            round(ours_ms),
            round(minimal_ms),
            "ms",
            "minimal app",
            f"<= {GOAL}x",
            ours_ms <= GOAL * minimal_ms,
            note=f"{runs} runs each; cold first run {cold * 1000:.0f} ms",
        )
    ]
    details = {
        "fstui_ms": [round(v * 1000) for v in ours],
        "minimal_ms": [round(v * 1000) for v in minimal],
        "cold_ms": round(cold * 1000),
    }
    return figures, details


if __name__ == "__main__":
    from bench.figures import format_table

    found, info = run(quick="--quick" in sys.argv)
    print(format_table(found))
    print(info)
