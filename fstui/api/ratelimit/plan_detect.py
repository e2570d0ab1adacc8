"""Which Freshservice plan an account is on, read from the limits its headers taught the limiter.

Most agents do not know their account's plan, and a wrong ``plan`` in the config gives the
limiter the wrong table until the headers correct it. The headers are the truth: the account
limit arrives as ``X-Ratelimit-Total`` on any call without a sub-limit of its own (api-facts.md
#1: total=500 on /groups, 140 on /agents, same tenant, same minute), and the sub-limits of the
plan table identify the plan too, bucket by bucket.

Pure functions over learned limits (bucket name -> total), the shape of
``BudgetStats.learned_limits``, plus ``LimitRecorder``, a transport wrapper that notes every
``X-Ratelimit-Total`` a response carried. The recorder exists because the limiter only stores a
total that differs from its table: a Starter account seen through the default Starter table
teaches the limiter nothing, yet its headers still say 100.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from fstui.api.ratelimit.plans import ACCOUNT, PLANS, Operation, classify

__all__ = [
    "ACCOUNT_LIMIT_PLANS",
    "LimitRecorder",
    "bucket_of",
    "detect_plan",
    "plan_from_account_limit",
    "plan_in_effect",
]

ACCOUNT_LIMIT_PLANS: dict[int, str] = {
    limits.account: name for name, limits in PLANS.items() if limits.account is not None
}
"""Account limit per minute -> plan: 100 Starter, 200 Growth, 400 Pro, 500 Enterprise."""


def plan_from_account_limit(total: int | None) -> str | None:
    """The plan whose account limit is exactly ``total``; None for a custom or unknown limit."""
    if total is None:
        return None
    return ACCOUNT_LIMIT_PLANS.get(int(total))


def detect_plan(learned: Mapping[str, int]) -> str | None:
    """The plan the learned limits point to, or None when they do not name one.

    The account bucket decides when it is known. Otherwise every learned sub-limit must agree
    on one plan (a sub-limit alone can be ambiguous across operations: 140 is Pro's ticket view
    and Enterprise's ticket list, which is why each is matched in its own bucket). A limit that
    fits no plan (a raised, negotiated limit) is not guessed at: the caller asks.
    """
    if ACCOUNT in learned:
        return plan_from_account_limit(learned[ACCOUNT])
    candidates: set[str] | None = None
    for bucket, total in learned.items():
        fits = {
            name
            for name, limits in PLANS.items()
            if any(op.value == bucket and value == total for op, value in limits.operations.items())
        }
        candidates = fits if candidates is None else candidates & fits
    if candidates and len(candidates) == 1:
        return next(iter(candidates))
    return None


def bucket_of(method: str, path: str) -> str:
    """The bucket whose total a response to ``method path`` reports (the account when no
    sub-limit applies)."""
    operation = classify(method, path)
    return ACCOUNT if operation is Operation.OTHER else operation.value


class LimitRecorder(httpx.AsyncBaseTransport):
    """Wraps a transport and remembers the latest ``X-Ratelimit-Total`` per bucket."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.inner = inner if inner is not None else httpx.AsyncHTTPTransport()
        self.totals: dict[str, int] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        raw = response.headers.get("x-ratelimit-total")
        if raw is not None and raw.strip().isdigit() and int(raw) > 0:
            self.totals[bucket_of(request.method, request.url.path)] = int(raw)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()

    def plan(self) -> str | None:
        """The plan the recorded totals name, if they name one."""
        return detect_plan(self.totals)


def plan_in_effect(learned: Mapping[str, int], table_plan: str | None) -> tuple[str, bool]:
    """(plan name, whether the headers named it) for a status line or a log.

    ``learned`` is ``BudgetStats.learned_limits`` or a ``LimitRecorder``'s totals; the table
    plan is what the limiter was built with (the config's ``plan``, else Starter). The limiter
    learns only totals that differ from its table, so "not named" with no learned limits also
    means "the headers have not contradicted the table (yet)".
    """
    detected = detect_plan(learned)
    if detected is not None:
        return detected, True
    return (table_plan or "starter").lower(), False
