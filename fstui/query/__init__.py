"""The Freshservice filter-query language: parse, check, evaluate and build queries.

Shared by the sandbox (answers /tickets/filter and /assets?filter=), the UI (checks a typed
query and points at the mistake) and the app (builds its queues' queries). Pure Python.
"""

from .builder import Q, quote_for_url
from .errors import QueryError
from .evaluate import evaluate
from .fields import ASSET_FIELDS, TICKET_FIELDS, FieldSource, FieldSpec, FieldType, custom_field
from .nodes import And, Comparison, Node, Op, Or, Value, all_of, any_of
from .parser import MAX_LENGTH, parse
from .render import format_value, to_query

__all__ = [
    "ASSET_FIELDS",
    "MAX_LENGTH",
    "TICKET_FIELDS",
    "And",
    "Comparison",
    "FieldSource",
    "FieldSpec",
    "FieldType",
    "Node",
    "Op",
    "Or",
    "Q",
    "QueryError",
    "Value",
    "all_of",
    "any_of",
    "custom_field",
    "evaluate",
    "format_value",
    "parse",
    "quote_for_url",
    "to_query",
]
