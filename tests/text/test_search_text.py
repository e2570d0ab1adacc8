"""The `/` filter's text: '#418' finds ticket 418 (issue 17, item 7), as the README promises."""

from __future__ import annotations

from fstui.text import search_text


def _matches(needle: str, text: str) -> bool:
    # The queue table's rule (FastTable.set_filter): case-folded substring.
    return needle.casefold() in text.casefold()


def test_hash_id_finds_the_ticket_and_a_bare_number_still_does() -> None:
    text = search_text(418, "Printer on fire", "Jane Doe")
    assert _matches("#418", text)
    assert _matches("418", text)
    assert _matches("printer ON", text)
    assert _matches("jane", text)


def test_hash_id_is_anchored_to_the_start_of_the_id() -> None:
    assert not _matches("#418", search_text(1418, "x"))
    assert _matches("418", search_text(1418, "x"))
    assert _matches("#418", search_text(4180, "x"))  # while typing, an id prefix matches


def test_hidden_characters_do_not_break_a_match_on_what_is_shown() -> None:
    text = search_text(7, "pay\u200bpal \x1b[31minvoice\x1b[0m", None)
    assert _matches("paypal invoice", text)
    assert "\x1b" not in text


def test_missing_parts_leave_no_stray_separators() -> None:
    assert search_text(None, None, "") == ""
    assert search_text(5, None, "Bob") == "#5 Bob"
    assert search_text("", "Subject") == "Subject"
