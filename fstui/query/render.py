"""Turn nodes back into query text the API accepts."""

from __future__ import annotations

from datetime import date

from .nodes import And, Comparison, Node, Value

_OP_TEXT = {"eq": ":", "ge": ":>", "le": ":<"}


def to_query(node: Node) -> str:
    """Canonical query text; ``parse(to_query(node)) == node`` for any parsed node.

    Nested groups are always parenthesised, even where AND's precedence would make that
    unnecessary, so the text means the same to a server that reads it left to right.
    """
    if isinstance(node, Comparison):
        return f"{node.field}{_OP_TEXT[node.op]}{format_value(node.value)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return joiner.join(_child(item) for item in node.items)


def _child(node: Node) -> str:
    text = to_query(node)
    return text if isinstance(node, Comparison) or len(node.items) == 1 else f"({text})"


def format_value(value: Value) -> str:
    """A literal as query text: 3, true, null, 'text' (quotes escaped), '2024-01-31'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return f"'{value.isoformat()[:10]}'"
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


__all__ = ["format_value", "to_query"]
