"""Customer HTML (ticket descriptions, email replies) to a `Document` of plain-text blocks.

Works like a browser's layout reduced to text: block elements start new blocks, whitespace
collapses, <br> breaks lines, lists get bullets or numbers, links show their target, images
become placeholders. Nesting is tracked with an explicit stack, never recursion, so 10,000 levels
of <div> cost nothing special. Quoted email history is marked here and by `quotes.mark_quotes`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from posixpath import basename
from urllib.parse import unquote, urlsplit

from fstui.text.document import Block, BlockKind, Document, Link
from fstui.text.html_tokens import EndTag, StartTag, Text, tokenize
from fstui.text.quotes import mark_quotes
from fstui.text.sanitize import DEFAULT_MAX_LINE, ELLIPSIS, cap_lines, one_line, sanitize

DEFAULT_MAX_CHARS = 200_000
MAX_DEPTH = 8  # deeper nesting renders like this level: 10,000 '> ' prefixes help nobody
MAX_LINKS = 500
MAX_URL_SHOWN = 200
TRUNCATED = "[\u2026 message truncated]"

_BLOCK_NAMES = """address article aside blockquote body caption center dd details dialog dir div dl
    dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody tfoot thead tr ul"""
BLOCK_TAGS = frozenset(_BLOCK_NAMES.split())
_VOID_NAMES = "area base br col embed hr img input link meta param source track wbr"
VOID_TAGS = frozenset(_VOID_NAMES.split())
SKIP_TAGS = frozenset({"head", "template", "svg", "math", "object", "select", "button"})
HEADINGS = {f"h{level}": level for level in range(1, 7)}
WANTED_ATTRS = frozenset({"a", "img", "div", "blockquote", "ol", "span", "section", "hr", "table"})

# Containers mail clients wrap around quoted history (the attribution line included).
QUOTE_CLASSES = frozenset(
    {
        "gmail_quote",
        "gmail_quote_container",
        "yahoo_quoted",
        "moz-cite-prefix",
        "freshdesk_quote",
        "protonmail_quote",
        "zmail_extra",
    }
)
# Outlook marks where the history begins; the history itself follows as siblings.
REST_QUOTED_IDS = frozenset({"divrplyfwdmsg", "appendonsend", "stopspelling"})
REST_QUOTED_CLASSES = frozenset({"outlookmessageheader"})

_COLLAPSE = re.compile(r"[\t\n\r\f ]+")
_SPACES = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(slots=True)
class _Open:
    """One open element and what closing it must undo."""

    name: str
    effect: str = ""  # "", list, li, quote, zone, pre, skip, heading, link
    ordinal: int = 0  # next number for an <ol>


class _Builder:
    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.emitted = 0
        self.truncated = False
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.images: list[str] = []
        self.seen: set[tuple[str, str]] = set()
        self.stack: list[_Open] = []
        self.open_counts: dict[str, int] = {}
        self.effects: dict[str, int] = {}
        self.rest_quoted = False
        self.inline: list[str] = []
        self.only_image = False
        self.pending_bullet = ""
        self.bullet_width = 0
        self.list_opened = False
        self.link_href: str | None = None
        self.link_text: list[str] = []
        self.cells_in_row = 0

    # --- state -----------------------------------------------------------------------------

    def active(self, effect: str) -> int:
        return self.effects.get(effect, 0)

    def push(self, name: str, effect: str = "", ordinal: int = 0) -> None:
        self.stack.append(_Open(name, effect, ordinal))
        self.open_counts[name] = self.open_counts.get(name, 0) + 1
        if effect:
            self.effects[effect] = self.effects.get(effect, 0) + 1

    def pop_to(self, name: str) -> None:
        if not self.open_counts.get(name):
            return
        while self.stack:
            top = self.stack.pop()
            self.open_counts[top.name] -= 1
            if top.effect:
                self.effects[top.effect] -= 1
                if top.effect == "link":
                    self.finish_link()
            if top.name == name:
                return

    def innermost_list(self) -> _Open | None:
        if not self.active("list"):
            return None
        for entry in reversed(self.stack):
            if entry.effect == "list":
                return entry
        return None  # pragma: no cover - counts and stack agree

    # --- inline content ----------------------------------------------------------------------

    def add_text(self, data: str) -> None:
        effects = self.effects
        if effects.get("skip"):
            return
        if not effects.get("pre"):
            data = _COLLAPSE.sub(" ", data)
        if not data:
            return
        if data.strip():
            self.only_image = False
        self.inline.append(data)
        if self.link_href is not None:
            self.link_text.append(data)

    def add_break(self) -> None:
        if not self.active("skip"):
            self.inline.append("\n")

    def add_image(self, attrs: dict[str, str]) -> None:
        if self.active("skip"):
            return
        if attrs.get("width") in {"0", "1"} and attrs.get("height") in {"0", "1"}:
            return  # tracking pixel
        src = attrs.get("src", "").strip()
        name = one_line(attrs.get("alt"), 120) or _file_name(src)
        placeholder = f"[image: {name}]" if name else "[image]"
        if not "".join(self.inline).strip():
            self.only_image = True
        self.inline.append(placeholder)
        if self.link_href is not None:
            self.link_text.append(placeholder)
        if src.lower().startswith(("http://", "https://")) and len(self.images) < MAX_LINKS:
            url = one_line(src, 2000)
            if ("img", url) not in self.seen:
                self.seen.add(("img", url))
                self.images.append(url)

    def start_link(self, href: str) -> None:
        if self.link_href is not None:
            self.finish_link()  # <a> inside <a> closes the outer one, as in browsers
        self.link_href = href.strip()
        self.link_text = []

    def finish_link(self) -> None:
        href = self.link_href
        self.link_href = None
        if href is None or not href or href.startswith("#"):
            return
        text = " ".join("".join(self.link_text).split())
        url = one_line(href, 4000)
        shown = url if len(url) <= MAX_URL_SHOWN else url[: MAX_URL_SHOWN - 1] + ELLIPSIS
        if not text:
            self.add_text(shown)
        elif not _same_target(text, url):
            self.add_text(f" ({shown})")
        if url.lower().startswith(_SAFE_SCHEMES) and len(self.links) < MAX_LINKS:
            link = Link(one_line(text, 500) or url, url)
            if (link.text, url) not in self.seen:
                self.seen.add((link.text, url))
                self.links.append(link)

    # --- blocks ------------------------------------------------------------------------------

    def flush(self) -> None:
        if not self.inline:
            return
        raw = "".join(self.inline)
        self.inline = []
        only_image = self.only_image
        self.only_image = False
        pre = bool(self.active("pre"))
        text = _tidy(raw, pre=pre)
        if not text:
            return
        kind, depth = self.kind()
        new_list = False
        if self.active("li"):
            text = self.bulleted(text)
            new_list, self.list_opened = self.list_opened, False
        elif kind == "paragraph" and only_image:
            kind = "image"
        self.emit(Block(kind, cap_lines(text, DEFAULT_MAX_LINE, wrap=True), depth, new_list))

    def kind(self) -> tuple[BlockKind, int]:
        quote_depth = self.active("quote")
        if quote_depth or self.active("zone") or self.rest_quoted:
            return "quote", min(MAX_DEPTH, max(1, quote_depth))
        if self.active("pre"):
            return "pre", 0
        if self.active("li"):
            return "list_item", min(MAX_DEPTH, max(1, self.active("list")))
        if self.active("heading"):
            for entry in reversed(self.stack):
                if entry.effect == "heading":
                    return "heading", HEADINGS.get(entry.name, 1)
        return "paragraph", 0

    def bulleted(self, text: str) -> str:
        """First block of an item gets the bullet; later lines and blocks align under its text."""
        bullet = self.pending_bullet
        self.pending_bullet = ""
        if bullet:
            self.bullet_width = len(bullet)
        pad = " " * self.bullet_width
        first, *rest = text.split("\n")
        lines = [(bullet or pad) + first, *[(pad + line if line else line) for line in rest]]
        return "\n".join(lines)

    def emit(self, block: Block) -> None:
        room = self.max_chars - self.emitted
        if len(block.text) > room:
            block.text = block.text[: max(0, room)].rstrip()
            self.truncated = True
        if block.text:
            self.blocks.append(block)
            self.emitted += len(block.text) + 2  # and the blank line that separates it

    # --- tags --------------------------------------------------------------------------------

    def start(self, tag: StartTag) -> None:
        name = tag.name
        attrs = tag.attrs
        if name == "br":
            self.add_break()
            return
        if name == "img":
            self.add_image(attrs)
            return
        if name == "a":
            self.push(name, "link")
            self.start_link(attrs.get("href", ""))
            return
        if name in ("td", "th"):
            if self.cells_in_row and "".join(self.inline).strip():
                self.add_text(" | ")
            self.cells_in_row += 1
            self.push(name)
            return
        if name in SKIP_TAGS or name in ("script", "style", "title", "textarea", "xmp"):
            self.push(name, "skip")
            return
        if name not in BLOCK_TAGS:
            if name not in VOID_TAGS:
                self.push(name)
            return
        self.flush()
        if _marks_rest_quoted(attrs):
            self.rest_quoted = True
        if name == "hr":
            self.emit(Block(self.kind()[0] if self.rest_quoted else "paragraph", "\u2500" * 10))
            return
        if name == "tr":
            self.cells_in_row = 0
        if name in ("ul", "ol") and not self.active("list"):
            self.list_opened = True
        self.push(name, self.effect_of(name, attrs), _ordinal_start(attrs) if name == "ol" else 0)
        if name == "li":
            entry = self.innermost_list()
            if entry is not None and entry.name == "ol":
                self.pending_bullet = f"{entry.ordinal}. "
                entry.ordinal += 1
            else:
                self.pending_bullet = "\u2022 "

    def effect_of(self, name: str, attrs: dict[str, str]) -> str:
        if name in ("ul", "ol", "menu", "dir"):
            return "list"
        if name == "li":
            return "li"
        if name == "blockquote":
            return "quote"
        if name == "pre":
            return "pre"
        if name in HEADINGS:
            return "heading"
        classes = set(attrs.get("class", "").lower().split())
        if classes & QUOTE_CLASSES:
            return "zone"
        return ""

    def end(self, tag: EndTag) -> None:
        name = tag.name
        if name == "br":  # '</br>' is a line break in every browser
            self.add_break()
            return
        if name in BLOCK_TAGS:
            if self.link_href is not None and self.open_counts.get(name):
                self.finish_link()  # '<p><a href=x>text</p>': the target belongs to this block
            self.flush()
            if name == "p" and not self.open_counts.get("p"):
                return
        self.pop_to(name)

    def document(self) -> Document:
        self.finish_open_link()
        self.flush()
        if self.truncated:
            self.blocks.append(Block("paragraph", TRUNCATED, 0))
        return Document(mark_quotes(self.blocks), self.links, self.images)

    def finish_open_link(self) -> None:
        if self.link_href is not None:
            self.finish_link()


def _tidy(raw: str, *, pre: bool) -> str:
    """Collapse what a browser collapses, then make it safe."""
    text = sanitize(raw, keep_newlines=True, max_line=None)
    if not pre and "\n" not in text and "\xa0" not in text and "  " not in text:
        return text.strip(" ")  # the common short paragraph
    if pre:
        if text.startswith("\n"):
            text = text[1:]  # a newline right after <pre> is not content
        return text.rstrip()
    text = text.replace("\xa0", " ")
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def _marks_rest_quoted(attrs: dict[str, str]) -> bool:
    if not attrs:
        return False
    if attrs.get("id", "").lower() in REST_QUOTED_IDS:
        return True
    return bool(set(attrs.get("class", "").lower().split()) & REST_QUOTED_CLASSES)


def _ordinal_start(attrs: dict[str, str]) -> int:
    value = attrs.get("start", "").strip()
    if value.lstrip("-").isdigit() and len(value) < 10:
        return int(value)
    return 1


def _file_name(src: str) -> str:
    if not src or src.lower().startswith("data:"):
        return "embedded" if src else ""
    if src.lower().startswith("cid:"):
        return one_line(unquote(src[4:]).split("@", 1)[0], 120)
    try:
        path = urlsplit(src).path
    except ValueError:
        return ""
    return one_line(unquote(basename(path.rstrip("/"))), 120)


def _bare(target: str) -> str:
    lowered = target.strip().lower()
    for prefix in ("mailto:", "https://", "http://", "www."):
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
    return lowered.rstrip("/")


def _same_target(text: str, url: str) -> bool:
    """'example.com' linking to 'https://example.com/' needs no '(url)' after it."""
    return text == url or _bare(text) == _bare(url)


_CACHE_SIZE = 32


def html_to_document(html: str | None, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Readable, inert blocks from untrusted HTML; never raises for any input string.

    Output stops after about `max_chars` characters with a "[… message truncated]" line.
    The same body is asked for more than once (its text, whether it has quotes, again when the
    agent folds or unfolds them), so the last few documents are kept: treat the result as
    read-only.
    """
    if not html:
        return _convert(html, max_chars)
    return _cached(str(html), max_chars)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _cached(html: str, max_chars: int) -> Document:
    return _convert(html, max_chars)


def clear_document_cache() -> None:
    """Forget the kept documents (benchmarks measure a first open; tests start clean)."""
    _cached.cache_clear()


def _convert(html: str | None, max_chars: int) -> Document:
    builder = _Builder(max_chars)
    if not html:
        return builder.document()
    for token in tokenize(str(html), wanted_attrs=WANTED_ATTRS):
        if isinstance(token, Text):
            builder.add_text(token.data)
        elif isinstance(token, StartTag):
            builder.start(token)
        else:
            builder.end(token)
        if builder.truncated:
            break
    return builder.document()
