"""``FreshserviceClient``: the one object the rest of fstui talks to Freshservice through."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import httpx

from fstui.api.ratelimit.limiter import BudgetStats, RateLimiter
from fstui.api.resources.assets import AssetsAPI
from fstui.api.resources.conversations import ConversationsAPI
from fstui.api.resources.people import PeopleAPI
from fstui.api.resources.reference_data import ReferenceDataAPI
from fstui.api.resources.tasks import TasksAPI
from fstui.api.resources.tickets import TicketsAPI
from fstui.api.resources.time_entries import TimeEntriesAPI
from fstui.api.retry import RetryPolicy
from fstui.api.session import ApiSession
from fstui.api.trace import TraceFn
from fstui.api.urls import resolve_base_url


class FreshserviceClient(
    TicketsAPI,
    ConversationsAPI,
    TimeEntriesAPI,
    TasksAPI,
    PeopleAPI,
    ReferenceDataAPI,
    AssetsAPI,
):
    """Async Freshservice v2 client. Use as ``async with FreshserviceClient(...) as fs:``.

    Every call goes through the rate limiter (a private in-memory one for ``plan`` unless a
    shared ``limiter`` is given) and takes a keyword-only ``priority``.
    """

    def __init__(
        self,
        domain_or_url: str,
        api_key: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        limiter: RateLimiter | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        plan: str | None = None,
        trace: TraceFn | None = None,
    ) -> None:
        self.base_url = resolve_base_url(domain_or_url)
        self.limiter = limiter if limiter is not None else RateLimiter(plan)
        self._session = ApiSession(
            self.base_url,
            api_key,
            transport=transport,
            limiter=self.limiter,
            timeout=timeout,
            retry=retry or RetryPolicy(),
            trace=trace,
        )

    def __repr__(self) -> str:
        return f"FreshserviceClient(base_url={self.base_url!r})"

    @property
    def host(self) -> str:
        return self._session.host

    def budget(self) -> BudgetStats:
        """The request budget, for a status bar."""
        return self.limiter.stats()

    async def aclose(self) -> None:
        await self._session.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
