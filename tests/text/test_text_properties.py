"""Property tests: nothing a customer can send makes these raise or emit control characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fstui.text import html_to_document, literal, one_line, sanitize

from .harness import no_controls

_NASTY = st.sampled_from(
    [
        "\x1b",
        "\x1b[",
        "\x1b]",
        "\x1b\\",
        "\x07",
        "\x9b",
        "\x9d",
        "\x9c",
        "\x90",
        "\x00",
        "\r",
        "\n",
        "\t",
        "\u202e",
        "\u2066",
        "\u200b",
        "\ufeff",
        "\ud800",
        "\u0301",
        "<",
        ">",
        "&",
        "&#x1b;",
        "&#x202e;",
        "&#0;",
        "<p>",
        "</p>",
        "<br>",
        "<li>",
        "<ol>",
        "<ul>",
        "<blockquote>",
        "</blockquote>",
        "<pre>",
        "<a href='",
        "<a href=x>",
        "</a>",
        "<img alt='",
        "<img src=x.png>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<style>",
        '"',
        "'",
        "=",
        "[bold]",
        "On Mon, X wrote:",
        "-----Original Message-----",
    ]
)
_TEXT = st.lists(st.one_of(_NASTY, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_sanitize_never_emits_controls(raw: str, keep_newlines: bool) -> None:
    out = sanitize(raw, keep_newlines=keep_newlines)
    assert no_controls(out, allow_newline=keep_newlines)
    assert no_controls(one_line(raw), allow_newline=False)
    assert no_controls(literal(raw).plain, allow_newline=True)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_sanitize_is_idempotent(raw: str) -> None:
    once = sanitize(raw, keep_newlines=True)
    assert sanitize(once, keep_newlines=True) == once


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_html_to_document_never_raises_or_emits_controls(raw: str, show_quotes: bool) -> None:
    document = html_to_document(raw)
    rendered = document.render(show_quotes=show_quotes)
    assert no_controls(rendered, allow_newline=True)
    for block in document.blocks:
        assert no_controls(block.text, allow_newline=True)
    for link in document.links:
        assert no_controls(link.text + link.url, allow_newline=False)
    for image in document.images:
        assert no_controls(image, allow_newline=False)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_html_to_document_accepts_any_unicode(raw: str) -> None:
    assert no_controls(html_to_document(raw).render(show_quotes=True), allow_newline=True)
