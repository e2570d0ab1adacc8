"""A linear-time HTML tokenizer for customer email bodies.

The stdlib `html.parser` on Python 3.11 rescans to the end of input for every unclosed `<a`,
`<!--` or `<a x='` (CVE-2025-6069): 80 KB of `<a x=` takes ~26 s, enough for one email to freeze
the console. Here every `<` is consumed by exactly one token, and a construct left open runs to
the end of input and is dropped, as a browser does, so the work is proportional to the length.
Entities are decoded with `html.unescape`, the same HTML5 rules `html.parser` applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape

_WS = "\t\n\r\f "
_TOKEN = re.compile(
    r"(?P<text>[^<]+)"
    r"|<!--.*?(?:--!?>|\Z)"  # comment (also Outlook's <!--[if mso]> blocks)
    r"|<(?P<end>/)?(?P<tag>[a-zA-Z][^\t\n\r\f />]*)"
    r"(?P<attrs>(?:[^>=\"']+|=[\t\n\r\f ]*\"[^\"]*(?:\"|\Z)|=[\t\n\r\f ]*'[^']*(?:'|\Z)|[^>])*)"
    r"(?P<close>>|\Z)"
    r"|<[!?/][^>]*(?:>|\Z)"  # doctype, processing instruction, bogus comment, '</ >'
    r"|(?P<stray><+(?![a-zA-Z/!?])[^<]*)",  # '<' that starts nothing is text
    re.S,
)
_ATTR = re.compile(
    r"([^\t\n\r\f />=][^\t\n\r\f />=]*)"
    r"(?:[\t\n\r\f ]*=[\t\n\r\f ]*(?:\"([^\"]*)\"?|'([^']*)'?|([^\t\n\r\f >]*)))?"
)
# Elements whose content is not markup; their text is never shown.
RAW_TEXT = frozenset(
    {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"}
)
_RAW_END = {name: re.compile(rf"</{name}(?=[\t\n\r\f />]|\Z)", re.I) for name in RAW_TEXT}
_GT = re.compile(r">")


@dataclass(slots=True)
class Text:
    data: str


@dataclass(slots=True)
class StartTag:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class EndTag:
    name: str


Token = Text | StartTag | EndTag


def parse_attrs(raw: str) -> dict[str, str]:
    """Attribute names lower-cased, values entity-decoded; the first of a repeated name wins."""
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        name = match.group(1).lower()
        if name in attrs:
            continue
        value = match.group(2)
        if value is None:
            value = match.group(3)
        if value is None:
            value = match.group(4) or ""
        attrs[name] = unescape(value) if "&" in value else value
    return attrs


def tokenize(html: str, *, wanted_attrs: frozenset[str] = frozenset()) -> Iterator[Token]:
    """Yield text and tags in document order; attributes are parsed only for `wanted_attrs` tags.

    Raw-text elements (script, style, ...) yield their start and end tags but no text.
    """
    pos = 0
    length = len(html)
    while pos < length:
        match = _TOKEN.match(html, pos)
        if match is None:  # pragma: no cover - the final '<' alternative always matches
            break
        pos = match.end()
        kind = match.lastgroup
        if kind == "text" or kind == "stray":
            text = match.group(kind)
            yield Text(unescape(text) if "&" in text else text)
            continue
        if kind != "close":
            continue  # comment, doctype, processing instruction
        if match.group("close") != ">":
            break  # a tag still open at the end of input is dropped, as browsers do
        name = match.group("tag").lower()
        if match.group("end"):
            yield EndTag(name)
            continue
        attrs = parse_attrs(match.group("attrs")) if name in wanted_attrs else {}
        yield StartTag(name, attrs)
        if name in RAW_TEXT:
            closing = _RAW_END[name].search(html, pos)
            if closing is None:
                break
            after = _GT.search(html, closing.end())
            pos = length if after is None else after.end()
            yield EndTag(name)
