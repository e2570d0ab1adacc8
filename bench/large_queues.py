"""Large queues: FastTable (fstui's queue view) vs Textual's stock DataTable, via table_bench."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench import table_bench
from bench.figures import Figure

GOALS_10K = {"first_paint_ms": 150.0, "cursor_ms": 16.0, "filter_ms": 50.0}
RSS_GOAL_100K = 300.0
LABELS = {
    "first_paint_ms": ("first paint", "ms"),
    "cursor_ms": ("cursor move", "ms"),
    "filter_ms": ("filter keystroke (mean)", "ms"),
    "peak_rss_mb": ("peak RSS", "MB"),
}


def figures_from(results: Sequence[dict[str, Any]]) -> list[Figure]:
    by_case = {(r["widget"], r["rows"]): r for r in results}
    figures: list[Figure] = []
    for size in sorted({r["rows"] for r in results}):
        ours = by_case.get(("FastTable", size), {})
        stock = by_case.get(("DataTable", size), {})
        for metric, (label, unit) in LABELS.items():
            goal, met = "", None
            value = ours.get(metric)
            if size == 10_000 and metric in GOALS_10K:
                goal = f"<= {GOALS_10K[metric]:g} {unit}"
                met = value is not None and value <= GOALS_10K[metric]
            if size == 100_000 and metric == "peak_rss_mb":
                goal = f"<= {RSS_GOAL_100K:g} MB"
                met = value is not None and value <= RSS_GOAL_100K
            notes = "; ".join(n for n in (ours.get("note"), stock.get("note")) if n)
            figures.append(
                Figure(
                    "2. Large queues",
                    f"{size:,} rows: {label}",
                    value,
                    stock.get(metric),
                    unit,
                    "DataTable",
                    goal,
                    met,
                    note=notes,
                )
            )
    return figures


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    sizes = (1000,) if quick else table_bench.SIZES
    results = table_bench.run(sizes)
    return figures_from(results), {"cases": results}
