"""`make bench`: all five benchmarks, a table on stdout and bench/RESULTS.md.

`python -m bench [--quick] [--only N ...]`. --quick is a smoke run with small sizes and short
durations; its figures are not comparable with a full run and RESULTS.md is then not written
unless --write is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.figures import Figure, format_table
from bench.report import render

Runner = Callable[[bool], tuple[list[Figure], dict[str, Any]]]
RESULTS = Path(__file__).with_name("RESULTS.md")
RAW = Path(__file__).with_name("last_run.json")
"""The last full run's figures, so RESULTS.md can be re-rendered (--render) without re-running."""


def _runners() -> dict[str, tuple[str, Runner]]:
    from bench import bulk_load, economy, large_queues, shared_budget, startup

    return {
        "1": ("Startup", startup.run),
        "2": ("Large queues", large_queues.run),
        "3": ("API economy", economy.run),
        "4": ("Bulk load", bulk_load.run),
        "5": ("Shared budget", shared_budget.run),
    }


def machine() -> str:
    cpus = os.cpu_count()
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {cpus} CPUs, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    parser.add_argument("--only", nargs="*", default=None, help="benchmark numbers (1-5)")
    parser.add_argument("--write", action="store_true", help="write RESULTS.md even if --quick")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument(
        "--render", action="store_true", help="re-render RESULTS.md from the last run"
    )
    ns = parser.parse_args(argv)
    if ns.render:
        saved = json.loads(RAW.read_text(encoding="utf-8"))
        ns.out.write_text(
            render(
                [Figure(**f) for f in saved["figures"]],
                saved["details"],
                when=datetime.fromisoformat(saved["when"]),
                machine=saved["machine"],
                durations=saved["durations"],
                quick=saved["quick"],
            ),
            encoding="utf-8",
        )
        print(f"wrote {ns.out}")
        return 0
    runners = _runners()
    chosen = ns.only or list(runners)
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    durations: dict[str, float] = {}
    started = time.perf_counter()
    for key in chosen:
        name, run = runners[key]
        print(f"== {key}. {name}", flush=True)
        t0 = time.perf_counter()
        try:
            found, info = run(ns.quick)
        except Exception as exc:
            found = [Figure(f"{key}. {name}", "FAILED", None, None, "", "", note=repr(exc))]
            info = {"error": repr(exc)}
        durations[key] = time.perf_counter() - t0
        figures.extend(found)
        details[f"{key}. {name}"] = info
        print(format_table(found), flush=True)
    total = time.perf_counter() - started
    print()
    print(format_table(figures))
    print(f"\nall benchmarks: {total:.0f} s")
    if not ns.quick or ns.write:
        when = datetime.now(UTC)
        text = render(
            figures, details, when=when, machine=machine(), durations=durations, quick=ns.quick
        )
        ns.out.write_text(text, encoding="utf-8")
        saved = {
            "figures": [asdict(f) for f in figures],
            "details": details,
            "when": when.isoformat(),
            "machine": machine(),
            "durations": durations,
            "quick": ns.quick,
        }
        RAW.write_text(json.dumps(saved, indent=1, default=str), encoding="utf-8")
        print(f"wrote {ns.out}")
    else:
        print(json.dumps({k: round(v, 1) for k, v in durations.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
