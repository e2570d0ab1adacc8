"""Properties over many generated queries: round trips, agreement, and no stray exceptions."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fstui.query import (
    TICKET_FIELDS,
    And,
    Comparison,
    FieldType,
    Node,
    Or,
    QueryError,
    evaluate,
    parse,
    to_query,
)

_RESERVED = {name.lower() for name in TICKET_FIELDS} | {"and", "or"}
_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
_texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_custom_names = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda name: name not in _RESERVED
)


def _known_comparison(name: str) -> st.SearchStrategy[Comparison]:
    spec = TICKET_FIELDS[name]
    options: list[st.SearchStrategy[Comparison]] = []
    if spec.nullable:
        options.append(st.just(Comparison(name, "eq", None)))
    if spec.type is FieldType.NUMBER:
        equal = st.sampled_from(sorted(spec.choices)) if spec.choices else st.integers(0, 10**11)
        options.append(equal.map(lambda v: Comparison(name, "eq", v)))
        bounds = st.tuples(st.sampled_from(["ge", "le"]), st.integers(0, 10**11))
        options.append(bounds.map(lambda ov: Comparison(name, ov[0], ov[1])))  # type: ignore[arg-type]
    elif spec.type is FieldType.STRING:
        options.append(_texts.map(lambda v: Comparison(name, "eq", v)))
    elif spec.type is FieldType.DATE:
        bounds_d = st.tuples(st.sampled_from(["ge", "le"]), _dates)
        options.append(bounds_d.map(lambda ov: Comparison(name, ov[0], ov[1])))  # type: ignore[arg-type]
    return st.one_of(options)


def _custom_comparison() -> st.SearchStrategy[Comparison]:
    def build(name: str, kind: str, data: Any) -> Comparison:
        return Comparison(name, kind, data)  # type: ignore[arg-type]

    return st.one_of(
        st.builds(build, _custom_names, st.just("eq"), st.none() | st.booleans() | _texts),
        st.builds(build, _custom_names, st.sampled_from(["eq", "ge", "le"]), st.integers(-99, 99)),
        st.builds(build, _custom_names, st.sampled_from(["ge", "le"]), _dates),
    )


comparisons = st.one_of(
    st.sampled_from(sorted(TICKET_FIELDS)).flatmap(_known_comparison),
    _custom_comparison(),
)

nodes: st.SearchStrategy[Node] = st.recursive(
    comparisons,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=4).map(And),
        st.lists(children, min_size=2, max_size=4).map(Or),
    ),
    max_leaves=8,
)


@given(nodes)
@settings(max_examples=300)
def test_to_query_then_parse_gives_the_same_tree(node: Node) -> None:
    text = to_query(node)
    assume(len(text) <= 512)
    assert parse(text) == node


_field_values = st.one_of(
    st.none(), st.booleans(), st.integers(0, 5), st.sampled_from(["a", "A", "", "b"])
)
_date_values = st.one_of(
    st.none(),
    _dates.map(lambda d: f"{d.isoformat()}T12:00:00Z"),
    st.just("tickets[0]_due_by"),
)


def _records() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "priority": st.integers(1, 4),
            "status": st.integers(2, 5),
            "responder_id": st.none() | st.integers(0, 3),
            "group_id": st.none() | st.integers(0, 3),
            "tags": st.lists(st.sampled_from(["a", "b", "A"]), max_size=3),
            "created_at": _date_values,
            "due_by": _date_values,
            "custom_fields": st.dictionaries(_custom_names, _field_values, max_size=3),
        }
    )


def _oracle(node: Node, record: dict[str, Any]) -> bool:
    """A deliberately plain restatement of the matching rules for generated records."""
    if isinstance(node, And):
        return all(_oracle(item, record) for item in node.items)
    if isinstance(node, Or):
        return any(_oracle(item, record) for item in node.items)
    key = {"agent_id": "responder_id", "tag": "tags"}.get(node.field, node.field)
    if node.field in TICKET_FIELDS:
        actual = record.get(key)
    else:
        actual = record["custom_fields"].get(node.field)
    values = actual if isinstance(actual, list) else [actual]
    if node.value is None:
        return actual in (None, "", [])
    for value in values:
        if value is None or value == "":
            if isinstance(node.value, str) and value == "" and node.value == "":
                return True
            continue
        expected: Any = node.value
        if isinstance(expected, date):
            if not (isinstance(value, str) and value[:1].isdigit()):
                continue
            value = date.fromisoformat(value[:10])
        elif isinstance(expected, bool):
            if not isinstance(value, bool):
                continue
        elif isinstance(expected, int):
            if isinstance(value, bool) or not isinstance(value, int):
                continue
        elif isinstance(expected, str):
            if not isinstance(value, str):
                continue
            value, expected = value.casefold(), expected.casefold()
        if (node.op == "eq" and value == expected) or (
            (node.op == "ge" and value >= expected) or (node.op == "le" and value <= expected)
        ):
            return True
    return False


@given(nodes, _records())
@settings(max_examples=300)
def test_evaluate_agrees_with_the_rules_and_survives_a_round_trip(
    node: Node, record: dict[str, Any]
) -> None:
    expected = _oracle(node, record)
    assert evaluate(node, record) is expected
    text = to_query(node)
    if len(text) <= 512:
        assert evaluate(parse(text), record) is expected


_query_alphabet = string.ascii_letters[:8] + "priotyAND OR nul:><'()\"\\-0123456789_ \t"


@given(st.one_of(st.text(max_size=80), st.text(_query_alphabet, max_size=80)))
@settings(max_examples=500)
def test_arbitrary_text_raises_only_query_error(text: str) -> None:
    try:
        node = parse(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert error.message
        assert error.caret(text).count("\n") == 1
    else:
        assert parse(to_query(node)) == node
