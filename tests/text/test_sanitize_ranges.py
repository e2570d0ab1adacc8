"""Both edges of every range `sanitize` strips, and the neighbours it must leave alone.

Checking one character per range let mutants survive that shrank a range (U+202A-U+202D,
U+180E, U+FFFF passed through) or widened it (U+2010 hyphen, U+202F narrow no-break space,
U+205F medium mathematical space were eaten). Each case below is one code point between two
visible letters, so a wrong answer shows up as a changed string.
"""

from __future__ import annotations

import pytest

from fstui.text import one_line, sanitize
from fstui.text.sanitize import cap_lines

# (first, last) of each run of code points that vanish.
STRIPPED_RANGES = [
    (0x00, 0x08),  # C0 before tab
    (0x0E, 0x1F),  # C0 after the line breaks
    (0x7F, 0x84),  # DEL and C1 up to NEL
    (0x86, 0x9F),  # C1 after NEL
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space .. RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner .. nominal digit shapes
    (0xFEFF, 0xFEFF),  # byte order mark
    (0xFFF9, 0xFFFB),  # interlinear annotation
    (0xE0000, 0xE007F),  # tag characters
]

# Code points right outside those ranges: visible, must stay.
KEPT_NEIGHBOURS = [
    0x20, 0x7E, 0xA0, 0xAC, 0xAE, 0x061B, 0x061D, 0x180D, 0x180F, 0x200A, 0x2010, 0x2027,
    0x202F, 0x205F, 0x2070, 0xFEFE, 0xFF00, 0xFFF8, 0xFFFC, 0xFFFD, 0xDFFFF, 0xE0080,
    0xD7FF, 0xE000,
]  # fmt: skip

# Line breaks other than \n: newlines when kept, else spaces.
LINE_BREAKS = [0x0B, 0x0C, 0x85, 0x2028, 0x2029]

# Cannot be encoded or must not be sent: shown as U+FFFD.
REPLACED = [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF]


def _edges() -> list[int]:
    points: set[int] = set()
    for first, last in STRIPPED_RANGES:
        points.update({first, last, (first + last) // 2})
    return sorted(points)


@pytest.mark.parametrize("code", _edges(), ids=lambda c: f"U+{c:04X}")
def test_range_edges_are_stripped(code: int) -> None:
    assert sanitize(f"a{chr(code)}b") == "ab"
    assert sanitize(f"a{chr(code)}b", keep_newlines=True) == "ab"
    assert one_line(f"a{chr(code)}b") == "ab"


@pytest.mark.parametrize("code", KEPT_NEIGHBOURS, ids=lambda c: f"U+{c:04X}")
def test_neighbours_of_the_ranges_are_kept(code: int) -> None:
    text = f"a{chr(code)}b"
    assert sanitize(text) == text  # clean text takes the fast path
    assert sanitize(text + "\x00") == text  # and the full path keeps it too
    assert sanitize(text + "\x1b[0m", keep_newlines=True) == text


@pytest.mark.parametrize("code", LINE_BREAKS, ids=lambda c: f"U+{c:04X}")
def test_other_line_breaks_become_newlines_or_spaces(code: int) -> None:
    assert sanitize(f"a{chr(code)}b", keep_newlines=True) == "a\nb"
    assert sanitize(f"a{chr(code)}b") == "a b"


def test_tab_and_newline_themselves() -> None:
    assert sanitize("a\tb") == "a   b"
    assert sanitize("a\nb", keep_newlines=True) == "a\nb"
    assert sanitize("a\nb") == "a b"
    assert sanitize("a\rb") == "ab"


@pytest.mark.parametrize("code", REPLACED, ids=lambda c: f"U+{c:04X}")
def test_unencodable_code_points_become_the_replacement_character(code: int) -> None:
    assert sanitize(f"a{chr(code)}b") == "a\ufffdb"


@pytest.mark.parametrize(
    "mark",
    [
        "\u0300",
        "\u036f",
        "\u1ab0",
        "\u1aff",
        "\u1dc0",
        "\u1dff",
        "\u20d0",
        "\u20ff",
        "\ufe20",
        "\ufe2f",
    ],
)
def test_combining_runs_are_capped_at_four_at_both_edges_of_each_block(mark: str) -> None:
    assert sanitize("e" + mark * 4 + "x") == "e" + mark * 4 + "x"  # four: untouched
    assert sanitize("e" + mark * 5 + "x") == "e" + mark * 4 + "x"
    assert sanitize("e" + mark * 50 + "x") == "e" + mark * 4 + "x"


def test_marks_outside_the_combining_blocks_are_not_capped() -> None:
    # U+02FF and U+0370 are the neighbours of the first block: letters, not marks.
    for code in (0x02FF, 0x0370, 0x1AAF, 0x1B00, 0x1DBF, 0x20CF, 0xFE1F, 0xFE30):
        text = "e" + chr(code) * 6
        assert sanitize(text) == text, f"U+{code:04X}"


def test_the_fast_path_and_the_slow_path_agree_on_clean_text() -> None:
    # Clean text skips all work; text with one suspect character takes the full path.
    clean = "Grüße \u2010 \u202f \u205f ok"
    assert sanitize(clean) == clean
    assert sanitize(clean + "\x00") == clean


# ---- line caps: both sides of every bound ------------------------------------------------------


def test_default_line_cap_is_two_thousand_characters() -> None:
    assert sanitize("x" * 2000) == "x" * 2000
    cut = sanitize("x" * 2001)
    assert len(cut) == 2000 and cut == "x" * 1999 + "\u2026"


def test_cap_lines_keeps_lines_at_the_cap_and_cuts_one_over() -> None:
    assert cap_lines("abc", 3, wrap=False) == "abc"
    assert cap_lines("abcd", 3, wrap=False) == "ab\u2026"
    assert cap_lines("abc\nabc", 3, wrap=False) == "abc\nabc"  # longer in total, no line over
    assert cap_lines("ab\nabcd\nc", 3, wrap=False) == "ab\nab\u2026\nc"  # short lines kept
    assert cap_lines("abc\nabcd", 3, wrap=False) == "abc\nab\u2026"  # a line at the cap is kept
    assert cap_lines("ab\nabcd\nc", 3, wrap=True) == "ab\nabc\nd\nc"
    assert cap_lines("abcd", None, wrap=False) == "abcd"


def test_cap_lines_accepts_one_and_refuses_zero() -> None:
    assert cap_lines("abc", 1, wrap=False) == "\u2026"
    with pytest.raises(ValueError):
        cap_lines("abc", 0, wrap=False)
    with pytest.raises(ValueError):
        sanitize("abc", max_line=0)


def test_hard_wrap_cuts_exactly_at_the_width_without_an_empty_tail() -> None:
    assert cap_lines("x" * 8, 4, wrap=True) == "xxxx\nxxxx"
    assert cap_lines("x" * 9, 4, wrap=True) == "xxxx\nxxxx\nx"
    assert cap_lines(" a", 1, wrap=True) == " \na"


def test_wrap_prefers_a_space_in_the_last_quarter_of_the_width() -> None:
    # Width 8: a space at index 6..8 is used; one at index 5 is too early, so the cut is hard.
    assert cap_lines("aaaaaaaa bbbb", 8, wrap=True) == "aaaaaaaa\nbbbb"  # space at 8
    assert cap_lines("aaaaaaa bbbbb", 8, wrap=True) == "aaaaaaa\nbbbbb"  # at 7
    assert cap_lines("aaaaaa bbbbbb", 8, wrap=True) == "aaaaaa\nbbbbbb"  # at 6
    assert cap_lines("aaaaa bbbbbbb", 8, wrap=True) == "aaaaa bb\nbbbbb"  # at 5: hard cut
    assert cap_lines("aaaaaaaaa bbb", 8, wrap=True) == "aaaaaaaa\na bbb"  # at 9: hard cut


# ---- one_line: its bounds and its prefix shortcut ----------------------------------------------


def test_one_line_default_is_five_hundred_characters() -> None:
    assert one_line("x" * 500) == "x" * 500
    cut = one_line("x" * 501)
    assert len(cut) == 500 and cut.endswith("\u2026") and cut.startswith("x" * 499)


def test_one_line_accepts_one_and_refuses_zero() -> None:
    assert one_line("abc", 1) == "\u2026"
    assert one_line("a", 1) == "a"
    with pytest.raises(ValueError):
        one_line("abc", 0)


def test_one_line_cut_drops_the_space_before_the_ellipsis() -> None:
    assert one_line("abcd efgh", 6) == "abcd\u2026"


def test_prefix_that_collapses_to_exactly_the_width_still_shows_that_more_follows() -> None:
    # The first 4 x 10 + 1024 characters hold exactly ten visible ones; the rest must not be
    # dropped silently: the cell ends with an ellipsis.
    raw = "\x00" * 1054 + "y" * 10 + "z" * 50
    assert one_line(raw, 10) == "y" * 9 + "\u2026"


def test_a_string_sequence_cut_by_the_prefix_leaves_no_payload_visible() -> None:
    # The OSC starts inside the prefix one_line looks at and ends after it: its title must
    # not become visible words because only the introducer fell inside the prefix.
    raw = "ab " + "\x00" * 1050 + "\x1b]0;HX-TITLE-PAYLOAD-LONG\x07 real words here"
    assert one_line(raw, 10) == "ab real w\u2026"
    raw_c1 = "ab " + "\x00" * 1050 + "\x9d0;HX-TITLE-PAYLOAD-LONG\x9c real words here"
    assert one_line(raw_c1, 10) == "ab real w\u2026"


def test_an_unterminated_osc_ending_exactly_at_the_prefix_keeps_its_text() -> None:
    # Exactly 4 x 10 + 1024 characters: the prefix is the whole string, so nothing was cut and
    # the unterminated OSC is treated as everywhere else (its ESC goes, its text stays).
    raw = "ab " + "\x00" * 1051 + "\x1b]0;HXTAIL"
    assert len(raw) == 4 * 10 + 1024
    assert one_line(raw, 10) == "ab 0;HXTA\u2026"
