"""Customer HTML reads like the email the customer saw, with nothing active left in it."""

from __future__ import annotations

from fstui.text import Block, Document, folded_marker, html_to_document
from fstui.text.html_to_document import DEFAULT_MAX_CHARS


def _render(html: str, *, show_quotes: bool = True) -> str:
    return html_to_document(html).render(show_quotes=show_quotes)


def test_paragraphs_divs_and_breaks_become_lines() -> None:
    html = "<div>Hi team,<br/> <br/>Mail is down.<br/><br/>Regards,<br/> Andrea </div><p>PS</p>"
    assert _render(html) == "Hi team,\n\nMail is down.\n\nRegards,\nAndrea\n\nPS"


def test_whitespace_collapses_like_a_browser() -> None:
    html = "<p>  lots   of\n\n   space\t here  </p><p>&nbsp;</p><p>a&nbsp;&nbsp;b</p>"
    assert _render(html) == "lots of space here\n\na b"


def test_entities_are_decoded_once() -> None:
    assert _render("<p>Tom &amp; Jerry &lt;b&gt; &quot;q&quot; &#8364; &amp;lt;</p>") == (
        'Tom & Jerry <b> "q" \u20ac &lt;'
    )


def test_decoded_entities_cannot_smuggle_controls() -> None:
    out = _render("<p>a&#x1b;[31mb&#x202e;c&#x200b;d&#0;e</p>")
    assert out == "a[31mbcd\ufffde"


def test_lists_get_bullets_numbers_and_indentation() -> None:
    html = (
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>"
        "<ol start='3'><li>three</li><li>four</li></ol>"
    )
    assert _render(html) == "\u2022 one\n\u2022 two\n  \u2022 nested\n\n3. three\n4. four"


def test_multi_paragraph_list_item_aligns_under_its_bullet() -> None:
    html = "<ol><li><p>first</p><p>second para</p></li></ol>"
    document = html_to_document(html)
    assert [b.text for b in document.blocks] == ["1. first", "   second para"]


def test_links_show_their_target_unless_it_is_the_text() -> None:
    html = (
        '<p><a href="https://evil.example/login">https://bank.example</a> '
        '<a href="https://docs.example/">docs.example</a> '
        '<a href="mailto:it@example.com">it@example.com</a> '
        '<a href="https://x.example/a">the guide</a> <a href="#top">top</a></p>'
    )
    document = html_to_document(html)
    assert document.render(show_quotes=True) == (
        "https://bank.example (https://evil.example/login) docs.example it@example.com "
        "the guide (https://x.example/a) top"
    )
    assert [link.url for link in document.links] == [
        "https://evil.example/login",
        "https://docs.example/",
        "mailto:it@example.com",
        "https://x.example/a",
    ]


def test_dangerous_link_schemes_are_shown_but_never_offered_to_open() -> None:
    document = html_to_document('<a href="javascript:alert(1)">click</a>')
    assert document.render(show_quotes=True) == "click (javascript:alert(1))"
    assert document.links == []


def test_empty_link_shows_its_url() -> None:
    assert _render('<p>see <a href="https://a.example/x"></a></p>') == "see https://a.example/x"


def test_images_become_placeholders() -> None:
    html = (
        '<p><img src="https://cdn.example/i/screen%20shot.png"></p>'
        '<p>inline <img alt="logo" src="https://cdn.example/logo.png"> here</p>'
        '<img src="data:image/png;base64,AAAA"><img src="https://t.example/p.gif" width=1 height=1>'
    )
    document = html_to_document(html)
    assert document.blocks[0] == Block("image", "[image: screen shot.png]", 0)
    assert document.blocks[1] == Block("paragraph", "inline [image: logo] here", 0)
    assert document.blocks[2] == Block("image", "[image: embedded]", 0)
    assert document.images == [
        "https://cdn.example/i/screen%20shot.png",
        "https://cdn.example/logo.png",
    ]


def test_script_style_head_and_comments_are_dropped() -> None:
    html = (
        "<html><head><title>t</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><!-- secret --><!--[if mso]>mso<![endif]-->"
        "<p>visible</p><svg><text>svg text</text></svg></body></html>"
    )
    assert _render(html) == "visible"


def test_unclosed_script_hides_the_rest_like_a_browser() -> None:
    assert _render("<p>a</p><script>alert(1)<p>b</p>") == "a"


def test_headings_and_pre_keep_their_shape() -> None:
    html = "<h2>Steps</h2><pre>\n  line 1\n    line 2</pre><p>after</p>"
    document = html_to_document(html)
    assert document.blocks[0] == Block("heading", "Steps", 2)
    assert document.blocks[1] == Block("pre", "  line 1\n    line 2", 0)


def test_table_cells_are_separated() -> None:
    html = "<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Laptop</td><td>2</td></tr></table>"
    assert _render(html) == "Item | Qty\n\nLaptop | 2"


GMAIL_REPLY = (
    '<div dir="ltr">Still broken, see below.</div><br>'
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 1 Jan 2024 at 10:00, '
    "Service Desk &lt;help@example.com&gt; wrote:<br></div>"
    '<blockquote class="gmail_quote"><div>Please restart.</div>'
    "<blockquote>Is it on?</blockquote></blockquote></div>"
)


def test_gmail_quote_folds_to_one_marker_line() -> None:
    document = html_to_document(GMAIL_REPLY)
    assert document.has_quotes
    assert document.render(show_quotes=False) == ("Still broken, see below.\n\n" + folded_marker(5))
    assert folded_marker(5) == "[\u2026 quoted text hidden, 5 lines \u2014 press q to show]"


def test_gmail_quote_unfolds_with_quote_prefixes() -> None:
    assert html_to_document(GMAIL_REPLY).render(show_quotes=True) == (
        "Still broken, see below.\n\n"
        "> On Mon, 1 Jan 2024 at 10:00, Service Desk <help@example.com> wrote:\n"
        ">\n"
        "> Please restart.\n"
        ">\n"
        "> > Is it on?"
    )


def test_folded_line_count_matches_unfolded_lines() -> None:
    document = html_to_document(GMAIL_REPLY)
    unfolded = document.render(show_quotes=True).split("\n")
    quoted = [line for line in unfolded if line.startswith(">")]
    assert folded_marker(len(quoted)) in document.render(show_quotes=False)


def test_attribution_line_in_same_block_moves_into_the_quote() -> None:
    html = (
        "<div>Thanks!<br><br>On Tue, Feb 6, 2024 at 9:12 AM Bob &lt;bob@example.com&gt; "
        "wrote:</div><blockquote>old</blockquote>"
    )
    document = html_to_document(html)
    assert document.blocks[0] == Block("paragraph", "Thanks!", 0)
    assert document.blocks[1].kind == "quote"
    assert document.render(show_quotes=False) == "Thanks!\n\n" + folded_marker(3)


def test_plain_text_angle_quoting_is_recognised() -> None:
    html = "<p>Done.</p><p>On Tue, Alice wrote:<br>&gt; step one<br>&gt; step two<br>&gt;&gt; x</p>"
    document = html_to_document(html)
    assert [block.kind for block in document.blocks] == ["paragraph", "quote", "quote", "quote"]
    assert document.render(show_quotes=False) == "Done.\n\n" + folded_marker(6)
    assert "> > x" in document.render(show_quotes=True)


def test_outlook_original_message_and_everything_after_is_quoted() -> None:
    html = (
        "<p>Please see below.</p><p>-----Original Message-----<br>From: Bob<br>Sent: Monday<br>"
        "To: IT</p><p>The old text</p><ul><li>old item</li></ul>"
    )
    document = html_to_document(html)
    assert document.render(show_quotes=False) == "Please see below.\n\n" + folded_marker(8)
    assert document.render(show_quotes=True).endswith("> The old text\n>\n> \u2022 old item")


def test_outlook_header_block_after_separator_is_quoted() -> None:
    html = (
        "<p>Fixed now.</p><div id='appendonsend'></div><hr>"
        "<div id='divRplyFwdMsg'><b>From:</b> Bob<br><b>Sent:</b> Monday</div><p>old</p>"
    )
    document = html_to_document(html)
    assert document.blocks[0] == Block("paragraph", "Fixed now.", 0)
    assert all(block.kind == "quote" for block in document.blocks[1:])


def test_outlook_desktop_from_sent_header_is_quoted() -> None:
    html = (
        "<p class=MsoNormal>Approved.</p><p class=MsoNormal><b>From:</b> Ann<br>"
        "<b>Sent:</b> 3 May 2024 10:00<br><b>To:</b> IT<br><b>Subject:</b> Laptop</p>"
        "<p class=MsoNormal>Can I get a laptop?</p>"
    )
    assert _render(html, show_quotes=False) == "Approved.\n\n" + folded_marker(6)


def test_a_message_that_is_only_quoted_is_shown() -> None:
    # A bare forward: hiding everything would show the agent an empty message.
    html = "<blockquote>forwarded problem report</blockquote>"
    assert _render(html, show_quotes=False) == "> forwarded problem report"


def test_no_quotes_means_no_marker() -> None:
    document = html_to_document("<p>just text, a > b</p>")
    assert not document.has_quotes
    assert document.render(show_quotes=False) == "just text, a > b"


def test_deeply_nested_html_does_not_recurse() -> None:
    for tag in ("div", "blockquote", "ul><li", "span", "table><tr><td"):
        opening = "".join(f"<{part}>" for part in tag.split("><"))
        html = opening * 10_000 + "deep" + "</div>" * 10_000
        rendered = html_to_document(html).render(show_quotes=True)
        assert "deep" in rendered
        assert max(len(line) for line in rendered.split("\n")) < 100


def test_ten_thousand_char_line_stays_whole_but_wrapped() -> None:
    word = "A" * 10_000
    document = html_to_document(f"<p>{word}</p>")
    rendered = document.render(show_quotes=True)
    assert rendered.replace("\n", "") == word
    assert max(len(line) for line in rendered.split("\n")) <= 2000


def _mail_like_body(size: int) -> str:
    chunk = (
        '<div class="x"><p style="margin:0;font-family:Calibri">Hello&nbsp;team, the <b>VPN</b> '
        'drops every <i>10 minutes</i>. See <a href="https://kb.example/vpn?id=1">KB</a>.</p>'
        "<ul><li>Windows 11</li><li>Client 5.2</li></ul><br><table><tr><td>a</td><td>b</td>"
        "</tr></table><blockquote>previous &gt; text</blockquote></div>\n"
    )
    return (chunk * (size // len(chunk) + 1))[:size]


def test_one_megabyte_body_is_capped_and_readable() -> None:
    # How fast: bench/render_bench.py (wall-clock bounds flake under load, so none here).
    html = _mail_like_body(1_000_000)
    document = html_to_document(html)
    folded = document.render(show_quotes=False)
    unfolded = document.render(show_quotes=True)
    assert folded.startswith("Hello team, the VPN drops every 10 minutes.")
    assert unfolded.endswith("[\u2026 message truncated]")
    assert len(unfolded) < DEFAULT_MAX_CHARS * 1.05  # the cap, plus separators
    assert "quoted text hidden" in folded and "> previous > text" in unfolded


def test_output_is_capped_with_a_visible_marker() -> None:
    document = html_to_document("<p>" + "word " * 100_000 + "</p>", max_chars=1000)
    rendered = document.render(show_quotes=True)
    assert len(rendered) < 1100
    assert rendered.endswith("[\u2026 message truncated]")


def test_malformed_markup_that_makes_html_parser_quadratic_is_linear() -> None:
    # Python 3.11's html.parser takes ~26 s on 80 KB of "<a x=" (CVE-2025-6069).
    # The behaviour: no output from markup left open; the speed is measured in bench/.
    for unit in ("<a x=", "<a x='", "<a", "<!--", "</", "<?", "<a<"):
        html = unit * (400_000 // len(unit))
        assert html_to_document(html).render(show_quotes=True) == "", unit
    assert html_to_document("<" * 400_000).render(show_quotes=True).startswith("<<<")


def test_unclosed_tag_at_end_is_dropped() -> None:
    assert _render("<p>hello</p><img src='x.png' alt='never closed") == "hello"


def test_stray_angle_brackets_are_text() -> None:
    assert _render("<p>if a < b and c <= d then 1<2</p>") == "if a < b and c <= d then 1<2"


def test_none_and_empty_give_an_empty_document() -> None:
    for value in (None, "", "   ", "<p></p><div>&nbsp;</div>"):
        document = html_to_document(value)
        assert document.blocks == []
        assert document.render(show_quotes=False) == ""
        assert not document.has_quotes


def test_document_render_of_hand_built_blocks() -> None:
    document = Document(
        [Block("paragraph", "hi", 0), Block("quote", "a\nb", 1), Block("quote", "c", 2)]
    )
    assert document.render(show_quotes=False, toggle_key="z") == (
        "hi\n\n[\u2026 quoted text hidden, 4 lines \u2014 press z to show]"
    )


def test_many_short_lines_stay_linear() -> None:
    # Quote heuristics look at every line start; 100k lines must not cost 100k^2.
    # Speed is measured in bench/render_bench.py; here: the output is what the lines say.
    for unit, first in (("From: x<br>", "From: x\nFrom: x"), ("&gt; q<br>", "[\u2026 quoted"),
                        ("a<br>", "a\na"), ("<p>x</p>", "x\n\nx")):  # fmt: skip
        rendered = html_to_document(unit * 100_000).render(show_quotes=False)
        assert rendered.startswith(first), unit


def test_the_same_body_is_parsed_once_and_rendered_once_per_mode() -> None:
    from fstui.text.html_to_document import clear_document_cache

    clear_document_cache()
    html = "<p>hi</p><blockquote>old</blockquote>"
    first = html_to_document(html)
    assert html_to_document(html) is first  # has_quotes and the body text share one parse
    folded = first.render(show_quotes=False)
    assert first.render(show_quotes=False) is folded
    assert first.render(show_quotes=True) == "hi\n\n> old"
    assert html_to_document(html, max_chars=10) is not first  # another cap, another document
    clear_document_cache()
    assert html_to_document(html) is not first
