"""The app builds its queues' queries from parts; the text it sends must be what it means."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fstui.query import And, Comparison, Or, Q, evaluate, parse, quote_for_url, to_query


def test_unassigned_open_queue_reads_like_the_query_it_sends() -> None:
    queue = Q.eq("status", 2) & Q.null("agent_id") & Q.ge("priority", 3)
    assert queue == And(
        [
            Comparison("status", "eq", 2),
            Comparison("agent_id", "eq", None),
            Comparison("priority", "ge", 3),
        ]
    )
    assert to_query(queue) == "status:2 AND agent_id:null AND priority:>3"
    assert parse(to_query(queue)) == queue


def test_or_inside_and_is_parenthesised() -> None:
    mine = Q.eq("status", 2) & (Q.null("agent_id") | Q.eq("agent_id", 21001397559))
    assert to_query(mine) == "status:2 AND (agent_id:null OR agent_id:21001397559)"
    assert evaluate(mine, {"status": 2, "responder_id": None})
    assert evaluate(mine, {"status": 2, "responder_id": 21001397559})
    assert not evaluate(mine, {"status": 2, "responder_id": 5})


def test_and_inside_or_is_parenthesised_so_no_server_can_misread_it() -> None:
    node = (Q.eq("priority", 4) & Q.eq("status", 2)) | Q.eq("urgency", 3)
    assert to_query(node) == "(priority:4 AND status:2) OR urgency:3"


def test_dates_and_datetimes_become_quoted_days() -> None:
    overdue = Q.le("due_by", date(2024, 5, 1)) & Q.ge("created_at", datetime(2024, 1, 2, 9, 30))
    assert to_query(overdue) == "due_by:<'2024-05-01' AND created_at:>'2024-01-02'"


def test_text_with_quotes_is_escaped() -> None:
    node = Q.eq("custom_dropdown", "Andrea's laptop")
    assert to_query(node) == "custom_dropdown:'Andrea\\'s laptop'"
    assert parse(to_query(node)) == node


def test_one_of_builds_an_or_of_the_values() -> None:
    assert Q.one_of("status", [3, 4]) == Or(
        [Comparison("status", "eq", 3), Comparison("status", "eq", 4)]
    )
    assert Q.one_of("status", [2]) == Comparison("status", "eq", 2)
    with pytest.raises(ValueError):
        Q.one_of("status", [])


def test_bounds_refuse_values_the_api_cannot_order() -> None:
    with pytest.raises(TypeError):
        Q.ge("email", "a")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Q.eq("status", 2.5)  # type: ignore[arg-type]


def test_quote_for_url_wraps_once() -> None:
    assert quote_for_url(Q.eq("priority", 3)) == '"priority:3"'
    assert quote_for_url("priority:4 OR priority:3") == '"priority:4 OR priority:3"'
    assert quote_for_url('"priority:3"') == '"priority:3"'
