"""Freshservice's per-minute plan limits, and which budget a request draws on.

From the reference's rate-limit table (accounts created after 2020-09-01). The account limit is
shared by every call; some operations also have a smaller sub-limit of their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

ACCOUNT = "account"


class Operation(StrEnum):
    LIST_TICKETS = "list_tickets"
    VIEW_TICKET = "view_ticket"
    CREATE_TICKET = "create_ticket"
    UPDATE_TICKET = "update_ticket"
    LIST_ASSETS = "list_assets"
    UPDATE_ASSET = "update_asset"
    LIST_AGENTS = "list_agents"
    LIST_REQUESTERS = "list_requesters"
    OTHER = "other"
    """Everything without a sub-limit: it draws on the account budget only."""


@dataclass(frozen=True)
class PlanLimits:
    """Per-minute credits. ``account=None`` means unlimited (no client-side throttling)."""

    account: int | None
    operations: Mapping[Operation, int]


def _plan(account: int, lists: int, per_item: int) -> PlanLimits:
    return PlanLimits(
        account=account,
        operations={
            Operation.LIST_TICKETS: lists,
            Operation.VIEW_TICKET: per_item,
            Operation.CREATE_TICKET: per_item,
            Operation.UPDATE_TICKET: per_item,
            Operation.LIST_ASSETS: lists,
            Operation.UPDATE_ASSET: per_item,
            Operation.LIST_AGENTS: lists,
            Operation.LIST_REQUESTERS: lists,
        },
    )


PLANS: dict[str, PlanLimits] = {
    "starter": _plan(100, 40, 50),
    "growth": _plan(200, 70, 80),
    "pro": _plan(400, 120, 140),
    "enterprise": _plan(500, 140, 160),
    "unlimited": PlanLimits(account=None, operations={}),
}
DEFAULT_PLAN = "starter"
"""Used when the plan is unknown: the smallest table, raised as response headers teach us."""


def plan_limits(plan: str | None) -> PlanLimits:
    name = (plan or DEFAULT_PLAN).strip().lower()
    if name not in PLANS:
        known = ", ".join(PLANS)
        raise ValueError(f"unknown Freshservice plan {plan!r}; expected one of: {known}")
    return PLANS[name]


_ID = r"/\d+"
_RULES: list[tuple[str, re.Pattern[str], Operation]] = [
    ("GET", re.compile(r"^/tickets(?:/filter)?$"), Operation.LIST_TICKETS),
    ("GET", re.compile(rf"^/tickets{_ID}$"), Operation.VIEW_TICKET),
    ("POST", re.compile(r"^/tickets$"), Operation.CREATE_TICKET),
    ("PUT", re.compile(rf"^/tickets{_ID}$"), Operation.UPDATE_TICKET),
    ("GET", re.compile(r"^/assets$"), Operation.LIST_ASSETS),
    ("PUT", re.compile(rf"^/assets{_ID}$"), Operation.UPDATE_ASSET),
    ("GET", re.compile(r"^/agents$"), Operation.LIST_AGENTS),
    ("GET", re.compile(r"^/requesters$"), Operation.LIST_REQUESTERS),
]


def api_path(path_or_url: str) -> str:
    """``https://x/api/v2/tickets/1?include=a`` -> ``/tickets/1``."""
    path = urlsplit(path_or_url).path
    index = path.find("/api/v2")
    if index >= 0:
        path = path[index + len("/api/v2") :]
    return "/" + path.strip("/")


def classify(method: str, path: str) -> Operation:
    """Which sub-limit a request counts against (``Operation.OTHER`` when none)."""
    method = method.upper()
    clean = api_path(path)
    for rule_method, pattern, operation in _RULES:
        if method == rule_method and pattern.match(clean):
            return operation
    return Operation.OTHER


def is_single_object(path: str) -> bool:
    """A path ending in an id shows one object; anything else is a collection."""
    return re.search(r"/\d+$", api_path(path)) is not None


def embedded_count(include: str | None) -> int:
    """How many resources an ``include`` value embeds: ``"requester,stats"`` is two (repeats
    and blanks count once and not at all)."""
    return len({part.strip() for part in (include or "").split(",") if part.strip()})


def credits_for(method: str, path: str, include: str | None) -> int:
    """What a request costs before the server says: 1 credit, plus for each embedded resource
    1 more on a single object and 2 more on a list.

    The reference ("Embedding"): "an additional API call credit per embedded resource" on an
    API returning a single object, "two additional credits" on a collection; "View a Ticket":
    requester and company embedded cost 3 in all; "View List of Tickets": "Each include will
    consume an additional 2 credits". Only reads embed. The server's
    X-Ratelimit-Used-CurrentRequest still corrects the estimate after the fact (see
    ``RateLimiter.observe``) if an account counts differently.
    """
    if method.upper() != "GET":
        return 1
    embedded = embedded_count(include)
    return 1 + embedded * (1 if is_single_object(path) else 2)
