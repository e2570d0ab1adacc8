"""Decide whether one API record matches a parsed query, as the server would.

Used by the sandbox to answer /tickets/filter and /assets?filter= from its data, and by the
app to check cached records against a queue's query without a round trip.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from .fields import TICKET_FIELDS, FieldSource, FieldSpec
from .nodes import And, Comparison, Node, Or, Value

_ABSENT = object()
_DATE_PREFIX = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})")


def evaluate(
    node: Node,
    record: Mapping[str, Any],
    fields: Mapping[str, FieldSpec] | None = TICKET_FIELDS,
    *,
    custom_fields: Mapping[str, FieldSpec] | None = None,
) -> bool:
    """True when ``record`` (a ticket or asset dict as the JSON API returns it) matches.

    Text compares without regard to case; a list value (``tags``) matches when any element
    does; dates compare on their 'YYYY-MM-DD' part, and a value that is not a date (the
    placeholders some real bodies carry) matches no date bound. Fields not in ``fields``
    or ``custom_fields`` are read from ``record["custom_fields"]``.
    """
    if isinstance(node, And):
        return all(
            evaluate(item, record, fields, custom_fields=custom_fields) for item in node.items
        )
    if isinstance(node, Or):
        return any(
            evaluate(item, record, fields, custom_fields=custom_fields) for item in node.items
        )
    spec = (fields or {}).get(node.field) or (custom_fields or {}).get(node.field)
    actual = _lookup(record, spec, node.field)
    if isinstance(actual, list | tuple):
        if node.value is None:
            return not actual
        return any(_compare(node, element) for element in actual)
    return _compare(node, actual)


def _lookup(record: Mapping[str, Any], spec: FieldSpec | None, name: str) -> object:
    """The record's value for a field; None when absent (absent reads as 'no value')."""
    source = spec.source if spec is not None else FieldSource.CUSTOM_FIELDS
    keys = spec.record_keys if spec is not None else (name,)
    if source is FieldSource.CUSTOM_FIELDS:
        return _get(record.get("custom_fields"), name)
    if source is FieldSource.TYPE_FIELDS:
        value = _get(record, name)
        if value is None:
            value = _type_field(record.get("type_fields"), name)
        return value
    for key in keys:
        value = _dotted(record, key)
        if value is not _ABSENT:
            return value
    return None


def _get(container: object, key: str) -> object:
    return container.get(key) if isinstance(container, Mapping) else None


def _dotted(record: Mapping[str, Any], path: str) -> object:
    current: object = record
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return _ABSENT
        current = current[part]
    return current


def _type_field(type_fields: object, name: str) -> object:
    """Asset type fields are keyed ``<name>_<asset type id>`` (e.g. asset_state_25)."""
    if not isinstance(type_fields, Mapping):
        return None
    if name in type_fields:
        return type_fields[name]
    prefix = name + "_"
    for key, value in type_fields.items():
        if isinstance(key, str) and key.startswith(prefix) and key[len(prefix) :].isdigit():
            return value
    return None


def _compare(node: Comparison, actual: object) -> bool:
    expected = node.value
    if expected is None:
        return actual is None or actual == ""
    if actual is None:
        return False
    if isinstance(expected, date):
        day = _as_date(actual)
        if day is None:
            return False
        return _order(node.op, day, expected)
    if isinstance(expected, bool):
        return _as_bool(actual) is expected if node.op == "eq" else False
    if isinstance(expected, int):
        number = _as_number(actual)
        if number is None:
            return False
        return _order(node.op, number, expected)
    if isinstance(actual, str) and node.op == "eq":
        return actual.casefold() == expected.casefold()
    return False


def _order(op: str, actual: Any, expected: Value) -> bool:
    if op == "ge":
        return bool(actual >= expected)
    if op == "le":
        return bool(actual <= expected)
    return bool(actual == expected)


def _as_date(value: object) -> date | None:
    """The calendar day of a value: a date, a datetime (its own day), or an ISO string's prefix.

    A datetime is a date subclass but does not compare with one, so it is cut to its day, as
    the 'YYYY-MM-DD' prefix of a string is.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := _DATE_PREFIX.match(value)):
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _as_number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return None
    return None
