"""A corpus of hostile strings and a scanner that says whether any of them got through.

Used by the tests (plant every entry in every field, render, scan the output) and by the render
benchmark (a hostile 10,000-paragraph body). Each entry carries a unique "HX-..." marker:

- for string sequences (OSC, DCS, APC, PM, SOS) the marker sits *inside* the sequence: it must
  vanish with it;
- for CSI, other escapes, C0/C1 controls and invisible characters the marker follows the
  control: it must stay visible while the control goes, so `leaks` can tell "the sequence
  reached the terminal" apart from "the text around it was shown", which is what should happen;
- for markup the whole payload must show literally.

Nothing here imports Textual; the corpus is plain strings.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


@dataclass(frozen=True)
class Hostile:
    """One attack: what is planted, what must never reach the output, what must stay visible."""

    name: str
    payload: str
    # Substrings that must not appear in any output: the sequence with its marker, and for
    # string sequences (OSC, DCS, APC ...) the hidden payload itself, which has no business on
    # screen even without its introducer.
    forbidden: tuple[str, ...] = ()
    # Substrings a widget showing the planted text must still show (escapes removed around
    # them, markup shown literally).
    visible: tuple[str, ...] = ()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _string_sequence(name: str, introducer: str, body: str, terminator: str) -> Hostile:
    """OSC/DCS/APC/PM/SOS: removed whole, payload included."""
    sequence = f"{introducer}{body}{terminator}"
    return Hostile(name, f"before{sequence}after", (sequence, body), ("beforeafter",))


def _control(name: str, control: str, marker: str) -> Hostile:
    """A CSI, escape, C0/C1 or invisible character right before a visible marker."""
    return Hostile(name, f"before{control}{marker}after", (control + marker,), (f"before{marker}",))


CORPUS: tuple[Hostile, ...] = (
    _string_sequence("osc52 clipboard (BEL)", f"{ESC}]", f"52;c;{_b64('HX52 rm -rf ~')}", BEL),
    _string_sequence("osc52 clipboard (ST)", f"{ESC}]", f"52;c;{_b64('HX52 curl x|sh')}", ST),
    _string_sequence("osc0 title", f"{ESC}]", "0;HX-OSC0-title", BEL),
    _string_sequence("osc2 title (ST)", f"{ESC}]", "2;HX-OSC2-title", ST),
    _string_sequence("osc8 hyperlink", f"{ESC}]", "8;;https://evil.example/HX-OSC8", ST),
    _string_sequence("osc 8-bit (C1)", "\x9d", "2;HX-OSC-C1", "\x9c"),
    _string_sequence("dcs", f"{ESC}P", "1$rHX-DCS", ST),
    _string_sequence("dcs 8-bit (C1)", "\x90", "qHX-DCS-C1", "\x9c"),
    _string_sequence("apc (kitty graphics)", f"{ESC}_", "Gf=100;HX-APC", ST),
    _string_sequence("pm", f"{ESC}^", "HX-PM", ST),
    _string_sequence("sos", f"{ESC}X", "HX-SOS", ST),
    _control("c1 csi", "\x9b31m", "HX-C1CSI"),
    _control("sgr colour", f"{ESC}[31;1m", "HX-SGR"),
    _control("alternate screen off", f"{ESC}[?1049l", "HX-1049"),
    _control("mouse reporting off", f"{ESC}[?1000l", "HX-1000"),
    _control("full reset", f"{ESC}c", "HX-RIS"),
    _control("dec alignment test", f"{ESC}#8", "HX-DECALN"),
    _control("erase display", f"{ESC}[2J", "HX-2J"),
    _control("cursor up", f"{ESC}[1A", "HX-CUU"),
    _control("device status report", f"{ESC}[6n", "HX-6N"),
    _control("charset switch", f"{ESC}(0", "HX-G0"),
    _control("bell", BEL, "HX-BEL"),
    _control("backspace overwrite", "\x08\x08\x08", "HX-BS"),
    _control("carriage return overwrite", "\r", "HX-CR"),
    _control("nul", "\x00", "HX-NUL"),
    _control("del", "\x7f", "HX-DEL"),
    _control("bidi override (RLO)", "\u202e", "HX-RLO"),
    _control("bidi embedding (LRE)", "\u202a", "HX-LRE"),
    _control("bidi isolate (RLI)", "\u2067", "HX-RLI"),
    _control("arabic letter mark", "\u061c", "HX-ALM"),
    _control("zero width space", "\u200b", "HX-ZWSP"),
    _control("zero width joiner (not emoji)", "\u200d", "HX-ZWJ"),
    _control("byte order mark", "\ufeff", "HX-BOM"),
    _control("word joiner", "\u2060", "HX-WJ"),
    _control("tag characters", "\U000e0048\U000e0058", "HX-TAG"),
)
"""Every control attack that ends where its payload ends, by name."""

UNTERMINATED_OSC = Hostile(
    "unterminated osc", f"before{ESC}]0;HX-UNTERMINATED", (f"{ESC}]0;HX-UNTERMINATED",), ("before",)
)
"""An OSC never closed: the escape goes, its (then harmless) text stays; planted alone, because
it swallows whatever follows up to the next escape."""

TRUNCATED_CSI = Hostile("truncated csi", f"HX-TRUNCATED{ESC}[", (), ("HX-TRUNCATED",))
"""A CSI cut off at the end of a field; planted last, because it takes the next character as
its final byte."""

OPEN_ENDED: tuple[Hostile, ...] = (UNTERMINATED_OSC, TRUNCATED_CSI)

MARKUP: tuple[Hostile, ...] = tuple(
    Hostile(name, payload, (), (payload,))
    for name, payload in (
        ("rich markup", "[bold red]HX-MARKUP[/]"),
        ("click action", "[@click=app.quit]HX-CLICK[/]"),
        ("link markup", "[link=file:///etc/passwd]HX-LINK[/]"),
        ("textual variable", "[$accent]HX-VAR[/]"),
        ("uppercase tag", "[B]HX-UPPER[/B]"),
        ("spaced tag", "[ reverse ]HX-SPACED"),
        ("escaped bracket", "\\[b]HX-BACKSLASH[/b]"),
        ("emoji code", ":warning: HX-EMOJI"),
    )
)
"""Markup: harmless as bytes, but a parsing widget would style, link or run an action."""

EVERYTHING: tuple[Hostile, ...] = CORPUS + MARKUP + OPEN_ENDED

ALL_IN_ONE = " ".join(entry.payload for entry in (*CORPUS, *MARKUP, TRUNCATED_CSI))
"""The corpus as one string (all but the unterminated OSC, which would swallow the rest): what
a field gets when there is only one field to plant in. `missing(shown, IN_ALL_IN_ONE)` checks
what must stay visible."""

IN_ALL_IN_ONE: tuple[Hostile, ...] = (*CORPUS, *MARKUP, TRUNCATED_CSI)


def leaks(output: str) -> list[str]:
    """Names of the entries whose forbidden bytes appear in `output` (empty: all inert).

    `output` is what reached the terminal (a recorded pane, a driver's writes) or a widget's
    text. Sequences are matched with their marker, so the application's own escapes (which
    never carry one) are not mistaken for leaks.
    """
    return [entry.name for entry in EVERYTHING if any(piece in output for piece in entry.forbidden)]


def missing(shown: str, entries: tuple[Hostile, ...] = EVERYTHING) -> list[str]:
    """Names of the entries whose visible text is not in `shown` (over-stripping, or markup
    that was parsed instead of shown)."""
    return [entry.name for entry in entries if not all(part in shown for part in entry.visible)]


def hostile_paragraphs(count: int) -> str:
    """An HTML body of `count` paragraphs, each carrying a rotating slice of the corpus."""
    parts = []
    for index in range(count):
        entry = EVERYTHING[index % len(EVERYTHING)]
        parts.append(f"<p>Paragraph {index}: {entry.payload} and some ordinary words.</p>")
    return "".join(parts)


def hostile_pre_lines(count: int) -> str:
    """A `<pre>` body of `count` lines, each carrying a rotating slice of the corpus."""
    lines = [f"line {i} {EVERYTHING[i % len(EVERYTHING)].payload}" for i in range(count)]
    return "<pre>" + "\n".join(lines) + "</pre>"
