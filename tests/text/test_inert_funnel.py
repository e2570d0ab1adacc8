"""The funnel (fstui.text.inert): every hostile entry comes out inert through every sink shape.

The corpus (fstui/text/hostile.py) carries a marker in or after each attack, so a test can tell a
leaked control (its bytes with the marker) from the text around it, which must stay readable.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.content import Content

from fstui.text import (
    Inert,
    InertMarkup,
    escape_markup,
    inert,
    inert_line,
    inert_markup,
    is_inert,
    safe_input_value,
    safe_notification,
    safe_textarea_value,
    sanitize,
)
from fstui.text.hostile import (
    ALL_IN_ONE,
    CORPUS,
    EVERYTHING,
    IN_ALL_IN_ONE,
    MARKUP,
    Hostile,
    hostile_paragraphs,
    leaks,
    missing,
)

Sink = Callable[[str | None], Inert]
PLAIN_SINKS: dict[str, Sink] = {
    "inert": inert,
    "inert_line": lambda s: inert_line(s, 100_000),
    "safe_input_value": safe_input_value,
    "safe_textarea_value": safe_textarea_value,
    "safe_notification": lambda s: safe_notification(s, 100_000),
}


def test_the_corpus_is_hostile_before_the_funnel() -> None:
    # The scanner must see every control attack in the raw text, or a clean scan proves nothing.
    assert set(leaks(ALL_IN_ONE)) == {entry.name for entry in CORPUS}
    for entry in EVERYTHING:
        if entry.forbidden:
            assert leaks(entry.payload) == [entry.name]


@pytest.mark.parametrize("sink", PLAIN_SINKS.values(), ids=PLAIN_SINKS.keys())
@pytest.mark.parametrize("entry", EVERYTHING, ids=[entry.name for entry in EVERYTHING])
def test_every_entry_is_inert_and_still_readable_through_every_sink(
    sink: Sink, entry: Hostile
) -> None:
    shown = sink(entry.payload)
    assert isinstance(shown, Inert)
    assert leaks(shown) == []
    assert missing(shown, (entry,)) == []
    assert is_inert(shown)


@pytest.mark.parametrize("sink", PLAIN_SINKS.values(), ids=PLAIN_SINKS.keys())
def test_the_whole_corpus_at_once(sink: Sink) -> None:
    shown = sink(ALL_IN_ONE)
    assert leaks(shown) == []
    if sink is not PLAIN_SINKS["safe_notification"]:  # a toast keeps six lines of it
        assert missing(shown, IN_ALL_IN_ONE) == []


@pytest.mark.parametrize("entry", EVERYTHING, ids=[entry.name for entry in EVERYTHING])
def test_markup_sinks_show_every_entry_literally_under_textuals_parser(entry: Hostile) -> None:
    escaped = inert_markup(entry.payload)
    assert isinstance(escaped, InertMarkup)
    content = Content.from_markup(escaped)
    assert content.spans == []  # no style, link or @click came from the data
    assert leaks(content.plain) == []
    assert missing(content.plain, (entry,)) == []


def test_escape_markup_round_trips_through_textual() -> None:
    for text in [entry.payload for entry in MARKUP] + ["a [ b", "x\\", "[[b]]", "C:\\dir\\[x]"]:
        assert Content.from_markup(escape_markup(text)).plain == text


def test_inert_markup_is_not_escaped_twice() -> None:
    once = inert_markup("[b]x")
    assert inert_markup(once) == once
    assert Content.from_markup(inert_markup(once)).plain == "[b]x"


def test_input_value_is_one_line_and_keeps_the_spacing_an_agent_would_edit() -> None:
    assert safe_input_value("Replace  toner\r\nin B2\tnow") == "Replace  toner in B2   now"
    long = safe_input_value("x" * 50_000)
    assert len(long) == 10_000 and long.endswith("\u2026")


def test_textarea_value_keeps_lines_without_wrapping_them() -> None:
    text = "first line\n" + "y" * 5000 + "\n\x1b]2;HX\x07last"
    shown = safe_textarea_value(text)
    assert shown == "first line\n" + "y" * 5000 + "\nlast"
    cut = safe_textarea_value("z" * 300_000)
    assert cut.startswith("z" * 200_000) and cut.endswith("[\u2026 cut]")


def test_notification_is_a_few_short_lines() -> None:
    shown = safe_notification("\n".join(f"line {i}\x1b[2J" for i in range(50)))
    lines = shown.split("\n")
    assert len(lines) == 6 and lines[-1] == "\u2026"
    assert lines[0] == "line 0"
    assert len(safe_notification("w " * 5000)) <= 600


def test_none_is_empty_everywhere() -> None:
    for sink in PLAIN_SINKS.values():
        assert sink(None) == ""
    assert inert_markup(None) == ""


def test_hostile_body_stays_inert_through_html_to_document() -> None:
    from fstui.text import html_to_document

    shown = html_to_document(hostile_paragraphs(200)).render(show_quotes=True)
    assert leaks(shown) == []
    assert "Paragraph 199" in shown


@pytest.mark.parametrize(
    "emoji",
    [
        "\U0001f469\u200d\U0001f4bb",  # woman technologist
        "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
        "\u2764\ufe0f\u200d\U0001f525",  # heart on fire
        "\U0001f9d1\U0001f3fd\u200d\U0001f680",  # astronaut, medium skin tone
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # family
    ],
)
def test_zwj_emoji_stay_whole(emoji: str) -> None:
    assert sanitize(f"Thanks {emoji}!") == f"Thanks {emoji}!"
    assert inert_line(emoji) == emoji


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("pay\u200dpal", "paypal"),  # between letters: hides a homograph
        ("\u200d\U0001f44d", "\U0001f44d"),  # nothing before it
        ("\U0001f44d\u200d", "\U0001f44d"),  # nothing after it
        ("\U0001f44d\u200da", "\U0001f44da"),  # a letter after it
        ("a\u200d\U0001f44d", "a\U0001f44d"),  # a letter before it
        ("\U0001f44d\u200d\u200d\U0001f44d", "\U0001f44d\U0001f44d"),  # doubled
    ],
)
def test_zwj_outside_emoji_sequences_is_removed(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown
