"""Notification rules over mirror rows: what fires, once, and what never does.

Rows have the shape of the reference's ticket body (freshservice-api-v2.txt line 886:
responder_id, group_id, status, fr_due_by, due_by, updated_at) with the mirror's stats cut;
approvals the shape of line 3996 (approver_id, approval_status {id, name}; 0 = Requested, line
3957).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from fstui.config.model import NotificationPrefs
from fstui.store.cache import JsonCache
from fstui.store.notifications import Kind, Notifier, evaluate, in_quiet_hours

ME, COLLEAGUE, MY_GROUP, OTHER_GROUP = 7, 8, 21, 22
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def row(ticket_id: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": ticket_id,
        "subject": f"Printer {ticket_id} is on fire",
        "status": 2,
        "responder_id": None,
        "group_id": None,
        "updated_at": "2026-12-02T11:00:00Z",
        "fr_due_by": iso(NOW + timedelta(days=1)),
        "due_by": iso(NOW + timedelta(days=2)),
        "stats": {"first_responded_at": "2026-12-02T10:00:00Z"},
    }
    base.update(fields)
    return base


def rows(*items: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in items}


def kinds(events: list[Any]) -> list[tuple[Kind, int | None]]:
    return [(e.kind, e.ticket_id) for e in events]


def test_assigned_to_me_fires_once_and_not_again_after_a_restart(cache: JsonCache) -> None:
    before = rows(row(1), row(2))
    after = rows(row(1, responder_id=ME, updated_at="2026-12-02T11:59:00Z"), row(2))
    notifier = Notifier(cache)
    told = notifier.after_sync(before, after, ME, [MY_GROUP], NOW)
    assert kinds(told) == [(Kind.ASSIGNED, 1)]
    assert told[0].title == "#1 assigned to you" and told[0].body == "Printer 1 is on fire"
    assert notifier.after_sync(before, after, ME, [MY_GROUP], NOW) == []  # the same sync again
    restarted = Notifier(cache)  # a new process on the same cache
    assert restarted.after_sync(before, after, ME, [MY_GROUP], NOW) == []
    assert [n.key for n in restarted.recent()] == [told[0].key]


def test_never_for_my_own_changes(cache: JsonCache) -> None:
    before = rows(row(1), row(2, responder_id=ME, status=3))
    after = rows(
        row(1, responder_id=ME, updated_at="2026-12-02T11:59:00Z"),  # I took it
        row(2, responder_id=ME, status=2, updated_at="2026-12-02T11:59:00Z"),  # I reopened it
    )
    told = Notifier(cache).after_sync(before, after, ME, [], NOW, own_changes=[1])
    assert kinds(told) == [(Kind.REPLY, 2)]  # only the one I did not touch
    with JsonCache(cache.directory.parent / "other") as other:
        collecting = Notifier(other)
        collecting.note_own_change(1)  # as delivered writes are announced
        collecting.note_own_change(2)
        assert collecting.after_sync(before, after, ME, [], NOW) == []
    # A write the store applied to the mirror is already in `before`: no difference, no event.
    same = rows(row(1, responder_id=ME, updated_at="2026-12-02T11:59:00Z"))
    assert evaluate(same, same, me_id=ME, my_group_ids=[], now=NOW) == []


def test_the_first_fill_of_the_mirror_is_not_news(cache: JsonCache) -> None:
    after = rows(row(1, responder_id=ME), row(2, group_id=MY_GROUP))
    assert Notifier(cache).after_sync({}, after, ME, [MY_GROUP], NOW) == []


def test_a_new_ticket_in_my_group_with_nobody_on_it(cache: JsonCache) -> None:
    before = rows(row(1))
    after = rows(
        row(1),
        row(2, group_id=MY_GROUP),  # new to the mirror, unassigned, my group
        row(3, group_id=MY_GROUP, responder_id=COLLEAGUE),  # someone already has it
        row(4, group_id=OTHER_GROUP),
    )
    told = Notifier(cache).after_sync(before, after, ME, [MY_GROUP], NOW)
    assert kinds(told) == [(Kind.GROUP, 2)]


def test_a_requester_reply_on_my_ticket(cache: JsonCache) -> None:
    before = rows(row(1, responder_id=ME, status=3), row(2, responder_id=COLLEAGUE, status=3))
    later = "2026-12-02T11:58:00Z"
    after = rows(
        row(1, responder_id=ME, status=2, updated_at=later),
        row(2, responder_id=COLLEAGUE, status=2, updated_at=later),
    )
    assert kinds(Notifier(cache).after_sync(before, after, ME, [], NOW)) == [(Kind.REPLY, 1)]


def test_deadlines_within_the_lead_time(cache: JsonCache) -> None:
    soon, later = iso(NOW + timedelta(minutes=10)), iso(NOW + timedelta(minutes=40))
    unanswered = {"first_responded_at": None}
    after = rows(
        row(1, responder_id=ME, fr_due_by=soon, stats=unanswered),
        row(2, responder_id=ME, fr_due_by=soon),  # already answered
        row(3, responder_id=ME, fr_due_by=later, stats=unanswered),  # not yet within 15 min
        row(4, responder_id=ME, due_by=soon),
        row(5, responder_id=ME, due_by=soon, status=3),  # Pending: the SLA clock is paused
        row(6, responder_id=COLLEAGUE, due_by=soon),  # not mine
        row(7, group_id=MY_GROUP, due_by=iso(NOW - timedelta(minutes=1))),  # already overdue
        row(8, group_id=MY_GROUP, fr_due_by=soon, stats=unanswered),  # my group, nobody on it
    )
    notifier = Notifier(cache)
    told = notifier.after_sync(after, after, ME, [MY_GROUP], NOW)
    assert kinds(told) == [
        (Kind.FIRST_RESPONSE_DUE, 1),
        (Kind.RESOLUTION_DUE, 4),
        (Kind.FIRST_RESPONSE_DUE, 8),
    ]
    assert told[0].title == "#1: first response due in 10 min"
    five_minutes_on = NOW + timedelta(minutes=5)
    assert notifier.after_sync(after, after, ME, [MY_GROUP], five_minutes_on) == []
    # A new deadline is a new event.
    moved = rows(row(4, responder_id=ME, due_by=iso(NOW + timedelta(minutes=12))))
    assert kinds(notifier.after_sync(moved, moved, ME, [], NOW)) == [(Kind.RESOLUTION_DUE, 4)]


def test_the_lead_time_comes_from_the_profile(cache: JsonCache) -> None:
    after = rows(row(1, responder_id=ME, due_by=iso(NOW + timedelta(minutes=40))))
    assert Notifier(cache).after_sync(after, after, ME, [], NOW) == []
    wide = Notifier(cache, NotificationPrefs(due_minutes=60))
    assert kinds(wide.after_sync(after, after, ME, [], NOW)) == [(Kind.RESOLUTION_DUE, 1)]


def test_an_approval_waiting_for_me_takes_what_it_is_given(cache: JsonCache) -> None:
    approvals = [
        {"id": 1, "approver_id": ME, "approval_status": {"id": 0, "name": "requested"},
         "ticket_id": 5, "user_name": "Ronald Weasley"},
        {"id": 2, "approver_id": ME, "approval_status": {"id": 1, "name": "approved"}},
        {"id": 3, "approver_id": COLLEAGUE, "approval_status": {"id": 0, "name": "requested"}},
        {"id": 4, "approver_id": COLLEAGUE, "approval_status": {"id": 0}, "delegatee": {"id": ME}},
        {"approver_id": ME, "approval_status": {"id": 0}},  # no id: cannot be told once
    ]  # fmt: skip
    notifier = Notifier(cache)
    told = notifier.after_sync({}, {}, ME, [], NOW, approvals=approvals)
    assert [(n.kind, n.key) for n in told] == [
        (Kind.APPROVAL, "approval:1"),
        (Kind.APPROVAL, "approval:4"),
    ]
    assert told[0].title == "Approval waiting for you on #5"
    assert notifier.after_sync({}, {}, ME, [], NOW, approvals=approvals) == []
    assert notifier.after_sync({}, {}, ME, [], NOW) == []  # no approvals data at all


def test_switches_and_quiet_hours_from_the_profile(cache: JsonCache) -> None:
    before = rows(row(1), row(2))
    after = rows(
        row(1, responder_id=ME, updated_at="2026-12-02T11:59:00Z"),
        row(2, group_id=MY_GROUP, updated_at="2026-12-02T11:59:00Z"),
    )
    prefs = NotificationPrefs(group=False, quiet_hours="11:30-13:00")
    told = Notifier(cache, prefs, zone=UTC).after_sync(before, after, ME, [MY_GROUP], NOW)
    assert kinds(told) == [(Kind.ASSIGNED, 1)] and told[0].quiet  # listed, not sounded
    # A switched-off kind is not remembered as told: switching it on later still tells it.
    on = Notifier(cache, NotificationPrefs(), zone=UTC).after_sync(
        before, after, ME, [MY_GROUP], NOW
    )
    assert kinds(on) == [(Kind.GROUP, 2)] and not on[0].quiet


@pytest.mark.parametrize(
    ("spec", "hour", "quiet"),
    [("22:00-07:00", 23, True), ("22:00-07:00", 6, True), ("22:00-07:00", 7, False),
     ("09:00-17:00", 12, True), ("09:00-17:00", 17, False), (None, 3, False)],
)  # fmt: skip
def test_quiet_hours_wrap_midnight(spec: str | None, hour: int, quiet: bool) -> None:
    zone = timezone(timedelta(hours=2))
    moment = datetime(2026, 12, 2, hour, 30, tzinfo=zone)
    assert in_quiet_hours(spec, moment.astimezone(UTC), zone) is quiet


def test_text_from_the_server_is_inert(cache: JsonCache) -> None:
    before = rows(row(1))
    evil = "Hi\x1b]52;c;cm0gLXJmIH4=\x07 there\x1b[2J\u202e"
    after = rows(row(1, responder_id=ME, subject=evil, updated_at="2026-12-02T11:59:00Z"))
    told = Notifier(cache).after_sync(before, after, ME, [], NOW)
    assert told[0].body == "Hi there"
    assert Notifier(cache).recent()[0].body == "Hi there"
