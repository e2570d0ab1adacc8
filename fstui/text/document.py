"""A message body reduced to blocks a terminal can show, with quoted history kept apart.

Agents read ticket threads where most of every email is the previous email quoted again. Keeping
quotes as their own blocks lets the UI fold them to one line and unfold them on demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fstui.text.sanitize import one_line
from fstui.text.sizes import format_size

BlockKind = Literal["paragraph", "list_item", "quote", "heading", "pre", "image"]

QUOTE_PREFIX = "> "
LIST_INDENT = "  "


@dataclass
class Link:
    text: str
    url: str


@dataclass
class Attachment:
    name: str
    size: int | None

    @property
    def label(self) -> str:
        """'report.pdf (1.2 MB)': the name made safe, with the size when known."""
        name = one_line(self.name, 200) or "(unnamed)"
        size = format_size(self.size)
        return f"{name} ({size})" if size else name


@dataclass
class Block:
    kind: BlockKind
    text: str
    # Quote nesting for "quote", list nesting for "list_item", level 1-6 for "heading", else 0.
    depth: int = 0
    # First item of a top-level list: a blank line parts it from a list just before it.
    new_list: bool = False


def folded_marker(lines: int, toggle_key: str = "q") -> str:
    """The one line that stands for a run of hidden quoted text."""
    noun = "line" if lines == 1 else "lines"
    return f"[\u2026 quoted text hidden, {lines} {noun} \u2014 press {toggle_key} to show]"


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    # Rendered text per (show_quotes, toggle_key): folding and unfolding quotes of a long body
    # re-renders it, and a document is not changed once built (see html_to_document).
    _rendered: dict[tuple[bool, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def has_quotes(self) -> bool:
        return any(block.kind == "quote" for block in self.blocks)

    @property
    def only_quotes(self) -> bool:
        """True when nothing but quoted text is present (a bare forward)."""
        return self.has_quotes and all(block.kind == "quote" for block in self.blocks)

    def render(self, *, show_quotes: bool, toggle_key: str = "q") -> str:
        """Readable plain text: blank lines between blocks, list items indented, quotes '> '.

        With `show_quotes` False each run of quote blocks becomes one `folded_marker` line,
        unless the message is nothing but quotes: hiding all of a forwarded email helps nobody.
        """
        key = (show_quotes, toggle_key)
        cached = self._rendered.get(key)
        if cached is None:
            cached = self._rendered[key] = self._render(show_quotes, toggle_key)
        return cached

    def _render(self, show_quotes: bool, toggle_key: str) -> str:
        unfold = show_quotes or self.only_quotes
        out: list[str] = []
        previous: Block | None = None
        index = 0
        blocks = self.blocks
        while index < len(blocks):
            block = blocks[index]
            if block.kind == "quote" and not unfold:
                end = index
                hidden = 0
                while end < len(blocks) and blocks[end].kind == "quote":
                    hidden += len(_render_block(blocks[end]))
                    if end > index:
                        hidden += 1  # the separator line it would have had
                    end += 1
                if previous is not None:
                    out.append("")
                out.append(folded_marker(hidden, toggle_key))
                previous = blocks[end - 1]
                index = end
                continue
            if previous is not None:
                separator = _separator(previous, block)
                if separator is not None:
                    out.append(separator)
            out.extend(_render_block(block))
            previous = block
            index += 1
        return "\n".join(out)


def _separator(previous: Block, block: Block) -> str | None:
    if previous.kind == "list_item" and block.kind == "list_item" and not block.new_list:
        return None
    if previous.kind == "quote" and block.kind == "quote":
        return (QUOTE_PREFIX * max(1, min(previous.depth, block.depth))).rstrip()
    return ""


def _render_block(block: Block) -> list[str]:
    lines = block.text.split("\n")
    if block.kind == "quote":
        prefix = QUOTE_PREFIX * max(1, block.depth)
        return [(prefix + line).rstrip() for line in lines]
    if block.kind == "list_item" and block.depth > 1:
        indent = LIST_INDENT * (block.depth - 1)
        return [indent + line for line in lines]
    return lines
