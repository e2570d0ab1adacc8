"""The evaluator, case by case, where mutation testing found its promises unpinned (issue 17).

`evaluate` decides which cached tickets a queue shows and what the sandbox's filter answers,
so every comparison is pinned on both sides of its boundary: numbers and booleans held as
strings, dates as strings, dates or datetimes, nulls and empty strings, lists, custom and asset
type fields, and the first present of a field's keys.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from fstui.query import ASSET_FIELDS, And, Comparison, Or, evaluate, parse
from fstui.query.fields import FieldType, custom_field

DAY = date(2026, 5, 10)


def matches(query: str, record: dict[str, Any], **kw: Any) -> bool:
    return evaluate(parse(query), record, **kw)


@pytest.mark.parametrize(
    ("query", "priority", "expected"),
    [
        ("priority:>3", 3, True),
        ("priority:>3", 2, False),
        ("priority:<3", 3, True),
        ("priority:<3", 4, False),
        ("priority:3", 3, True),
        ("priority:3", 4, False),
        ("priority:3", "3", True),  # a number held as a string
        ("priority:>3", "4", True),
        ("priority:3", "3.0", True),
        ("priority:3", "three", False),
        ("priority:3", True, False),  # a boolean is not the number 1
        ("priority:1", True, False),
        ("priority:3", None, False),
        ("priority:3", 3.0, True),
    ],
)
def test_numbers_on_both_sides_of_each_bound(query: str, priority: Any, expected: bool) -> None:
    assert matches(query, {"priority": priority}) is expected


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("eq", date(2026, 5, 10), True),
        ("eq", date(2026, 5, 11), False),
        ("ge", date(2026, 5, 10), True),
        ("ge", date(2026, 5, 11), False),
        ("le", date(2026, 5, 10), True),
        ("le", date(2026, 5, 9), False),
    ],
)
@pytest.mark.parametrize(
    "stored",
    [
        "2026-05-10T23:59:00Z",
        datetime(2026, 5, 10, 23, 59, tzinfo=UTC),  # a datetime compares on its own day
        date(2026, 5, 10),
    ],
    ids=["string", "datetime", "date"],
)
def test_dates_on_both_sides_of_each_bound(
    op: str, value: date, expected: bool, stored: Any
) -> None:
    node = Comparison("due_by", op, value)  # type: ignore[arg-type]
    assert evaluate(node, {"due_by": stored}) is expected


@pytest.mark.parametrize("stored", ["not a date", "2026-13-40T00:00:00Z", 20260510, None])
def test_a_value_that_is_not_a_date_matches_no_date_bound(stored: Any) -> None:
    for op in ("eq", "ge", "le"):
        assert evaluate(Comparison("due_by", op, DAY), {"due_by": stored}) is False  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stored", "wanted", "expected"),
    [
        (True, True, True),
        (False, True, False),
        ("true", True, True),
        ("True", True, True),
        ("false", False, True),
        ("FALSE", True, False),
        ("yes", True, False),
        (1, True, False),
        (None, False, False),
    ],
)
def test_booleans_held_as_booleans_or_strings(stored: Any, wanted: bool, expected: bool) -> None:
    spec = {"vip": custom_field("vip", FieldType.BOOLEAN)}
    node = Comparison("vip", "eq", wanted)
    record = {"custom_fields": {"vip": stored}}
    assert evaluate(node, record, custom_fields=spec) is expected


def test_a_boolean_only_compares_for_equality() -> None:
    spec = {"vip": custom_field("vip", FieldType.BOOLEAN)}
    record = {"custom_fields": {"vip": True}}
    assert evaluate(Comparison("vip", "ge", True), record, custom_fields=spec) is False
    assert evaluate(Comparison("vip", "le", True), record, custom_fields=spec) is False


@pytest.mark.parametrize(
    ("stored", "expected"), [(None, True), ("", True), ("x", False), (0, False), ([], True)]
)
def test_null_matches_no_value_an_empty_string_and_an_empty_list(
    stored: Any, expected: bool
) -> None:
    assert matches("group_id:null", {"group_id": stored}) is expected


def test_a_missing_field_reads_as_no_value() -> None:
    assert matches("group_id:null", {}) is True
    assert matches("group_id:5", {}) is False


def test_text_compares_without_case_and_only_for_equality() -> None:
    assert matches("email:'Sam@Example.com'", {"email": "sam@example.COM"}) is True
    assert matches("email:'sam@example.com'", {"email": "other@example.com"}) is False
    text = Comparison("email", "ge", "a")
    assert evaluate(text, {"email": "b"}) is False
    assert evaluate(Comparison("email", "eq", "5"), {"email": 5}) is False


def test_a_list_matches_when_any_element_does() -> None:
    assert matches("tag:'vip'", {"tags": ["new", "VIP"]}) is True
    assert matches("tag:'vip'", {"tags": ["new"]}) is False
    assert matches("tag:'vip'", {"tags": []}) is False
    no_tag = Comparison("tag", "eq", None)  # the parser refuses tag:null; the sandbox may not
    assert evaluate(no_tag, {"tags": ["x"]}) is False
    assert evaluate(no_tag, {"tags": ()}) is True


def test_the_first_present_key_wins_even_when_it_is_null() -> None:
    # agent_id reads responder_id first; a present null is "unassigned", not "look further".
    assert matches("agent_id:null", {"responder_id": None, "agent_id": 7}) is True
    assert matches("agent_id:7", {"agent_id": 7}) is True
    assert matches("agent_id:7", {"responder_id": 8, "agent_id": 7}) is False


def test_dotted_keys_read_nested_records() -> None:
    record = {"requester": {"primary_email": "sam@example.com"}}
    assert matches("email:'sam@example.com'", record) is True
    assert matches("email:'sam@example.com'", {"requester": "sam@example.com"}) is False
    assert matches("email:'sam@example.com'", {"requester": {}}) is False


def test_custom_fields_are_read_from_custom_fields_only() -> None:
    record = {"region": "top", "custom_fields": {"region": "EU"}}
    assert matches("region:'eu'", record, fields=None) is True
    assert matches("region:'top'", record, fields=None) is False
    assert matches("region:'eu'", {"custom_fields": None}, fields=None) is False


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"asset_state": "In Use"}, True),
        ({"type_fields": {"asset_state": "In Use"}}, True),
        ({"type_fields": {"asset_state_25": "In Use"}}, True),
        ({"type_fields": {"asset_state_x": "In Use"}}, False),  # not a type id
        ({"type_fields": {"asset_states_25": "In Use"}}, False),
        ({"type_fields": {"other_25": "In Use", "asset_state_25": "Missing"}}, False),
        ({"type_fields": None}, False),
        ({"type_fields": {5: "In Use"}}, False),
    ],
)
def test_asset_state_is_found_at_the_top_or_among_the_type_fields(
    record: dict[str, Any], expected: bool
) -> None:
    node = Comparison("asset_state", "eq", "in use")
    assert evaluate(node, record, ASSET_FIELDS) is expected


def test_and_needs_every_item_or_needs_one() -> None:
    a, b = Comparison("priority", "eq", 1), Comparison("status", "eq", 2)
    assert evaluate(And([a, b]), {"priority": 1, "status": 2}) is True
    assert evaluate(And([a, b]), {"priority": 1, "status": 3}) is False
    assert evaluate(Or([a, b]), {"priority": 4, "status": 2}) is True
    assert evaluate(Or([a, b]), {"priority": 4, "status": 3}) is False
    nested = Or([And([a, b]), Comparison("urgency", "eq", 3)])
    assert evaluate(nested, {"priority": 1, "status": 3, "urgency": 3}) is True
