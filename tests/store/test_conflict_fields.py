"""A conflict is a field that changed, not a field the server's answer left out.

A ticket view carries tags only with `include=tags` (reference line 894); the outbox's conflict
check reads the ticket without it. The agent saw tags in the detail, so a check that read the
missing field as "now empty" held every property edit as a conflict on tags.
"""

from __future__ import annotations

from fstui.api import Ticket
from fstui.store.outbox import Write, _changes


def test_a_field_the_answer_left_out_is_not_a_change() -> None:
    write = Write(
        kind="update_ticket",
        ticket_id=7,
        payload={"status": 3},
        expected_updated_at="2026-11-24T09:00:00Z",
        base={"status": 2, "priority": 2, "tags": ["vpn"]},
    )
    current = Ticket.model_validate({"id": 7, "status": 2, "priority": 2})
    from fstui.store.outbox import _as_mapping

    assert _changes(write, _as_mapping(current)) == ()


def test_a_field_that_did_change_is_still_a_conflict() -> None:
    from fstui.store.outbox import _as_mapping

    write = Write(
        kind="update_ticket",
        ticket_id=7,
        payload={"status": 3},
        expected_updated_at="2026-11-24T09:00:00Z",
        base={"status": 2, "priority": 2, "tags": ["vpn"]},
    )
    current = Ticket.model_validate({"id": 7, "status": 2, "priority": 4, "tags": []})
    names = {change.name for change in _changes(write, _as_mapping(current))}
    assert names == {"priority", "tags"}
