"""What the text tests check output with: no character that could act on a terminal.

Holds no tests itself.
"""

from __future__ import annotations

import unicodedata

INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF}
"""Zero-width characters: they hide or split a word without showing."""


def no_controls(text: str, *, allow_newline: bool) -> bool:
    """`text` holds no control character (C0, DEL, C1), lone surrogate, bidi control or
    zero-width character; a newline is allowed only when `allow_newline`."""
    for char in text:
        code = ord(char)
        if char == "\n" and allow_newline:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return False
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in INVISIBLE:
            return False
    return True
