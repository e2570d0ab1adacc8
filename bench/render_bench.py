"""Rendering hostile bodies: what the text layer costs before a widget lays the text out.

Issue 17, item 6: a body of 10,000 hostile `<p>` paragraphs must be ready to show in <= 0.5 s.
"Ready" is what `fstui.text` hands the conversation view: `html_to_document`, `Document.render`
(quotes folded) and the Rich `Text` built by `literal`. The layout of that text at 100 columns
(Rich's wrap, which a Static widget also does) is reported next to it, as is the same pipeline
for a benign body of the same shape: the baseline, measured in the same run, so the figure says
what the hostility costs rather than what this machine is like today.

Each figure is the median of several runs, each with the document cache cleared (a ticket
opened for the first time). `python -m bench.render_bench [--quick]` runs this section alone.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console

from bench.figures import Figure, format_table
from fstui.text import html_to_document, literal
from fstui.text.hostile import EVERYTHING, hostile_paragraphs, hostile_pre_lines, leaks
from fstui.text.html_to_document import clear_document_cache

SECTION = "10. Rendering"
GOAL_SECONDS = 0.5
WIDTH = 100


def _benign_paragraphs(count: int) -> str:
    """The hostile body's shape (same count, similar length) with nothing hostile in it."""
    width = max(len(entry.payload) for entry in EVERYTHING) // 2
    filler = "plain words " * (width // 12 + 1)
    return "".join(f"<p>Paragraph {i}: {filler} and some ordinary words.</p>" for i in range(count))


def _benign_pre(count: int) -> str:
    return "<pre>" + "\n".join(f"line {i} plain words here" for i in range(count)) + "</pre>"


def _mail_like_body(size: int) -> str:
    chunk = (
        '<div class="x"><p style="margin:0;font-family:Calibri">Hello&nbsp;team, the <b>VPN</b> '
        'drops every <i>10 minutes</i>. See <a href="https://kb.example/vpn?id=1">KB</a>.</p>'
        "<ul><li>Windows 11</li><li>Client 5.2</li></ul><br><table><tr><td>a</td><td>b</td>"
        "</tr></table><blockquote>previous &gt; text</blockquote></div>\n"
    )
    return (chunk * (size // len(chunk) + 1))[:size]


def _median(run: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        clear_document_cache()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ready(html: str) -> Any:
    """What the conversation view gets: the folded text as an inert Rich Text."""
    document = html_to_document(html)
    return literal(document.render(show_quotes=False))


def _laid_out(html: str) -> int:
    """Ready, then wrapped at WIDTH columns as a Static widget would."""
    console = Console(file=io.StringIO(), width=WIDTH, color_system=None)
    lines = console.render_lines(_ready(html), console.options.update_width(WIDTH), pad=False)
    return len(lines)


def measure(quick: bool) -> dict[str, Any]:
    count = 1_000 if quick else 10_000
    repeats = 3 if quick else 5
    bodies = {
        "p": (hostile_paragraphs(count), _benign_paragraphs(count)),
        "pre": (hostile_pre_lines(count), _benign_pre(count)),
    }
    size = 100_000 if quick else 1_000_000
    results: dict[str, Any] = {"paragraphs": count, "repeats": repeats, "width": WIDTH}
    for key, (hostile, benign) in bodies.items():
        shown = _ready(hostile).plain
        results[key] = {
            "hostile_bytes": len(hostile),
            "benign_bytes": len(benign),
            "ready_s": _median(lambda h=hostile: _ready(h), repeats),
            "ready_benign_s": _median(lambda b=benign: _ready(b), repeats),
            "layout_s": _median(lambda h=hostile: _laid_out(h), repeats),
            "layout_benign_s": _median(lambda b=benign: _laid_out(b), repeats),
            "leaks": leaks(shown),
        }
    mail = _mail_like_body(size)
    results["mail"] = {
        "bytes": size,
        "ready_s": _median(lambda: _ready(mail), repeats),
        "layout_s": _median(lambda: _laid_out(mail), repeats),
    }
    # Folding quotes again reuses the parsed document (the cache); this is that second call.
    html = bodies["p"][0]
    _ready(html)
    started = time.perf_counter()
    literal(html_to_document(html).render(show_quotes=True))
    results["toggle_quotes_s"] = time.perf_counter() - started
    return results


def as_figures(results: dict[str, Any], quick: bool) -> list[Figure]:
    count = results["paragraphs"]
    p, pre, mail = results["p"], results["pre"], results["mail"]
    goal_applies = not quick
    figures = [
        Figure(
            SECTION,
            f"{count:,} hostile <p>: ready to show",
            p["ready_s"],
            p["ready_benign_s"],
            "s",
            "same body, benign",
            goal=f"<= {GOAL_SECONDS:g} s" if goal_applies else "",
            met=(p["ready_s"] <= GOAL_SECONDS and not p["leaks"]) if goal_applies else None,
            note="leaks: " + ", ".join(p["leaks"]) if p["leaks"] else "no escape in the output",
        ),
        Figure(
            SECTION,
            f"{count:,} hostile <p>: + layout at {WIDTH} cols",
            p["layout_s"],
            p["layout_benign_s"],
            "s",
            "same body, benign",
        ),
        Figure(
            SECTION,
            f"{count:,} hostile <pre> lines: ready to show",
            pre["ready_s"],
            pre["ready_benign_s"],
            "s",
            "same body, benign",
            note="leaks: " + ", ".join(pre["leaks"]) if pre["leaks"] else "",
        ),
        Figure(
            SECTION,
            f"{count:,} hostile <pre> lines: + layout",
            pre["layout_s"],
            pre["layout_benign_s"],
            "s",
            "same body, benign",
        ),
        Figure(SECTION, f"{mail['bytes']:,} B mail body: ready", mail["ready_s"], None, "s", ""),
        Figure(
            SECTION, f"{mail['bytes']:,} B mail body: + layout", mail["layout_s"], None, "s", ""
        ),
        Figure(
            SECTION,
            "toggle quotes on the hostile body (parsed once)",
            results["toggle_quotes_s"],
            p["ready_s"],
            "s",
            "first open",
        ),
    ]
    return figures


def run(quick: bool) -> tuple[list[Figure], dict[str, Any]]:
    results = measure(quick)
    return as_figures(results, quick), results


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    figures, _ = run(quick)
    print(format_table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
