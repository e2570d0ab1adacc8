"""ITSM around a ticket (issue #20): requested items, the service catalog, approvals, problems
and changes, and the knowledge base. Paths and bodies as the reference gives them; the
approval paths follow its curl examples (``/tickets/{id}/approvals``, line 3973), which the
headings spell ``/ticket/`` (line 3968)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fstui.api.models import (
    Approval,
    Change,
    Problem,
    RequestedItem,
    ServiceItem,
    SolutionArticle,
    SolutionCategory,
    SolutionFolder,
)
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_items, parse_one

APPROVALS_PAGE_SIZE = 30
"""/approvals answers at most 30 a page (reference line 11702)."""
CANCELLED = 3


class ServiceDeskAPI(ResourceBase):
    # -- requested items (reference lines 3848, 3883) ------------------------------------

    async def list_requested_items(
        self, ticket_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[RequestedItem]:
        """GET /tickets/{id}/requested_items: the items of a service request."""
        return await self._pager(
            RequestedItem,
            f"/tickets/{int(ticket_id)}/requested_items",
            {},
            ("requested_items",),
            priority=priority,
        ).collect()

    async def update_requested_item(
        self,
        ticket_id: int,
        item_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> RequestedItem:
        """PUT /tickets/{id}/requested_items/{item_id} with quantity, stage, custom_fields."""
        body = await self._send(
            "PUT",
            f"/tickets/{int(ticket_id)}/requested_items/{int(item_id)}",
            dict(fields),
            priority=priority,
        )
        return parse_one(RequestedItem, body, "requested_item")

    # -- the service catalog (reference lines 21693, 21752) --------------------------------

    def list_service_items(
        self,
        *,
        category_id: int | None = None,
        workspace_id: int | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[ServiceItem]:
        params = {"category_id": category_id, "workspace_id": workspace_id, "per_page": 100}
        return self._pager(
            ServiceItem, "/service_catalog/items", params, ("service_items",), priority=priority
        )

    async def get_service_item(
        self, display_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> ServiceItem:
        body = await self._get(f"/service_catalog/items/{int(display_id)}", priority=priority)
        return parse_one(ServiceItem, body, "service_item")

    # -- approvals (reference lines 3968-4140, 11717) --------------------------------------

    async def list_ticket_approvals(
        self, ticket_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[Approval]:
        body = await self._get(f"/tickets/{int(ticket_id)}/approvals", priority=priority)
        return parse_items(Approval, body, "approvals")

    async def get_ticket_approval(
        self, ticket_id: int, approval_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Approval:
        body = await self._get(
            f"/tickets/{int(ticket_id)}/approvals/{int(approval_id)}", priority=priority
        )
        return parse_one(Approval, body, "approval")

    async def request_approval(
        self,
        ticket_id: int,
        approver_id: int,
        *,
        approval_type: int = 1,
        email_content: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> list[Approval]:
        """POST /tickets/{id}/approvals; the answer lists the ticket's approvals."""
        payload: dict[str, Any] = {"approver_id": int(approver_id), "approval_type": approval_type}
        if email_content:
            payload["email_content"] = email_content
        body = await self._send(
            "POST", f"/tickets/{int(ticket_id)}/approvals", payload, priority=priority
        )
        return parse_items(Approval, body, "approvals")

    async def cancel_approval(
        self, ticket_id: int, approval_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Approval:
        """PUT {"approval_status": {"id": 3}}: cancelling is the only change the API allows
        (reference line 4093)."""
        body = await self._send(
            "PUT",
            f"/tickets/{int(ticket_id)}/approvals/{int(approval_id)}",
            {"approval_status": {"id": CANCELLED}},
            priority=priority,
        )
        return parse_one(Approval, body, "approval")

    async def remind_approval(
        self, ticket_id: int, approval_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        await self._send(
            "PUT",
            f"/tickets/{int(ticket_id)}/approvals/{int(approval_id)}/remind",
            priority=priority,
        )

    def list_approvals(
        self,
        *,
        parent: str = "ticket",
        approver_id: int | None = None,
        status: str | None = None,
        parent_id: int | None = None,
        delegatee_id: int | None = None,
        level: int | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Approval]:
        """GET /approvals?parent=…: approvals across tickets, e.g. those waiting for me
        (``approver_id=me, status="requested"``); one of the four filters is required
        (reference line 11703)."""
        if all(v is None for v in (approver_id, status, parent_id, delegatee_id)):
            raise ValueError("list_approvals needs approver_id, status, parent_id or delegatee_id")
        params = {
            "parent": parent,
            "approver_id": approver_id,
            "status": status,
            "parent_id": parent_id,
            "delegatee_id": delegatee_id,
            "level": level,
        }
        return self._pager(Approval, "/approvals", params, ("approvals",), priority=priority)

    # -- problems and changes (reference lines 5103, 7340) --------------------------------

    async def get_problem(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> Problem:
        body = await self._get(f"/problems/{int(id)}", priority=priority)
        return parse_one(Problem, body, "problem")

    async def get_change(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> Change:
        body = await self._get(f"/changes/{int(id)}", priority=priority)
        return parse_one(Change, body, "change")

    # -- the knowledge base (reference lines 20660-21640) ---------------------------------

    def list_solution_categories(
        self, *, workspace_id: int | None = None, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[SolutionCategory]:
        params = {"workspace_id": workspace_id, "per_page": 100}
        return self._pager(
            SolutionCategory, "/solutions/categories", params, ("categories",), priority=priority
        )

    def list_solution_folders(
        self, category_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[SolutionFolder]:
        params = {"category_id": int(category_id), "per_page": 100}
        return self._pager(
            SolutionFolder, "/solutions/folders", params, ("folders",), priority=priority
        )

    def list_solution_articles(
        self, folder_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[SolutionArticle]:
        params = {"folder_id": int(folder_id), "per_page": 100}
        return self._pager(
            SolutionArticle, "/solutions/articles", params, ("articles",), priority=priority
        )

    async def get_solution_article(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> SolutionArticle:
        body = await self._get(f"/solutions/articles/{int(id)}", priority=priority)
        return parse_one(SolutionArticle, body, "article")

    async def search_solution_articles(
        self,
        term: str,
        *,
        page: int = 1,
        per_page: int = 30,
        priority: Priority = Priority.INTERACTIVE,
    ) -> tuple[list[SolutionArticle], int]:
        """GET /solutions/articles/search (line 21298): one page of published articles and the
        total (``meta.total_items``, line 21320)."""
        params = {
            "search_term": term.strip(),
            "page": page if page > 1 else None,
            "per_page": max(1, min(100, per_page)),
        }
        body = await self._get(
            "/solutions/articles/search",
            {k: v for k, v in params.items() if v is not None},
            priority=priority,
        )
        meta = body.get("meta") if isinstance(body, dict) else None
        total = meta.get("total_items") if isinstance(meta, dict) else None
        articles = parse_items(SolutionArticle, body, "articles")
        return articles, total if isinstance(total, int) else len(articles)
