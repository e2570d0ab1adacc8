"""Short phrases for ages, SLA countdowns, sizes and time spent, at their edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fstui.text import Attachment, format_size, hhmm, parse_hhmm, relative_time, sla_countdown

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "ago, expected",
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=60), "1m ago"),
        (timedelta(minutes=3, seconds=59), "3m ago"),
        (timedelta(minutes=59, seconds=59), "59m ago"),
        (timedelta(hours=1), "1h ago"),
        (timedelta(hours=23, minutes=59), "23h ago"),
        (timedelta(days=1), "1d ago"),
        (timedelta(days=5, hours=3), "5d ago"),
        (timedelta(days=59), "59d ago"),
        (timedelta(days=90), "3mo ago"),
        (timedelta(days=800), "2y ago"),
        (timedelta(hours=-2), "in 2h"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(days=-3), "in 3d"),
    ],
)
def test_relative_time(ago: timedelta, expected: str) -> None:
    assert relative_time(NOW - ago, NOW) == expected


def test_relative_time_mixes_naive_and_aware_as_utc() -> None:
    naive = datetime(2024, 3, 10, 11, 0)
    assert relative_time(naive, NOW) == "1h ago"
    assert relative_time(NOW, naive) == "in 1h"


def test_relative_time_across_zones() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert relative_time(datetime(2024, 3, 10, 20, 30, tzinfo=tokyo), NOW) == "30m ago"


@pytest.mark.parametrize(
    "left, expected",
    [
        (None, ("", "none")),
        (timedelta(seconds=30), ("due now", "soon")),
        (timedelta(0), ("due now", "soon")),
        (timedelta(seconds=-30), ("due now", "overdue")),
        (timedelta(minutes=45), ("in 45m", "soon")),
        (timedelta(hours=1, minutes=59), ("in 1h 59m", "soon")),
        (timedelta(hours=2), ("in 2h", "today")),
        (timedelta(hours=11, minutes=59), ("in 11h 59m", "today")),
        (timedelta(hours=12), ("in 12h", "later")),  # midnight: tomorrow already
        (timedelta(days=3, hours=4), ("in 3d 4h", "later")),
        (timedelta(minutes=-5), ("overdue 5m", "overdue")),
        (timedelta(hours=-2, minutes=-30), ("overdue 2h 30m", "overdue")),
        (timedelta(days=-3), ("overdue 3d", "overdue")),
    ],
)
def test_sla_countdown(left: timedelta | None, expected: tuple[str, str]) -> None:
    due = None if left is None else NOW + left
    assert sla_countdown(due, NOW) == expected


def test_sla_today_is_the_agents_calendar_day() -> None:
    # 23:00 local in UTC-5 is 04:00 UTC the next day: still "today" for that agent.
    zone = timezone(timedelta(hours=-5))
    now = datetime(2024, 3, 10, 18, 0, tzinfo=zone)
    due = datetime(2024, 3, 11, 4, 0, tzinfo=UTC)
    assert sla_countdown(due, now) == ("in 5h", "today")
    assert sla_countdown(due + timedelta(hours=2), now)[1] == "later"


def test_sla_countdown_accepts_naive_due() -> None:
    assert sla_countdown(datetime(2024, 3, 10, 12, 30), NOW) == ("in 30m", "soon")


@pytest.mark.parametrize(
    "minutes, text", [(0, "00:00"), (5, "00:05"), (90, "01:30"), (600, "10:00"), (7230, "120:30")]
)
def test_hhmm_round_trips(minutes: int, text: str) -> None:
    assert hhmm(minutes) == text
    assert parse_hhmm(text) == minutes


def test_hhmm_refuses_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        hhmm(-1)


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("1:30", 90),
        (" 01:30 ", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("2h", 120),
        ("90m", 90),
        ("45 min", 45),
        ("3 hours", 180),
    ],
)
def test_parse_hhmm_accepts_what_agents_type(text: str, minutes: int) -> None:
    assert parse_hhmm(text) == minutes


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "hh:mm"),
        ("   ", "hh:mm"),
        ("1:75", "00-59"),
        ("1:5", "two digits"),
        ("90", "no unit"),
        ("abc", "not a duration"),
        ("1:30:00", "not a duration"),
        ("-1:30", "not a duration"),
        ("\u0661:\u0663\u0660", "not a duration"),  # Arabic-Indic digits
    ],
)
def test_parse_hhmm_explains_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hhmm(text)


def test_parse_hhmm_message_does_not_echo_huge_input() -> None:
    with pytest.raises(ValueError) as caught:
        parse_hhmm("x" * 10_000)
    assert len(str(caught.value)) < 120


@pytest.mark.parametrize(
    "size, text",
    [
        (None, ""),
        (-1, ""),
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1.0 KB"),
        (1536, "1.5 KB"),
        (1_258_291, "1.2 MB"),
        (15 * 1024 * 1024, "15 MB"),
        (1024 * 1024 - 1, "1.0 MB"),  # rounds up across the unit boundary
        (5 * 1024**3, "5.0 GB"),
        (3 * 1024**6, "3072 PB"),
    ],
)
def test_format_size(size: int | None, text: str) -> None:
    assert format_size(size) == text


def test_attachment_label_is_safe_and_sized() -> None:
    assert Attachment("report\x1b[31m.pdf", 1_258_291).label == "report.pdf (1.2 MB)"
    assert Attachment("", None).label == "(unnamed)"
