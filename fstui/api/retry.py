"""When and how long to wait before repeating a request.

Reads are repeated after transient failures; writes never after a timeout or dropped connection,
because the server may already have applied them (a duplicate reply to a customer is worse than
an error). A 429 means "not processed", so any method may be repeated after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    """Total tries for a read hit by timeouts, drops or 502/503/504."""
    connect_attempts: int = 2
    """Total tries when the connection is refused. A refusal comes back at once: nothing is
    listening, or the network is gone. One quick retry covers a proxy that is restarting; more
    only keep the agent looking at "loading…" for seconds before the offline view (the
    connectivity probe notices the way back)."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    """Fraction of each delay randomised (+/-), so many clients do not retry in lockstep."""
    max_rate_limit_retries: int = 3
    """How many 429s in a row one call sits out before giving up with RateLimited."""
    max_rate_limit_wait: float = 90.0
    """A Retry-After longer than this is reported at once instead of silently waited out."""
    retry_statuses: frozenset[int] = field(default_factory=lambda: frozenset({502, 503, 504}))

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Backoff before retry number ``attempt`` (1-based)."""
        return backoff_delay(
            attempt, base=self.base_delay, maximum=self.max_delay, jitter=self.jitter, rng=rng
        )


def backoff_delay(
    attempt: int,
    *,
    base: float,
    maximum: float,
    factor: float = 2.0,
    jitter: float = 0.0,
    rng: random.Random | None = None,
) -> float:
    """Capped exponential delay before try number ``attempt`` (1-based), spread by +/- `jitter`
    (a fraction) so that many clients coming back do not retry in lockstep."""
    try:
        raw: float = min(maximum, base * factor ** max(0, attempt - 1))
    except OverflowError:  # a prober that has been retrying for a day
        raw = maximum
    spread = raw * jitter
    if not spread:
        return raw
    return max(0.0, raw + (rng or random).uniform(-spread, spread))
