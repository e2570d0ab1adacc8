"""The questions `fstui init` asks the account: is the key good, who am I, which workspaces.

A short-lived client of its own: no shared budget, no cache, an "unlimited" limiter table so
every ``X-Ratelimit-Total`` is news (see ``LimitRecorder``), and few retries because a person
is waiting. Every message names what to fix and never contains the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx

from fstui.api import (
    Agent,
    AuthenticationError,
    FreshserviceClient,
    FreshserviceError,
    LimitRecorder,
    MemoryBudgetStore,
    NetworkError,
    NotFound,
    Pager,
    PermissionDenied,
    RateLimiter,
    RequestTimeout,
    RetryPolicy,
    ValidationFailed,
)
from fstui.text import one_line

__all__ = ["AccountCheck", "AccountError", "AgentError", "KeyRefused", "Unreachable", "Workspace"]


class AccountError(Exception):
    """Something the user has to change before init can go on; the message says what."""


class KeyRefused(AccountError):
    """The account answered 401: a wrong or revoked key (or a key of another account)."""


class Unreachable(AccountError):
    """No answer from the domain: a typo in it, or no network."""


class AgentError(AccountError):
    """The email is not an active agent of this account."""


@dataclass(frozen=True)
class Workspace:
    id: int
    name: str
    primary: bool = False

    def label(self) -> str:
        return f"{self.name} (primary)" if self.primary else self.name


class AccountCheck:
    """One conversation with the account, as ``async with AccountCheck(url, key) as check:``."""

    def __init__(
        self, base_url: str, api_key: str, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.recorder = LimitRecorder(transport)
        self.host = httpx.URL(base_url).host
        self.agent_lookup: str | None = None  # "query" or "email": which filter found "me"
        self.client = FreshserviceClient(
            base_url,
            api_key,
            transport=self.recorder,
            limiter=RateLimiter("unlimited", store=MemoryBudgetStore()),
            timeout=15.0,
            retry=RetryPolicy(max_attempts=2, base_delay=0.25),
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.client.aclose()

    @property
    def calls(self) -> int:
        return self.client.budget().calls_made

    async def verify(self) -> list[Workspace] | None:
        """Prove domain and key with one account-level call (``GET /workspaces``, whose
        ``X-Ratelimit-Total`` is the account limit); None when the account has no workspaces
        endpoint, in which case one form-fields read proves the key instead."""
        try:
            answered = await self._call(
                self.client.list_workspaces(), passthrough=(NotFound, PermissionDenied)
            )
        except (NotFound, PermissionDenied):
            await self._call(self.client.list_ticket_form_fields())
            return None
        workspaces = []
        for row in answered:
            if row.id is None or not row.is_active:
                continue
            name = one_line(str(row.name or f"workspace {row.id}"), 60)
            workspaces.append(Workspace(row.id, name, bool(row.primary)))
        return workspaces

    async def find_agent(self, email: str) -> Agent:
        """The active agent with this email, or AgentError saying what the email is instead.

        Asks ``GET /agents?query="email:'…'"`` (the reference's agent filter, line 13046) and
        falls back to the older ``?email=`` filter when the account answers the query with an
        error, or with agents none of whom has that email (an ignored parameter returns
        everyone). An empty answer to the query is an answer: no fallback call.
        """
        wanted = email.strip().lower()
        found: list[Agent] = []
        trust_query = False
        try:
            answered = await self._call(
                _first_page(self.client.list_agents(query=f"email:'{wanted}'")),
                passthrough=(ValidationFailed, NotFound),
            )
            found = [a for a in answered if (a.email or "").lower() == wanted]
            trust_query = bool(found) or not answered
            self.agent_lookup = "query" if found else None
        except (ValidationFailed, NotFound):
            found = []
        if not found and not trust_query:
            page = await self._call(_first_page(self.client.list_agents(email=wanted)))
            found = [a for a in page if (a.email or "").lower() == wanted]
            self.agent_lookup = "email" if found else None
        if not found:
            requesters = await self._call(_first_page(self.client.list_requesters(email=wanted)))
            if any(
                wanted in {e.lower() for e in (r.primary_email, *(r.secondary_emails or ())) if e}
                for r in requesters
            ):
                raise AgentError(
                    f"{email} is a requester in {self.host}, not an agent. fstui needs the email "
                    "you sign in to the agent portal with."
                )
            raise AgentError(
                f"No agent with email {email} in {self.host}. Use the email you sign in to "
                "Freshservice with as an agent (Profile settings shows it)."
            )
        agent = found[0]
        if agent.active is False:
            raise AgentError(
                f"{email} belongs to a deactivated agent in {self.host}; ask an admin to "
                "reactivate the account, or use your own agent email."
            )
        return agent

    def detected_plan(self) -> str | None:
        return self.recorder.plan()

    def account_limit(self) -> int | None:
        return self.recorder.totals.get("account")

    async def _call(
        self, awaitable: Any, passthrough: tuple[type[FreshserviceError], ...] = ()
    ) -> Any:
        try:
            return await awaitable
        except passthrough:
            raise
        except AuthenticationError:
            raise KeyRefused(
                f"{self.host} refused the API key (401). Copy it again from Profile settings > "
                "Your API Key; a key of another account or a reset key does not work."
            ) from None
        except (NetworkError, RequestTimeout) as exc:
            raise Unreachable(
                f"Could not reach {self.host}: {one_line(str(exc), 200)}. Check the domain "
                "spelling and your network."
            ) from None
        except FreshserviceError as exc:
            raise AccountError(f"{self.host} answered: {one_line(str(exc), 300)}") from None


async def _first_page(pager: Pager[Any]) -> list[Any]:
    async for page in pager.pages():
        return page
    return []
