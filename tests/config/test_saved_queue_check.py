"""Saved queues are checked before anything is sent: which queue, what is wrong, where."""

from __future__ import annotations

from fstui.config import Profile, SavedQueue, saved_queue_problems


def _profile(*queues: tuple[str, str]) -> Profile:
    return Profile(name="p", saved_queues=tuple(SavedQueue(n, q) for n, q in queues))


def test_only_the_malformed_queues_are_reported_in_file_order() -> None:
    profile = _profile(
        ("Fine", "status:2"),
        ("VIP", "priority:4 AND"),
        ("Mine", "agent_id:me"),
        ("Quoted", '"status:2 OR status:3"'),
    )
    problems = saved_queue_problems(profile)
    assert [p.queue.name for p in problems] == ["VIP", "Mine"]
    vip, mine = problems
    assert vip.position == 14
    assert vip.describe() == (
        "saved queue \"VIP\": expected a condition after 'AND' (at position 14)"
    )
    assert vip.caret() == "priority:4 AND\n              ^"
    assert mine.position == 9  # under 'me', the bare word that needs quotes or a number
    assert mine.caret().split("\n")[1].index("^") == 9


def test_no_queues_no_problems() -> None:
    assert saved_queue_problems(Profile(name="p")) == []


def test_hostile_name_and_query_are_shown_inert_with_the_caret_still_in_place() -> None:
    problems = saved_queue_problems(_profile(("\x1b]2;HX-T\x07Bad\u202e", "status:2 \x1b[2JAND")))
    (problem,) = problems
    assert problem.describe().startswith('saved queue "Bad":')
    assert "\x1b" not in problem.describe() and "\u202e" not in problem.describe()
    assert problem.position == 9  # the parser stops at the ESC
    assert problem.caret() == "status:2 AND\n         ^"  # the CSI is gone, the caret in place
