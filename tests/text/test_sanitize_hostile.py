"""Hostile strings must reach the terminal inert: no escapes, no controls, no markup effects."""

from __future__ import annotations

import pytest
from rich.console import Console

from fstui.text import literal, one_line, sanitize

from .harness import no_controls

HOSTILE = {
    "ansi colour": ("a\x1b[31;1mred\x1b[0mb", "aredb"),
    "osc 52 clipboard (BEL)": ("x\x1b]52;c;cm0gLXJmIH4=\x07y", "xy"),
    "osc 0 title (BEL)": ("x\x1b]0;pwned\x07y", "xy"),
    "osc 2 title (ST)": ("x\x1b]2;pwned\x1b\\y", "xy"),
    "osc 8-bit (C1 ST)": ("x\x9d0;pwned\x9cy", "xy"),
    "dcs": ("x\x1bP1$r0m\x1b\\y", "xy"),
    "apc": ("x\x1b_Gf=100;AAAA\x1b\\y", "xy"),
    "c1 csi": ("x\x9b31my", "xy"),
    "cursor movement": ("ok\x1b[2J\x1b[H\x1b[1Afake", "okfake"),
    "charset switch": ("a\x1b(0b", "ab"),
    "reset": ("a\x1bcb", "ab"),
    "bidi override": ("invoice\u202egnp.exe", "invoicegnp.exe"),
    "bidi isolate": ("a\u2066b\u2069c", "abc"),
    "zero width": ("pay\u200bpal\u200d\ufeff\u2060", "paypal"),
    "nul and bell": ("a\x00b\x07c\x7f", "abc"),
    "carriage return": ("safe\rEVIL", "safeEVIL"),
    "tag characters": ("hi\U000e0041\U000e0042", "hi"),
}


@pytest.mark.parametrize("raw, shown", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_sequences_are_removed_whole(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown
    assert literal(raw).plain == shown
    assert no_controls(one_line(raw), allow_newline=False)


def test_unterminated_osc_leaves_no_escape_but_keeps_following_text() -> None:
    out = sanitize("before\x1b]52;c;AAAA and the rest of the message")
    assert "\x1b" not in out
    assert out.startswith("before")
    assert out.endswith("the rest of the message")


def test_osc_abandoned_by_new_escape_is_removed() -> None:
    assert sanitize("a\x1b]0;title\x1b[31mb") == "ab"


def test_tabs_become_spaces_and_newlines_follow_keep_newlines() -> None:
    assert sanitize("a\tb") == "a   b"
    assert sanitize("one\r\ntwo") == "one two"
    assert sanitize("one\r\ntwo", keep_newlines=True) == "one\ntwo"
    assert sanitize("one\u2028two\x0bthree", keep_newlines=True) == "one\ntwo\nthree"


def test_lone_surrogates_become_replacement_characters() -> None:
    out = sanitize("a\ud800b")
    assert out == "a\ufffdb"
    out.encode("utf-8")  # a terminal write would raise on a lone surrogate


def test_combining_mark_stacks_are_capped() -> None:
    zalgo = "Z" + "\u0301" * 200 + "ok"
    assert sanitize(zalgo) == "Z" + "\u0301" * 4 + "ok"
    assert sanitize("e\u0301") == "e\u0301"  # ordinary accents untouched


def test_ordinary_unicode_is_untouched() -> None:
    text = "Grüße, 你好, مرحبا, emoji 👍🏽, NBSP\xa0ok"
    assert sanitize(text) == text


@pytest.mark.parametrize(
    "markup",
    [
        "[bold]x[/]",
        "[@click=app.quit]x[/]",
        "[link=file:///etc/passwd]x[/]",
        "[red on white blink]x[/]",
        ":warning: [b]",
    ],
)
def test_literal_never_parses_markup(markup: str) -> None:
    text = literal(markup)
    assert text.plain == markup
    assert text.spans == []
    assert str(text.style) == ""
    console = Console(width=80, color_system=None, force_terminal=True)
    for segment in console.render(text):
        style = segment.style
        assert style is None or (not style.link and not style.meta and not style.bold)


def test_literal_applies_only_the_callers_style() -> None:
    text = literal("[bold]x[/]\x1b[31m", "bold red")
    assert text.plain == "[bold]x[/]"
    assert str(text.style) == "bold red"
    assert text.spans == []


def test_literal_of_none_is_empty() -> None:
    assert literal(None).plain == ""
    assert sanitize(None) == ""
    assert one_line(None) == ""


def test_one_line_collapses_whitespace_and_truncates_with_ellipsis() -> None:
    assert one_line("  Printer\n\n  on  fire\t!  ") == "Printer on fire !"
    long = "word " * 300
    out = one_line(long, 50)
    assert len(out) <= 50
    assert out.endswith("\u2026")
    assert one_line("short", 50) == "short"


def test_one_line_of_huge_hostile_prefix_still_shows_the_text() -> None:
    # Megabytes of escape sequences before the real text must not leave the cell empty.
    raw = "\x1b[0m" * 200_000 + "real subject"
    assert one_line(raw, 40) == "real subject"


def test_long_lines_are_capped() -> None:
    line = "x" * 10_000
    single = sanitize(line, max_line=100)
    assert len(single) == 100 and single.endswith("\u2026")
    wrapped = sanitize(line, keep_newlines=True, max_line=100)
    assert wrapped.replace("\n", "") == line
    assert max(len(part) for part in wrapped.split("\n")) == 100


def test_long_prose_wraps_at_spaces() -> None:
    prose = " ".join(["word"] * 3000)
    wrapped = sanitize(prose, keep_newlines=True, max_line=120)
    lines = wrapped.split("\n")
    assert all(len(line) <= 120 for line in lines)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in lines)
    assert " ".join(lines) == prose


def test_default_cap_keeps_ten_thousand_char_lines_usable() -> None:
    out = sanitize("y" * 10_000, keep_newlines=True)
    assert out.replace("\n", "") == "y" * 10_000
    assert max(len(part) for part in out.split("\n")) <= 2000
