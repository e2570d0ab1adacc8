"""Per-plan rate limits (reference "Rate limit" table) and which operation a request is.

Freshservice meters an account-wide bucket plus sub-limit buckets for a few operations;
X-Ratelimit-Total reports the sub-limit when the operation has one (api-facts.md #1).
"""

from __future__ import annotations

import re

ACCOUNT = "account"

PLAN_LIMITS: dict[str, dict[str, int]] = {
    "starter": {
        ACCOUNT: 100,
        "list_tickets": 40,
        "view_ticket": 50,
        "create_ticket": 50,
        "update_ticket": 50,
        "list_assets": 40,
        "update_asset": 50,
        "list_agents": 40,
        "list_requesters": 40,
    },
    "growth": {
        ACCOUNT: 200,
        "list_tickets": 70,
        "view_ticket": 80,
        "create_ticket": 80,
        "update_ticket": 80,
        "list_assets": 70,
        "update_asset": 80,
        "list_agents": 70,
        "list_requesters": 70,
    },
    "pro": {
        ACCOUNT: 400,
        "list_tickets": 120,
        "view_ticket": 140,
        "create_ticket": 140,
        "update_ticket": 140,
        "list_assets": 120,
        "update_asset": 140,
        "list_agents": 120,
        "list_requesters": 120,
    },
    "enterprise": {
        ACCOUNT: 500,
        "list_tickets": 140,
        "view_ticket": 160,
        "create_ticket": 160,
        "update_ticket": 160,
        "list_assets": 140,
        "update_asset": 160,
        "list_agents": 140,
        "list_requesters": 140,
    },
}
PLANS = (*PLAN_LIMITS, "unlimited")

_OPERATIONS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("GET", re.compile(r"^/api/v2/tickets/?$"), "list_tickets"),
    ("GET", re.compile(r"^/api/v2/tickets/filter/?$"), "list_tickets"),
    ("GET", re.compile(r"^/api/v2/tickets/\d+/?$"), "view_ticket"),
    ("POST", re.compile(r"^/api/v2/tickets/?$"), "create_ticket"),
    ("PUT", re.compile(r"^/api/v2/tickets/\d+/?$"), "update_ticket"),
    ("GET", re.compile(r"^/api/v2/assets/?$"), "list_assets"),
    ("PUT", re.compile(r"^/api/v2/assets/\d+/?$"), "update_asset"),
    ("GET", re.compile(r"^/api/v2/agents/?$"), "list_agents"),
    ("GET", re.compile(r"^/api/v2/requesters/?$"), "list_requesters"),
)
_SHOW = re.compile(r"/\d+/?$")


def limits_for(plan: str, overrides: dict[str, int] | None = None) -> dict[str, int] | None:
    """The bucket sizes for a plan, or None for "unlimited" (fast tests)."""
    if plan == "unlimited" and not overrides:
        return None
    if plan not in PLANS:
        raise ValueError(f"unknown plan {plan!r}; choose one of {', '.join(PLANS)}")
    table = dict(PLAN_LIMITS.get(plan, PLAN_LIMITS["enterprise"]))
    table.update(overrides or {})
    return table


def operation_of(method: str, path: str) -> str | None:
    """The sub-limited operation a request is, if any."""
    for op_method, pattern, name in _OPERATIONS:
        if method == op_method and pattern.match(path):
            return name
    return None


def include_count(include: str | None) -> int:
    """How many resources an ``include`` value embeds (``"requester,stats"`` is two)."""
    return len({part.strip() for part in (include or "").split(",") if part.strip()})


def credits_for(method: str, path: str, include: str | None) -> int:
    """1 credit per call, plus per embedded resource 1 more on a SHOW and 2 more on a LIST.

    The reference, "Embedding" (line 220): "an additional API call credit per embedded
    resource" on a single object, "two additional credits" on a collection; "View a Ticket"
    (line 891): requester and company cost 3 in all; "View List of Tickets" (line 1242):
    "Each include will consume an additional 2 credits".
    """
    embedded = include_count(include) if method == "GET" else 0
    return 1 + embedded * (1 if _SHOW.search(path) else 2)
