"""The budget in words for the status bar: which limit holds the next call, and for how long.

Why words: "API 98/100/min" told agents the account had room while the ticket-view sub-limit
(40 a minute on Starter) had run out and their ticket stayed blank. The status bar names the
bucket that decides, and a waiting request says what it waits for.
"""

from __future__ import annotations

import math

from fstui.api import BudgetStats, BudgetWait

__all__ = ["bucket_name", "describe_budget", "describe_wait", "room_for"]

_NAMES = {
    "account": "account",
    "list_tickets": "ticket lists",
    "view_ticket": "ticket views",
    "create_ticket": "ticket creation",
    "update_ticket": "ticket updates",
    "list_assets": "asset lists",
    "update_asset": "asset updates",
    "list_agents": "agent lists",
    "list_requesters": "requester lists",
}


def bucket_name(bucket: str) -> str:
    return _NAMES.get(bucket, bucket.replace("_", " "))


def describe_wait(wait: BudgetWait | None, now: float) -> str:
    """`waiting for API budget: ticket views 40/min, ~12 s`, or "" when nothing waits."""
    if wait is None:
        return ""
    seconds = max(1, math.ceil(wait.until - now))
    if wait.bucket == "paused":
        return f"rate limited by Freshservice (429): waiting ~{seconds} s"
    limit = f" {wait.limit}/min" if wait.limit else ""
    return f"waiting for API budget: {bucket_name(wait.bucket)}{limit}, ~{seconds} s"


def describe_budget(stats: BudgetStats | None) -> tuple[int | None, int | None, str]:
    """(remaining, limit, bucket words) of the budget that limits the next call: the
    sub-limit when it is the tighter one, else the account."""
    if stats is None:
        return None, None, ""
    tightest = stats.tightest
    if tightest is not None and tightest[0] != "account":
        return tightest[1], tightest[2], bucket_name(tightest[0])
    return stats.remaining, stats.limit, ""


def room_for(stats: BudgetStats | None, operation: str) -> tuple[int | None, int | None, str]:
    """(remaining, limit, bucket words) for calls of one operation (`update_ticket` for a
    bulk change): its sub-limit when that has less room than the account, else the account.
    A bulk confirmation quotes this, so "40 left" is the budget those calls really draw on."""
    if stats is None:
        return None, None, ""
    sub = stats.buckets.get(operation)
    if sub is not None and (stats.remaining is None or sub[0] <= stats.remaining):
        return sub[0], sub[1], bucket_name(operation)
    return stats.remaining, stats.limit, ""
