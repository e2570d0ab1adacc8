"""What surrounds a ticket (issue #20), read through the cache: requested items, approvals (per
ticket and waiting for me across tickets), related tickets, the linked problem and change, and
the knowledge base.

Why cached and how long: per-ticket lists live under the ticket's cache keys
(``ticket:{id}:…``), so a delivered write's `invalidate_ticket` forgets them; they follow the
queue freshness (a minute by default), like time entries and tasks. Problems and changes follow
the ticket freshness. Solution articles change rarely and are read often while typing: they
follow the reference-data freshness, and one search per term is shared by everyone asking at
once (single flight).

Writes (stage/quantity, request/remind/cancel an approval, a child ticket) go through the
writes service and its outbox, never from here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from fstui.api import (
    Approval,
    Change,
    Priority,
    Problem,
    RelatedTickets,
    RequestedItem,
    SolutionArticle,
)
from fstui.store.freshness import Cached, Kind
from fstui.store.plumbing import Plumbing, dump, load_model

__all__ = ["ArticleHits", "ItsmService"]

M = TypeVar("M", bound=BaseModel)
SEARCH_PAGE = 10
"""Articles a composer's search shows at once."""


class ArticleHits(BaseModel):
    """One page of a knowledge-base search and how many there are in all."""

    term: str
    articles: list[SolutionArticle]
    total: int


def _term(text: str) -> str:
    return " ".join(text.lower().split())[:200]


class ItsmService:
    def __init__(self, plumbing: Plumbing) -> None:
        self._p = plumbing

    async def _one(
        self,
        kind: Kind,
        key: str,
        model: type[M],
        fetch: Callable[[], Awaitable[Any]],
        force: bool,
    ) -> Cached[M]:
        p = self._p
        cached = p.cached(kind, key)
        if cached is not None and not cached.stale and not force:
            p.calls_saved += 1
            return Cached(
                load_model(model, cached.value),
                cached.age_seconds,
                False,
                "cache",
                cached.stored_at,
            )

        async def load() -> dict[str, Any]:
            value = await p.call(fetch())
            body = dump(value) if isinstance(value, BaseModel) else dict(value)
            p.cache.set(key, body)
            return body

        body = await p.flight.run(key, load)
        return p.network(kind, load_model(model, body))

    # -- service requests ------------------------------------------------------------------

    async def requested_items(
        self, ticket_id: int, *, force: bool = False
    ) -> Cached[list[RequestedItem]]:
        """The items of a service request (service item, quantity, stage, custom fields)."""
        return await self._p.cached_list(
            Kind.QUEUE,
            f"ticket:{ticket_id}:requested_items",
            RequestedItem,
            lambda: self._p.client.list_requested_items(ticket_id, priority=Priority.INTERACTIVE),
            force=force,
        )

    # -- approvals -------------------------------------------------------------------------

    async def approvals(self, ticket_id: int, *, force: bool = False) -> Cached[list[Approval]]:
        """The ticket's approvals (approver, status, when)."""
        return await self._p.cached_list(
            Kind.QUEUE,
            f"ticket:{ticket_id}:approvals",
            Approval,
            lambda: self._p.client.list_ticket_approvals(ticket_id, priority=Priority.INTERACTIVE),
            force=force,
        )

    async def my_approvals(self, me_id: int, *, force: bool = False) -> Cached[list[Approval]]:
        """Approvals waiting for me across tickets, oldest first (``/approvals?parent=ticket&
        approver_id=me&status=requested``, reference line 11717)."""
        return await self._p.cached_list(
            Kind.QUEUE,
            f"approvals:waiting:{me_id}",
            Approval,
            lambda: self._p.client.list_approvals(
                approver_id=me_id, status="requested", priority=Priority.INTERACTIVE
            ),
            force=force,
        )

    def forget_my_approvals(self, me_id: int) -> None:
        self._p.cache.delete(f"approvals:waiting:{me_id}")

    # -- related records -------------------------------------------------------------------

    async def related(self, ticket_id: int, *, force: bool = False) -> Cached[RelatedTickets]:
        """Parent and child ticket ids (``include=related_tickets``, 2 credits)."""

        async def fetch() -> RelatedTickets:
            ticket = await self._p.client.get_ticket(
                ticket_id, include=("related_tickets",), priority=Priority.INTERACTIVE
            )
            return RelatedTickets(child_ids=ticket.child_ids, parent_ids=ticket.parent_ids)

        return await self._one(
            Kind.QUEUE, f"ticket:{ticket_id}:related", RelatedTickets, fetch, force
        )

    async def problem(self, display_id: int, *, force: bool = False) -> Cached[Problem]:
        return await self._one(
            Kind.TICKET,
            f"problem:{display_id}",
            Problem,
            lambda: self._p.client.get_problem(display_id, priority=Priority.INTERACTIVE),
            force,
        )

    async def change(self, display_id: int, *, force: bool = False) -> Cached[Change]:
        return await self._one(
            Kind.TICKET,
            f"change:{display_id}",
            Change,
            lambda: self._p.client.get_change(display_id, priority=Priority.INTERACTIVE),
            force,
        )

    # -- the knowledge base ----------------------------------------------------------------

    async def search_articles(
        self, text: str, *, limit: int = SEARCH_PAGE, force: bool = False
    ) -> Cached[ArticleHits]:
        """Published articles matching `text`; an empty term answers nothing, no call."""
        term = _term(text)
        if not term:
            return self._p.network(Kind.REFERENCE, ArticleHits(term="", articles=[], total=0))

        async def fetch() -> ArticleHits:
            found, total = await self._p.client.search_solution_articles(
                term, per_page=limit, priority=Priority.INTERACTIVE
            )
            return ArticleHits(term=term, articles=found, total=total)

        return await self._one(
            Kind.REFERENCE, f"kb:search:{limit}:{term}", ArticleHits, fetch, force
        )

    async def article(self, article_id: int, *, force: bool = False) -> Cached[SolutionArticle]:
        return await self._one(
            Kind.REFERENCE,
            f"kb:article:{article_id}",
            SolutionArticle,
            lambda: self._p.client.get_solution_article(article_id, priority=Priority.INTERACTIVE),
            force,
        )
