"""`make bench`: all five benchmarks, a table on stdout and bench/RESULTS.md.

`python -m bench [--quick] [--only N ...] [--soak MINUTES]`. --quick is a smoke run with small
sizes and short durations; its figures are not comparable with a full run and RESULTS.md is then
not written unless --write is given.

The soak (section 6) takes half an hour, so plain `make bench` skips it: `python -m bench --soak
30` runs only the soak and re-renders RESULTS.md with the other sections of the last run kept;
a later run without --soak keeps the last soak's figures the same way. What is kept comes from
tracked files, so a fresh clone keeps every section too: bench/RESULTS.json (the figures and raw
details of every section, written with RESULTS.md), else RESULTS.md itself read back.
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
from bench.report import parse_results, render

Runner = Callable[[bool], tuple[list[Figure], dict[str, Any]]]
SOAK_KEY = "6"
SOAK_NAME = "Soak"
RESULTS = Path(__file__).with_name("RESULTS.md")
RAW = RESULTS.with_suffix(".json")
"""Every section's figures as last rendered (tracked, unlike the old last_run.json), so a fresh
clone can carry sections over and re-render RESULTS.md (--render) without re-running."""
LEGACY_RAW = Path(__file__).with_name("last_run.json")


def _runners() -> dict[str, tuple[str, Runner]]:
    from bench import (
        bulk_load,
        cold_start,
        economy,
        large_queues,
        render_bench,
        shared_budget,
        startup,
        team_bench,
        terminal_bench,
    )

    return {
        "1": ("Startup", startup.run),
        "2": ("Large queues", large_queues.run),
        "3": ("API economy", economy.run),
        "4": ("Bulk load", bulk_load.run),
        "5": ("Shared budget", shared_budget.run),
        "7": ("Cold start", cold_start.run),
        "8": ("Terminal", terminal_bench.run),
        "9": ("Team mode", team_bench.run),
        "10": ("Rendering", render_bench.run),
    }


def soak_runner(minutes: float) -> Runner:
    def run(quick: bool) -> tuple[list[Figure], dict[str, Any]]:
        from bench import soak

        result = soak.run(minutes)
        return soak.as_figures(result), result

    return run


def _previous(out: Path) -> dict[str, Any] | None:
    """The sections of the last full run: RAW, else the Markdown at `out` read back.

    The gitignored last_run.json of older checkouts is read when RAW does not exist yet.
    """
    for path in (RAW, LEGACY_RAW):
        try:
            saved: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return saved
    try:
        text = out.read_text(encoding="utf-8")
    except OSError:
        return None
    parsed = parse_results(text)
    return parsed if parsed["figures"] else None


def carry_over(
    figures: list[Figure],
    details: dict[str, Any],
    durations: dict[str, float],
    previous: dict[str, Any] | None,
) -> tuple[list[Figure], dict[str, Any], dict[str, float]]:
    """This run's sections plus the sections of the last full run that were not run now.

    So `--soak` alone does not wipe sections 1-5, and a plain run does not wipe the soak.
    """
    if previous is None or previous.get("quick"):
        return figures, details, durations
    ran = {key.split(".", 1)[0] for key in details}
    kept = [Figure(**f) for f in previous.get("figures", [])]
    kept = [f for f in kept if f.section.split(".", 1)[0] not in ran]
    merged = sorted([*figures, *kept], key=lambda f: int(f.section.split(".", 1)[0] or 0))
    old_details = {
        k: v for k, v in (previous.get("details") or {}).items() if k.split(".", 1)[0] not in ran
    }
    old_durations = {
        k: float(v) for k, v in (previous.get("durations") or {}).items() if k not in ran
    }
    all_details = dict(sorted({**old_details, **details}.items(), key=lambda kv: _order(kv[0])))
    all_durations = dict(
        sorted({**old_durations, **durations}.items(), key=lambda kv: _order(kv[0]))
    )
    return merged, all_details, all_durations


def _order(key: str) -> int:
    head = key.split(".", 1)[0]
    return int(head) if head.isdigit() else 99


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
    parser.add_argument(
        "--soak",
        type=float,
        default=None,
        metavar="MINUTES",
        help="run the soak (section 6) for MINUTES; alone unless --only is given too",
    )
    ns = parser.parse_args(argv)
    if ns.render:
        saved = _previous(ns.out)
        if saved is None:
            print(f"nothing to render: no {RAW} and no figures in {ns.out}")
            return 1
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
    chosen = ns.only if ns.only is not None else ([] if ns.soak is not None else list(runners))
    if ns.soak is not None:
        runners[SOAK_KEY] = (SOAK_NAME, soak_runner(ns.soak))
        chosen = [*chosen, SOAK_KEY]
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
        if not ns.quick:
            figures, details, durations = carry_over(figures, details, durations, _previous(ns.out))
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
        if not ns.quick:  # a smoke run's figures are never carried over: keep the full run's
            RAW.write_text(json.dumps(saved, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"wrote {ns.out}")
    else:
        print(json.dumps({k: round(v, 1) for k, v in durations.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
