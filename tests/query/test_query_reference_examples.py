"""Every example query in the reference parses and selects the records it describes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from fstui.query import ASSET_FIELDS, And, Comparison, Or, evaluate, parse, to_query

REFERENCE = Path(__file__).parents[2] / ".." / "shared" / "reference" / "freshservice-api-v2.txt"


def _ticket(**overrides: Any) -> dict[str, Any]:
    ticket: dict[str, Any] = {
        "id": 1,
        "priority": 1,
        "status": 2,
        "urgency": 1,
        "impact": 1,
        "group_id": None,
        "responder_id": None,
        "requester_id": 7,
        "created_at": "2021-03-04T10:00:00Z",
        "due_by": "2021-03-06T10:00:00Z",
        "fr_due_by": "2021-03-05T10:00:00Z",
        "custom_fields": {"custom_dropdown": None, "custom_checkbox": False},
        "workspace_id": 2,
    }
    ticket.update(overrides)
    return ticket


def _curl_queries(section_start: str, section_end: str, param: str) -> list[str]:
    if not REFERENCE.exists():
        pytest.skip(f"reference text not found at {REFERENCE}")
    text = REFERENCE.read_text(encoding="utf-8")
    section = text[text.index(section_start) : text.index(section_end)]
    found = re.findall(param + r'=("[^"]*")', section)
    return [unquote(query) for query in found]


def test_every_ticket_filter_example_in_the_reference_parses() -> None:
    queries = _curl_queries("Filter Tickets", "View List of Tickets", "query")
    assert len(queries) >= 9
    for query in queries:
        node = parse(query)
        assert parse(to_query(node)) == node, query


def test_every_asset_filter_example_in_the_reference_parses() -> None:
    queries = _curl_queries("Filter Assets", "Update an Asset", "filter")
    assert len(queries) >= 2
    for query in queries:
        node = parse(query, ASSET_FIELDS)
        assert parse(to_query(node), ASSET_FIELDS) == node


def test_and_binds_tighter_than_or() -> None:
    node = parse('"priority: 1 AND status: 2 OR urgency: 3"')
    assert node == Or(
        [
            And([Comparison("priority", "eq", 1), Comparison("status", "eq", 2)]),
            Comparison("urgency", "eq", 3),
        ]
    )
    assert evaluate(node, _ticket(priority=4, status=5, urgency=3))
    assert evaluate(node, _ticket(priority=1, status=2, urgency=1))
    assert not evaluate(node, _ticket(priority=1, status=5, urgency=1))


def test_urgent_or_high_priority() -> None:
    node = parse("priority:4 OR priority:3")
    assert evaluate(node, _ticket(priority=4))
    assert evaluate(node, _ticket(priority=3))
    assert not evaluate(node, _ticket(priority=2))


def test_at_least_priority_in_group_and_status() -> None:
    node = parse("priority:>3 AND group_id:11 AND status:2")
    assert evaluate(node, _ticket(priority=3, group_id=11, status=2))
    assert evaluate(node, _ticket(priority=4, group_id=11, status=2))
    assert not evaluate(node, _ticket(priority=2, group_id=11, status=2))
    assert not evaluate(node, _ticket(priority=4, group_id=12, status=2))


def test_mixed_case_field_and_spaces_with_a_date_range() -> None:
    node = parse("\" priorIty: 3 AND created_at:>'2020-01-01' AND created_at:<'2021-01-01'\"")
    assert to_query(node) == "priority:3 AND created_at:>'2020-01-01' AND created_at:<'2021-01-01'"
    assert evaluate(node, _ticket(priority=3, created_at="2020-06-01T08:00:00Z"))
    # Bounds are inclusive and compare on the date part only.
    assert evaluate(node, _ticket(priority=3, created_at="2021-01-01T23:59:59Z"))
    assert evaluate(node, _ticket(priority=3, created_at="2020-01-01T00:00:00Z"))
    assert not evaluate(node, _ticket(priority=3, created_at="2021-01-02T00:00:00Z"))
    assert not evaluate(node, _ticket(priority=3, created_at="tickets[0]_created_at"))


def test_custom_dropdown_or_checkbox() -> None:
    node = parse("(custom_dropdown:'First Choice' OR custom_checkbox: true)")
    first = {"custom_dropdown": "First Choice", "custom_checkbox": False}
    checked = {"custom_dropdown": "Other", "custom_checkbox": True}
    neither = {"custom_dropdown": "Other", "custom_checkbox": False}
    assert evaluate(node, _ticket(custom_fields=first))
    assert evaluate(node, _ticket(custom_fields=checked))
    assert not evaluate(node, _ticket(custom_fields=neither))
    assert not evaluate(node, _ticket(custom_fields={}))


def test_tag_matches_any_of_the_ticket_tags() -> None:
    node = parse("tag: 'abc'")
    assert evaluate(node, _ticket(tags=["urgent", "ABC"]))
    assert not evaluate(node, _ticket(tags=["abcd"]))
    assert not evaluate(node, _ticket())


def test_null_agent_means_unassigned() -> None:
    node = parse("agent_id:null")
    assert evaluate(node, _ticket(responder_id=None))
    assert not evaluate(node, _ticket(responder_id=21001397559))
    assert evaluate(parse("agent_id:21001397559"), _ticket(responder_id=21001397559))


def test_requester_email_is_read_from_the_included_requester() -> None:
    node = parse("email:'Andrea@Example.com'")
    assert evaluate(node, _ticket(requester={"email": "andrea@example.com"}))
    assert evaluate(node, _ticket(email="andrea@example.com"))
    assert not evaluate(node, _ticket(requester={"email": "bob@example.com"}))


def test_asset_state_is_read_from_suffixed_type_fields() -> None:
    node = parse(" asset_state:'IN STOCK' AND created_at:>'2018-08-10' ", ASSET_FIELDS)
    asset = {
        "id": 65,
        "asset_type_id": 25,
        "created_at": "2018-08-10T07:48:11Z",
        "type_fields": {"asset_state_25": "In Stock", "serial_number_25": "HSN1"},
    }
    assert evaluate(node, asset, ASSET_FIELDS)
    in_use = {**asset, "type_fields": {"asset_state_25": "In Use"}}
    assert not evaluate(node, in_use, ASSET_FIELDS)
    older = {**asset, "created_at": "2018-08-09T23:00:00Z"}
    assert not evaluate(node, older, ASSET_FIELDS)


def test_asset_fields_accept_null_and_workspace() -> None:
    node = parse("asset_state:'IN STOCK' AND workspace_id: 3 AND user_id:null", ASSET_FIELDS)
    asset = {"workspace_id": 3, "user_id": None, "asset_state": "in stock"}
    assert evaluate(node, asset, ASSET_FIELDS)
    assert not evaluate(node, {**asset, "user_id": 9}, ASSET_FIELDS)
