"""One measured figure next to its baseline, and the two ways they are shown (table, Markdown).

Every benchmark returns `Figure`s so the runner can print and record them the same way; the
ratio is always ours / baseline, so below 1 means fstui is cheaper or faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    section: str
    name: str
    value: float | None
    baseline: float | None
    unit: str
    baseline_label: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _ratio(figure: Figure) -> str:
    ratio = figure.ratio
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.2g}x"


def _verdict(figure: Figure) -> str:
    if figure.met is None:
        return ""
    return "met" if figure.met else "MISSED"


def format_table(figures: Sequence[Figure]) -> str:
    rows = [("section", "figure", "fstui", "baseline", "ratio", "goal", "")]
    for f in figures:
        rows.append(
            (
                f.section,
                f.name,
                f"{_num(f.value)} {f.unit}".strip(),
                f"{_num(f.baseline)} ({f.baseline_label})"
                if f.baseline_label
                else _num(f.baseline),
                _ratio(f),
                f.goal,
                _verdict(f),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(figures: Sequence[Figure]) -> str:
    lines = [
        "| figure | fstui | baseline | ratio | goal | verdict | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for f in figures:
        baseline = f"{_num(f.baseline)} ({f.baseline_label})" if f.baseline_label else "-"
        cells = (
            f.name,
            f"{_num(f.value)} {f.unit}".strip(),
            baseline,
            _ratio(f),
            f.goal,
            _verdict(f),
            f.note,
        )
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)
