"""Byte counts as people read them."""

from __future__ import annotations

_UNITS = ("KB", "MB", "GB", "TB", "PB")


def format_size(n: int | None) -> str:
    """'512 B', '1.2 MB', '34 MB'; '' when unknown (None or negative, as some APIs send)."""
    if n is None or isinstance(n, bool) or n < 0:
        return ""
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in _UNITS:
        value /= 1024
        shown = f"{value:.1f}" if value < 9.95 else f"{value:.0f}"
        if float(shown) < 1024 or unit == _UNITS[-1]:
            return f"{shown} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
