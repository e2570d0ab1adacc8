"""Untrusted text made safe and readable for the terminal (no Textual here; Rich only for Text).

Everything customers and other systems write is shown through these helpers: the funnel in
`fstui.text.inert` (`inert`, `inert_line`, `safe_input_value`, `safe_textarea_value`,
`safe_notification`, `inert_markup`, all returning the `Inert` type) for strings given to widgets,
`sanitize` and `one_line` underneath, `literal` for Rich Text that never parses markup,
`html_to_document` for bodies, and the small formatters for sizes, times, SLA countdowns and
durations.

Exported lazily (PEP 562): the config and the queue need `sanitize`, `one_line` and the times,
not the HTML parser behind `html_to_document` (issue #22: every module before the first frame
shows as start time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fstui.lazy_exports import lazy_exports

# Eager: these three are names of their own submodules too, and importing a submodule binds
# its name on the package (`fstui.text.inert` the module would shadow `inert` the function).
from fstui.text.inert import (
    Inert,
    InertMarkup,
    escape_markup,
    inert,
    inert_line,
    inert_markup,
    is_inert,
    safe_input_value,
    safe_notification,
    safe_textarea_value,
)
from fstui.text.literal import literal
from fstui.text.sanitize import one_line, sanitize

if TYPE_CHECKING:
    from fstui.text.document import Attachment, Block, Document, Link, folded_marker
    from fstui.text.durations import hhmm, parse_hhmm
    from fstui.text.html_to_document import html_to_document
    from fstui.text.search import search_text
    from fstui.text.sizes import format_size
    from fstui.text.times import relative_time, sla_countdown

__all__ = [
    "Attachment",
    "Block",
    "Document",
    "Inert",
    "InertMarkup",
    "Link",
    "escape_markup",
    "folded_marker",
    "format_size",
    "hhmm",
    "html_to_document",
    "inert",
    "inert_line",
    "inert_markup",
    "is_inert",
    "literal",
    "one_line",
    "parse_hhmm",
    "relative_time",
    "safe_input_value",
    "safe_notification",
    "safe_textarea_value",
    "sanitize",
    "search_text",
    "sla_countdown",
]

_WHERE = {
    "Attachment": "fstui.text.document",
    "Block": "fstui.text.document",
    "Document": "fstui.text.document",
    "Inert": "fstui.text.inert",
    "InertMarkup": "fstui.text.inert",
    "Link": "fstui.text.document",
    "escape_markup": "fstui.text.inert",
    "folded_marker": "fstui.text.document",
    "format_size": "fstui.text.sizes",
    "hhmm": "fstui.text.durations",
    "html_to_document": "fstui.text.html_to_document",
    "inert": "fstui.text.inert",
    "inert_line": "fstui.text.inert",
    "inert_markup": "fstui.text.inert",
    "is_inert": "fstui.text.inert",
    "literal": "fstui.text.literal",
    "one_line": "fstui.text.sanitize",
    "parse_hhmm": "fstui.text.durations",
    "relative_time": "fstui.text.times",
    "safe_input_value": "fstui.text.inert",
    "safe_notification": "fstui.text.inert",
    "safe_textarea_value": "fstui.text.inert",
    "sanitize": "fstui.text.sanitize",
    "search_text": "fstui.text.search",
    "sla_countdown": "fstui.text.times",
}
"""Each exported name -> the module that defines it (imported on first use)."""


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
