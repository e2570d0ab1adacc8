"""Build queries from structured parts, for the app's built-in queues.

``Q.eq("status", 2) & (Q.null("agent_id") | Q.eq("agent_id", me))`` builds nodes without
string pasting, so values are always quoted and escaped correctly. Every method returns a
plain node; nodes combine with ``&`` (AND) and ``|`` (OR).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .nodes import Comparison, Node, Op, Or, Value
from .render import to_query


class Q:
    """Constructors for comparisons; not instantiated."""

    @staticmethod
    def eq(field: str, value: Value | datetime) -> Comparison:
        """``field:value``."""
        return Comparison(field, "eq", _value(value))

    @staticmethod
    def ge(field: str, value: int | date) -> Comparison:
        """``field:>value``: at least ``value`` (on or after, for dates)."""
        return Comparison(field, "ge", _bound(value))

    @staticmethod
    def le(field: str, value: int | date) -> Comparison:
        """``field:<value``: at most ``value`` (on or before, for dates)."""
        return Comparison(field, "le", _bound(value))

    @staticmethod
    def null(field: str) -> Comparison:
        """``field:null``: no value assigned (e.g. an unassigned agent or group)."""
        return Comparison(field, "eq", None)

    @staticmethod
    def cmp(field: str, op: Op, value: Value) -> Comparison:
        """Any comparison, for code that holds the operator as data."""
        if op == "eq":
            return Comparison(field, op, _value(value))
        return Comparison(field, op, _bound(value))

    @staticmethod
    def one_of(field: str, values: Iterable[Value]) -> Node:
        """``field:a OR field:b ...``: any of several values."""
        nodes = [Comparison(field, "eq", _value(value)) for value in values]
        if not nodes:
            raise ValueError("one_of needs at least one value")
        return nodes[0] if len(nodes) == 1 else Or(nodes)


def quote_for_url(query: Node | str) -> str:
    """The value to send as ``query=`` / ``filter=``: the query wrapped in double quotes.

    The API answers 400 to an unquoted query; httpx URL-encodes the result. Text that is
    already wrapped is returned as is.
    """
    if isinstance(query, str):
        text = query.strip()
        if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
            return text
    else:
        text = to_query(query)
    return f'"{text}"'


def _value(value: object) -> Value:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, bool | int | str | date):
        return value
    kind = type(value).__name__
    raise TypeError(f"a query value must be int, bool, str, date or None, not {kind}")


def _bound(value: object) -> Value:
    checked = _value(value)
    if checked is None or isinstance(checked, bool | str):
        raise TypeError("':>' and ':<' take a number or a date")
    return checked
