"""What a user sees when a query is wrong: the words and where the caret goes."""

from __future__ import annotations

import pytest

from fstui.query import ASSET_FIELDS, FieldType, QueryError, custom_field, parse


def _error(text: str, **kwargs: object) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text, **kwargs)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "the query is empty: write a condition such as priority:3", 0),
        ('"   "', "the query is empty: write a condition such as priority:3", 1),
        ("(priority:1 AND status:2", "this '(' is never closed", 0),
        ("priority:1 AND (status:2 OR (urgency:3)", "this '(' is never closed", 15),
        ("priority:1)", "this ')' has no matching '('", 10),
        ("()", "expected a condition inside the parentheses", 1),
        ("priority:", "expected a value after 'priority:'", 9),
        ("priority: AND status:2", "expected a value after 'priority:'", 10),
        ("(priority:>)", "expected a value after 'priority:>'", 11),
        ("priority:1 AND", "expected a condition after 'AND'", 14),
        ("priority:1 or ", "expected a condition after 'or'", 14),
        ("AND priority:1", "expected a condition such as priority:3, not 'AND'", 0),
        (":3", "expected a field name before ':'", 0),
        ("priority 3", "expected ':' after 'priority' (e.g. priority:value)", 9),
        (
            "priority=3",
            "unknown operator '=': use ':' (equals), ':>' (at least) or ':<' (at most)",
            8,
        ),
        (
            "priority:>=3",
            "unknown operator ':>=': use ':' (equals), ':>' (at least) or ':<' (at most)",
            8,
        ),
        (
            "priority>3",
            "unknown operator '>': use ':' (equals), ':>' (at least) or ':<' (at most)",
            8,
        ),
        ("email:'abc@example.com", "this text value is missing its closing quote (')", 6),
        ('email:"abc"', "use single quotes around text values, not double quotes", 6),
        (
            "created_at:>'2021-13-01'",
            "'2021-13-01' is not a date: write dates as 'YYYY-MM-DD'",
            12,
        ),
        (
            "due_by:<'2021-01-01T10:00:00Z'",
            "'2021-01-01T10:00:00Z' is not a date: write dates as 'YYYY-MM-DD'",
            8,
        ),
        (
            "created_at:>2021-01-01",
            "put dates in single quotes: created_at:>'2021-01-01'",
            12,
        ),
        (
            "created_at:'2021-01-01'",
            "created_at is a date: use ':>' (on or after) or ':<' (on or before)",
            10,
        ),
        ("priority:'high'", "priority takes a number, not text", 9),
        ("priority:high", "priority takes a number, not 'high'", 9),
        ("status:true", "status takes a number, not true/false", 7),
        ("email:abc", "put text values in single quotes: email:'abc'", 6),
        ("email:>'a'", "email is text: ':>' and ':<' work only with numbers and dates", 5),
        ("priority:7", "priority must be one of 1, 2, 3, 4", 9),
        ("priority:null", "priority cannot be null", 9),
        ("agent_id:>null", "null works only with ':' (agent_id:null)", 8),
        ("priority:1 status:2", "expected AND or OR before 'status'", 11),
        ("priority:1 'x'", "expected AND or OR before 'x'", 11),
        ("(priority:1 status:2)", "expected AND, OR or ')' before 'status'", 12),
        (
            "priority:1.5",
            "'1.5' is not a value: use a whole number, true, false, null "
            "or 'text in single quotes'",
            9,
        ),
        ("priority:1 & status:2", "unexpected character '&'", 11),
        ("created_at:>20210101", "created_at takes a date in quotes such as '2024-01-31'", 12),
        (
            "custom_flag:>true",
            "custom_flag is true/false: ':>' and ':<' work only with numbers and dates",
            11,
        ),
        ("custom_text:>'abc'", "'abc' is not a date: write dates as 'YYYY-MM-DD'", 13),
        ('"priority:1', "the query opens with a double quote but does not close it", 0),
    ],
)
def test_error_message_and_position(text: str, message: str, position: int) -> None:
    error = _error(text)
    assert error.message == message
    assert error.position == position


def test_query_longer_than_512_characters_is_refused_at_the_limit() -> None:
    text = " OR ".join(["priority:1"] * 40)  # 556 characters
    error = _error(f'"{text}"')
    assert error.message == "the query is 556 characters long; the limit is 512"
    assert error.position == 513  # the 513th character, counted after the opening quote


def test_exactly_512_characters_is_allowed() -> None:
    parse(" " * 502 + "priority:1")
    error = _error(" " * 503 + "priority:1")
    assert error.position == 512


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    error = _error("(" * 100 + "priority:1" + ")" * 100)
    assert error.message == "too many nested parentheses (at most 32)"
    assert error.position == 32


def test_error_codes_match_the_api() -> None:
    assert _error("priority:'high'").code == "datatype_mismatch"
    assert _error("priority:").code == "invalid_value"
    unknown = _error("colour:'red'", allow_unknown_custom=False)
    assert (unknown.code, unknown.message, unknown.position) == (
        "invalid_field",
        "unknown field 'colour'",
        0,
    )


def test_custom_field_types_are_enforced_when_given() -> None:
    custom = {"cost": custom_field("cost", FieldType.NUMBER)}
    error = _error("cost:'cheap'", custom_fields=custom)
    assert error.message == "cost takes a number, not text"
    parse("cost:>100", custom_fields=custom)


def test_unknown_asset_field_message() -> None:
    error = _error("serial:'x'", fields=ASSET_FIELDS, allow_unknown_custom=False)
    assert error.message == "unknown field 'serial'"


def test_caret_points_under_the_problem() -> None:
    text = "priority:3 AND status:'open'"
    error = _error(text)
    assert error.caret(text) == "priority:3 AND status:'open'\n                      ^"


def test_caret_at_the_end_of_the_text() -> None:
    error = _error("priority:")
    assert error.caret("priority:") == "priority:\n         ^"


def test_error_body_has_the_api_shape() -> None:
    body = _error("priority:'x'").to_error_body()
    assert body == {
        "description": "Validation failed",
        "errors": [
            {
                "field": "query",
                "message": "priority takes a number, not text",
                "code": "datatype_mismatch",
            }
        ],
    }
