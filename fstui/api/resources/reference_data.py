"""Slow-changing lookups the UI caches: form fields, departments, locations, canned responses."""

from __future__ import annotations

from fstui.api.models import (
    CannedResponse,
    CannedResponseFolder,
    Department,
    Location,
    TicketField,
    Workspace,
)
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_items, parse_one


class ReferenceDataAPI(ResourceBase):
    async def list_workspaces(
        self, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[Workspace]:
        """GET /workspaces (reference line 11619): the account's workspaces. Accounts without
        Employee Support Mode answer 404 or 403 (the caller decides what that means)."""
        return await self._pager(
            Workspace, "/workspaces", {}, ("workspaces",), priority=priority
        ).collect()

    async def list_ticket_form_fields(
        self, *, workspace_id: int | None = None, priority: Priority = Priority.INTERACTIVE
    ) -> list[TicketField]:
        """The tenant's ticket fields, including the labels of status/priority/source codes."""
        body = await self._get(
            "/ticket_form_fields", {"workspace_id": workspace_id}, priority=priority
        )
        return parse_items(TicketField, body, "ticket_fields", "ticket_form_fields")

    def list_departments(self, *, priority: Priority = Priority.INTERACTIVE) -> Pager[Department]:
        return self._pager(
            Department, "/departments", {"per_page": 100}, ("departments",), priority=priority
        )

    def list_locations(self, *, priority: Priority = Priority.INTERACTIVE) -> Pager[Location]:
        return self._pager(
            Location, "/locations", {"per_page": 100}, ("locations",), priority=priority
        )

    async def list_canned_response_folders(
        self, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[CannedResponseFolder]:
        return await self._pager(
            CannedResponseFolder,
            "/canned_response_folders",
            {},
            ("canned_response_folders",),
            priority=priority,
        ).collect()

    async def list_canned_responses(
        self, folder_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[CannedResponse]:
        return await self._pager(
            CannedResponse,
            f"/canned_response_folders/{int(folder_id)}/canned_responses",
            {},
            ("canned_responses",),
            priority=priority,
        ).collect()

    async def get_canned_response(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> CannedResponse:
        body = await self._get(f"/canned_responses/{int(id)}", priority=priority)
        # the reference shows the single object under the plural key
        return parse_one(CannedResponse, body, "canned_response", "canned_responses")
