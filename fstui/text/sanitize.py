"""Make untrusted strings inert before they reach a terminal.

Everything a customer or another system typed (subjects, bodies, names, custom fields) ends up on an
agent's terminal, often over SSH. A terminal obeys escape sequences: OSC 52 writes the clipboard,
OSC 0/2 retitle the window, CSI moves the cursor and can paint fake UI. Bidi overrides and
zero-width characters make text read differently from what it is. So every string shown is passed
through `sanitize` (or `one_line` for table cells) first.
"""

from __future__ import annotations

import re

# String sequences (OSC, DCS, APC, PM, SOS) in 7-bit and 8-bit form. They end at BEL, ST (ESC \ or
# 0x9C), CAN/SUB, or where a new sequence starts (a terminal abandons the old one there). The body
# excludes every introducer so each attempt stops at the next one: the scan stays linear even for
# megabytes of hostile input.
_STRING_SEQUENCE = (
    r"(?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])"
    r"[^\x07\x18\x1a\x1b\x90\x98\x9c\x9d\x9e\x9f]*"
    r"(?:\x07|\x1b\\|\x9c|\x18|\x1a|(?=[\x1b\x90\x98\x9d\x9e\x9f]))"
)
# CSI: parameters, intermediates, final byte (optional so a truncated sequence is removed too).
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
# Any other escape (charset designation, ESC 7, ESC c ...), and an unterminated string introducer:
# its payload is harmless once the ESC is gone, and hiding the rest of a message would be worse.
_OTHER_ESCAPE = r"\x1b[ -/]*[0-~]?"
_ESCAPES = re.compile(f"{_STRING_SEQUENCE}|{_CSI}|{_OTHER_ESCAPE}")
# A string sequence still open at the end of a prefix: cutting there would leave its payload
# (a title, a clipboard text) as visible words, since only its introducer would be removed.
_OPEN_STRING_AT_END = re.compile(
    r"(?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x18\x1a\x1b\x90\x98\x9c\x9d\x9e\x9f]*\Z"
)

# Quick test for "anything to do at all" so clean strings (the common case) cost one scan. A
# newline alone needs no work (only turning into a space without `keep_newlines`), so it is not
# suspect: multi-line bodies that are clean skip the whole pass too.
_SUSPECT = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f\ud800-\udfff]"
    "|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{5}"
)

# Stacks of combining marks ("zalgo") paint over other lines; a few suffice for any script.
_MAX_COMBINING = 4
_COMBINING_RUN = re.compile(
    f"([\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{{{_MAX_COMBINING}}})"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)

# A zero-width joiner between two emoji glues them into one picture (woman + ZWJ + laptop is
# "woman technologist", white flag + VS16 + ZWJ + rainbow is the rainbow flag): that one stays.
# Anywhere else a ZWJ only hides things, so it goes with the other invisibles. The class is
# Extended_Pictographic in the blocks emoji live in; the left side may also end in
# VS16 or a skin-tone modifier, which belong to the emoji before the joiner.
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_STRAY_ZWJ = re.compile(f"(?<![{_EMOJI}\ufe0f\U0001f3fb-\U0001f3ff])\u200d|\u200d(?![{_EMOJI}])")

TAB_SIZE = 4
DEFAULT_MAX_LINE = 2000
ELLIPSIS = "\u2026"


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x00, 0x20):
        table[code] = None
    for code in range(0x7F, 0xA0):
        table[code] = None
    del table[0x09]  # tab: expanded to spaces later
    del table[0x0A]  # newline: kept or turned into a space later
    for code in (0x0B, 0x0C, 0x85, 0x2028, 0x2029):  # other line breaks read as newlines
        table[code] = "\n"
    invisible = [0x00AD, 0x061C, 0x180E, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB]
    invisible += range(0x200B, 0x2010)  # zero-width space/joiners, LRM/RLM
    invisible += range(0x202A, 0x202F)  # bidi embeddings and overrides
    invisible += range(0x2060, 0x2070)  # word joiner, invisible operators, bidi isolates
    invisible += range(0xE0000, 0xE0080)  # tag characters (used to smuggle hidden text)
    for code in invisible:
        table[code] = None
    for code in [*range(0xD800, 0xE000), 0xFFFE, 0xFFFF]:  # lone surrogates cannot be encoded
        table[code] = "\ufffd"
    return table


_TABLE = _build_table()
_TABLE_KEEPING_ZWJ = {code: value for code, value in _TABLE.items() if code != 0x200D}


def _wrap_line(line: str, width: int) -> list[str]:
    """Hard-wrap one over-long line, preferring a space near the end of each piece."""
    pieces: list[str] = []
    start = 0
    while len(line) - start > width:
        cut = line.rfind(" ", start + width * 3 // 4, start + width + 1)
        if cut <= start:
            pieces.append(line[start : start + width])
            start += width
        else:
            pieces.append(line[start:cut])
            start = cut + 1
    pieces.append(line[start:])
    return pieces


def cap_lines(text: str, max_line: int | None, *, wrap: bool) -> str:
    """Keep lines at most `max_line` characters: wrap (multi-line) or cut with an ellipsis.

    Widgets that do not wrap, and Rich measuring a 1 MB single word, both stall on giant lines.
    """
    if max_line is None or len(text) <= max_line:
        return text
    if max_line < 1:
        raise ValueError(f"max_line must be at least 1, not {max_line}")
    lines = text.split("\n")
    if all(len(line) <= max_line for line in lines):
        return text
    out: list[str] = []
    for line in lines:
        if len(line) <= max_line:
            out.append(line)
        elif wrap:
            out.extend(_wrap_line(line, max_line))
        else:
            out.append(line[: max_line - 1] + ELLIPSIS)
    return "\n".join(out)


def sanitize(
    s: str | None, *, keep_newlines: bool = False, max_line: int | None = DEFAULT_MAX_LINE
) -> str:
    """Return `s` with nothing a terminal would act on and nothing invisible that changes meaning.

    Escape sequences are removed whole, other control characters dropped (tab becomes spaces, CR
    goes, line breaks become '\\n' with `keep_newlines` else a space). Lines longer than `max_line`
    are hard-wrapped when newlines are kept, otherwise cut with an ellipsis; None disables the cap.
    """
    if not s:
        return ""
    if _SUSPECT.search(s) is not None:
        if "\x1b" in s or _has_c1_introducer(s):
            s = _ESCAPES.sub("", s)
        if "\u200d" in s:
            s = _STRAY_ZWJ.sub("", s.translate(_TABLE_KEEPING_ZWJ))
        else:
            s = s.translate(_TABLE)
        s = _COMBINING_RUN.sub(r"\1", s)
        if "\t" in s:
            s = s.expandtabs(TAB_SIZE)
        if not keep_newlines:
            s = s.replace("\n", " ")
    elif not keep_newlines and "\n" in s:
        s = s.replace("\n", " ")
    return cap_lines(s, max_line, wrap=keep_newlines)


def _has_c1_introducer(s: str) -> bool:
    return any(c in s for c in "\x90\x98\x9b\x9d\x9e\x9f")


def one_line(s: str | None, max_len: int = 500) -> str:
    """Sanitize and collapse all whitespace: the shape a table cell or a title needs."""
    if not s:
        return ""
    if max_len < 1:
        raise ValueError(f"max_len must be at least 1, not {max_len}")
    # Only a prefix can ever be shown; sanitizing a 1 MB description for a 500-char cell is waste.
    # If hostile content shrank the prefix below what fits, fall back to the whole string.
    budget = max_len * 4 + 1024
    prefix = s[:budget]
    if len(s) > budget and (open_string := _OPEN_STRING_AT_END.search(prefix)) is not None:
        prefix = prefix[: open_string.start()]
    text = _collapse(prefix)
    if len(s) > budget and len(text) <= max_len:
        text = _collapse(s)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + ELLIPSIS
    return text


def _collapse(s: str) -> str:
    return " ".join(sanitize(s, max_line=None).split())
