"""The one funnel from untrusted text to something a widget may show.

Every string that came from the server, a file or the config is hostile until proven otherwise:
it may carry terminal escapes (OSC 52 clipboard writes, OSC 0/2 titles, `ESC c`, `?1049l`),
C0/C1 controls, bidi overrides, zero-width characters or Textual markup. `sanitize` removes the
terminal part; this module adds the shape each kind of sink needs and a type that proves it:

    =========================  ======================================================
    sink                       function
    =========================  ======================================================
    Input(value=...)           `safe_input_value`: one line, capped, no markup meaning
    TextArea(text=...)         `safe_textarea_value`: newlines and tabs kept as text
    notify(...) (markup off)   `safe_notification`: a few lines, capped
    Static/Label/title/        `inert_markup`: brackets escaped for Textual's parser
    OptionList prompt as str
    anything else plain        `inert` (multi-line) or `inert_line` (one line)
    =========================  ======================================================

Each returns an `Inert` (a `str` subtype). Widgets and helpers that take `Inert` instead of `str`
make the unsafe path a type error under `mypy --strict`: a raw server string does not type-check
where an `Inert` is wanted, and the only ways to get one are the functions here. Applying the
funnel twice is harmless (sanitizing is idempotent); `inert_markup` never escapes an
`InertMarkup` a second time.
"""

from __future__ import annotations

import re

from fstui.text.sanitize import DEFAULT_MAX_LINE, ELLIPSIS, one_line, sanitize

INPUT_MAX = 10_000
"""An Input is one line; Textual measures it on every keystroke, so megabytes would stall it."""

TEXTAREA_MAX = 200_000
"""A TextArea value larger than this is cut with a visible marker rather than frozen on."""

NOTIFICATION_MAX = 600
"""A toast is read at a glance; a server that sends 1 MB of error text gets it cut."""

NOTIFICATION_LINES = 6

TITLE_MAX = 200
"""A border title or window title is one short line; the box clips what is longer anyway."""

CUT_MARKER = "\n[\u2026 cut]"


class Inert(str):
    """Text that went through the funnel: no terminal controls, no invisible meaning-changers.

    Do not construct directly: use `inert`, `inert_line`, `safe_input_value`,
    `safe_textarea_value`, `safe_notification` or `inert_markup`. (Constructing one by hand is
    possible, as with any `str` subtype; the constructors here are the reviewed path.)
    """

    __slots__ = ()


class InertMarkup(Inert):
    """Inert text whose square brackets are escaped: safe to hand to a markup-parsing widget."""

    __slots__ = ()


def inert(s: str | None, *, max_line: int | None = DEFAULT_MAX_LINE) -> Inert:
    """Multi-line untrusted text made inert (newlines kept, over-long lines wrapped)."""
    return Inert(sanitize(s, keep_newlines=True, max_line=max_line))


def inert_line(s: str | None, max_len: int = 500) -> Inert:
    """One line of untrusted text: controls gone, whitespace collapsed, cut with an ellipsis."""
    return Inert(one_line(s, max_len))


def safe_input_value(s: str | None, max_len: int = INPUT_MAX) -> Inert:
    """The value for a Textual `Input`: one line, as the agent will edit and send it back.

    Unlike `inert_line` it keeps runs of spaces (a task title the agent edits should not change
    without them touching it) and only turns line breaks and tabs into single spaces.
    """
    text = sanitize(s, keep_newlines=False, max_line=None)
    if len(text) > max_len:
        text = text[: max_len - 1] + ELLIPSIS
    return Inert(text)


def safe_textarea_value(s: str | None, max_chars: int = TEXTAREA_MAX) -> Inert:
    """The text for a Textual `TextArea`: newlines kept, tabs as spaces, lines not wrapped.

    TextArea wraps (or scrolls) by itself, so no line cap is applied: inserting line breaks
    would change the text the agent sends back.
    """
    text = sanitize(s, keep_newlines=True, max_line=None)
    if len(text) > max_chars:
        text = text[:max_chars] + CUT_MARKER
    return Inert(text)


def safe_notification(s: str | None, max_len: int = NOTIFICATION_MAX) -> Inert:
    """A toast's message or title (shown with markup off): a few short lines, capped.

    Server error text lands here; one hostile 400 must not fill the screen.
    """
    text = sanitize(s, keep_newlines=True, max_line=200)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > NOTIFICATION_LINES:
        lines = [*lines[: NOTIFICATION_LINES - 1], ELLIPSIS]
    text = "\n".join(lines)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + ELLIPSIS
    return Inert(text)


_BRACKET = re.compile(r"\[")


def escape_markup(text: str) -> str:
    """Escape every '[' so Textual's markup parser shows it literally.

    Textual reads more than Rich as a tag (`[B]`, `[$accent]`, `[ bold ]`), so escaping only
    what looks like a Rich tag is not enough: every opening bracket is escaped. Textual turns
    backslash-bracket into a bracket and leaves other backslashes alone, so nothing else changes.
    """
    return _BRACKET.sub(r"\\[", text)


def inert_markup(s: str | None, *, one_line_only: bool = True, max_len: int = 500) -> InertMarkup:
    """Untrusted text for a sink that parses markup (Static/Label given a str, titles).

    One line by default (titles, labels, option prompts); `one_line_only=False` keeps newlines.
    """
    if isinstance(s, InertMarkup):
        return s
    plain = inert_line(s, max_len) if one_line_only else inert(s)
    return InertMarkup(escape_markup(plain))


def is_inert(s: str) -> bool:
    """True when `s` holds nothing `sanitize` would remove (for assertions and tests)."""
    return sanitize(s, keep_newlines=True, max_line=None) == s.expandtabs(4)
