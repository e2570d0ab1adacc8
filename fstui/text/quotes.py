"""Find quoted email history that no HTML element marks.

Many clients quote by text alone: '> ' prefixed lines, an "On <date>, X wrote:" attribution, an
Outlook "-----Original Message-----" or "From:/Sent:" header followed by the whole previous mail.
These rules run on the blocks after HTML structure has marked <blockquote> and friends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fstui.text.document import Block

_ATTRIBUTION = re.compile(
    r"(?:On|Am|Le|El|Op|Il|Em)\b.{0,400}?"
    r"(?:wrote|schrieb|a\s+\u00e9crit|escribi\u00f3|schreef|ha\s+scritto|escreveu)\s*:?",
    re.I | re.S,
)
_ORIGINAL = re.compile(
    r"-{2,}\s*(?:Original Message|Urspr\u00fcngliche Nachricht|Message d'origine|Mensaje original"
    r"|Oorspronkelijk bericht|Messaggio originale)\s*-{2,}",
    re.I,
)
_HEADER = re.compile(
    r"(?:From|Von|De|Van|Da)\s?:[^\n]*\n(?:[^\n]*\n)?"
    r"\s*(?:Sent|Date|Gesendet|Datum|Envoy\u00e9|Enviado|Verzonden|Inviato)\s?:",
    re.I,
)
_SEPARATOR = re.compile(r"(?:_{10,}|\u2500{10}|-{10,})")
_ATTRIBUTION_LINES = 3
_NEWLINE = re.compile("\n")


def mark_quotes(blocks: list[Block]) -> list[Block]:
    """The same blocks with text-only quoting turned into quote blocks (others untouched)."""
    blocks = _split_prefixed(blocks)
    blocks = _quote_history(blocks)
    return _quote_attributions(blocks)


def _quote_level(line: str) -> int:
    level = 0
    rest = line
    while rest.startswith(">"):
        level += 1
        rest = rest[1:].lstrip(" ")
    return level


def _strip_level(line: str, level: int) -> str:
    for _ in range(level):
        line = line.lstrip(" ")[1:]
    return line[1:] if line.startswith(" ") else line


def _split_prefixed(blocks: list[Block]) -> list[Block]:
    """Plain-text replies: runs of '>' lines inside a paragraph become quote blocks."""
    out: list[Block] = []
    for block in blocks:
        if block.kind not in ("paragraph", "pre") or ">" not in block.text:
            out.append(block)
            continue
        run: list[str] = []
        run_level = 0
        for line in block.text.split("\n"):
            level = _quote_level(line)
            if level != run_level and run and (line or run_level == 0):
                out.append(_run_block(block, run, run_level))
                run = []
            if line or run:
                run_level = level if line else run_level
                run.append(_strip_level(line, level) if level else line)
        if run:
            out.append(_run_block(block, run, run_level))
    return out


def _run_block(origin: Block, lines: list[str], level: int) -> Block:
    text = "\n".join(lines).strip("\n")
    if level:
        return Block("quote", text, min(level, 8))
    return Block(origin.kind, text, origin.depth)


def _quote_history(blocks: list[Block]) -> list[Block]:
    """Everything from an '-----Original Message-----' or 'From:/Sent:' header on is history."""
    for index, block in enumerate(blocks):
        if block.kind == "quote":
            continue
        text = block.text
        for line_start in _line_starts(text):
            if _ORIGINAL.match(text, line_start) or _HEADER.match(text, line_start):
                tail = text[line_start:]
                head = text[:line_start].strip("\n")
                start = index
                if not head and index > 0 and _SEPARATOR.fullmatch(blocks[index - 1].text):
                    start = index - 1
                before = blocks[:start]
                if head:
                    before.append(Block(block.kind, head, block.depth))
                quoted = [Block("quote", tail, 1)]
                if start < index:
                    quoted.insert(0, Block("quote", blocks[start].text, 1))
                for later in blocks[index + 1 :]:
                    depth = later.depth if later.kind == "quote" else 1
                    quoted.append(Block("quote", later.text, depth))
                return before + quoted
    return blocks


def _line_starts(text: str) -> Iterator[int]:
    yield 0
    for newline in _NEWLINE.finditer(text):
        yield newline.end()


def _quote_attributions(blocks: list[Block]) -> list[Block]:
    """'On Mon, X wrote:' just before a quote belongs to the quote (so it folds with it)."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "quote" or following is None or following.kind != "quote":
            out.append(block)
            continue
        lines = block.text.split("\n")
        for take in range(1, min(_ATTRIBUTION_LINES, len(lines)) + 1):
            candidate = " ".join(lines[-take:])
            if _ATTRIBUTION.fullmatch(candidate.strip()):
                head = "\n".join(lines[:-take]).strip("\n")
                if head:
                    out.append(Block(block.kind, head, block.depth))
                out.append(Block("quote", "\n".join(lines[-take:]), following.depth))
                break
        else:
            out.append(block)
    return out
