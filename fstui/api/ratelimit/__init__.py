"""Client-side rate limiting shared by every fstui process of the user."""

from fstui.api.ratelimit.clock import Clock, ManualClock, SystemClock
from fstui.api.ratelimit.disk_store import DiskBudgetStore
from fstui.api.ratelimit.limiter import (
    BudgetStats,
    BudgetWait,
    RateLimiter,
    Reservation,
    parse_retry_after,
)
from fstui.api.ratelimit.plans import (
    ACCOUNT,
    PLANS,
    Operation,
    PlanLimits,
    classify,
    credits_for,
    plan_limits,
)
from fstui.api.ratelimit.priority import DEFAULT_SHARES, Priority
from fstui.api.ratelimit.store import (
    AsyncBudgetStore,
    BudgetState,
    BudgetStore,
    MemoryBudgetStore,
)

__all__ = [
    "ACCOUNT",
    "DEFAULT_SHARES",
    "PLANS",
    "AsyncBudgetStore",
    "BudgetState",
    "BudgetStats",
    "BudgetStore",
    "BudgetWait",
    "Clock",
    "DiskBudgetStore",
    "ManualClock",
    "MemoryBudgetStore",
    "Operation",
    "PlanLimits",
    "Priority",
    "RateLimiter",
    "Reservation",
    "SystemClock",
    "classify",
    "credits_for",
    "parse_retry_after",
    "plan_limits",
]
