"""The parser's edges that mutation testing found unpinned (issue 17, second pass).

A lone or empty pair of wrapping double quotes, many sibling groups against the nesting limit
(the depth must come back down after each group), and fields named like the keywords AND/OR:
each is something an agent typing a `:` query would run into, and each error must say what
is wrong rather than something about another part of the query.
"""

from __future__ import annotations

import pytest

from fstui.query import MAX_LENGTH, And, Comparison, QueryError, parse
from fstui.query.parser import MAX_DEPTH


def error_of(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text)
    return caught.value


def test_a_lone_double_quote_is_an_unclosed_quote() -> None:
    assert "does not close" in str(error_of('"'))
    assert "does not close" in str(error_of('  "  '))


def test_an_empty_pair_of_double_quotes_is_an_empty_query() -> None:
    assert "empty" in str(error_of('""'))
    assert parse('"priority:3"') == Comparison("priority", "eq", 3)


def test_sibling_groups_do_not_add_up_to_the_nesting_limit() -> None:
    text = "OR".join(["(x:1)"] * (MAX_DEPTH + 1))
    assert len(text) <= MAX_LENGTH
    assert parse(text) is not None  # 33 groups side by side, none inside another


def test_the_nesting_limit_holds_after_a_closed_group() -> None:
    deep = "(" * (MAX_DEPTH + 1) + "x:1" + ")" * (MAX_DEPTH + 1)
    assert "nested" in str(error_of(f"(x:1)OR{deep}"))
    ok = "(" * MAX_DEPTH + "x:1" + ")" * MAX_DEPTH
    assert parse(f"(x:1)OR{ok}") is not None


def test_a_field_named_and_is_a_field() -> None:
    assert parse("and:5") == Comparison("and", "eq", 5)


def test_a_field_named_or_after_and_is_a_field() -> None:
    expected = And([Comparison("priority", "eq", 3), Comparison("or", "eq", 5)])
    assert parse("priority:3 AND or:5") == expected


def test_a_field_named_or_without_a_keyword_before_it_asks_for_and_or_or() -> None:
    assert "expected AND or OR" in str(error_of("priority:3 or:5"))
