"""Untrusted text made safe and readable for the terminal (no Textual here; Rich only for Text).

Everything customers and other systems write is shown through these helpers: the funnel in
`fstui.text.inert` (`inert`, `inert_line`, `safe_input_value`, `safe_textarea_value`,
`safe_notification`, `inert_markup`, all returning the `Inert` type) for strings given to widgets,
`sanitize` and `one_line` underneath, `literal` for Rich Text that never parses markup,
`html_to_document` for bodies, and the small formatters for sizes, times, SLA countdowns and
durations.
"""

from fstui.text.document import Attachment, Block, Document, Link, folded_marker
from fstui.text.durations import hhmm, parse_hhmm
from fstui.text.html_to_document import html_to_document
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
