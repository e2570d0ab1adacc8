"""Tickets: list, filter, view, create, update, delete/restore, activities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fstui.api.models import Activity, Ticket
from fstui.api.pagination import FilterPager, Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import (
    include_param,
    parse_items,
    parse_one,
    quoted,
)
from fstui.api.resources.files import (
    DEFAULT_DOWNLOAD_CAP,
    Download,
    UploadFile,
    send_multipart,
    stream_to_file,
)
from fstui.api.resources.service_desk import ServiceDeskAPI

TICKET_FILTER_PAGE_SIZE = 30


def format_timestamp(value: datetime) -> str:
    """The API's own timestamp form, in UTC (naive datetimes are taken as UTC)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clamp_per_page(per_page: int) -> int:
    return max(1, min(100, int(per_page)))


class TicketsAPI(ServiceDeskAPI):
    """Tickets, and (through `ServiceDeskAPI`) what surrounds them; one base so the client's
    list of endpoint groups stays as it is."""

    def list_tickets(
        self,
        *,
        filter: str | None = None,
        requester_id: int | None = None,
        email: str | None = None,
        updated_since: datetime | None = None,
        type: str | None = None,
        order_type: str | None = None,
        include: Sequence[str] = (),
        workspace_id: int | None = None,
        per_page: int = 100,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Ticket]:
        """GET /tickets. Without ``updated_since`` the server returns only the last 30 days."""
        params: dict[str, Any] = {
            "filter": filter,
            "requester_id": requester_id,
            "email": email,
            "updated_since": format_timestamp(updated_since) if updated_since else None,
            "type": type,
            "order_type": order_type,
            "include": include_param(tuple(include)),
            "workspace_id": workspace_id,
            "per_page": clamp_per_page(per_page),
        }
        return self._pager(Ticket, "/tickets", params, ("tickets",), priority=priority)

    def filter_tickets(
        self,
        query: str,
        *,
        workspace_id: int | None = None,
        start_page: int = 1,
        priority: Priority = Priority.INTERACTIVE,
    ) -> FilterPager[Ticket]:
        """GET /tickets/filter?query="..." (30 per page, no Link; ``.total`` after page one).

        ``start_page`` resumes a walk that stopped part-way (a mirror fill cut short)."""
        params: dict[str, Any] = {
            "query": quoted(query),
            "workspace_id": workspace_id,
            "page": start_page if start_page > 1 else None,
        }
        return self._filter_pager(
            Ticket,
            "/tickets/filter",
            params,
            ("tickets",),
            priority=priority,
            page_size=TICKET_FILTER_PAGE_SIZE,
        )

    async def get_ticket(
        self,
        id: int,
        *,
        include: Sequence[str] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Ticket:
        params = {"include": include_param(tuple(include))}
        body = await self._get(f"/tickets/{int(id)}", params, priority=priority)
        return parse_one(Ticket, body, "ticket")

    async def create_ticket(
        self,
        fields: Mapping[str, Any] | None = None,
        /,
        *,
        priority: Priority | int = Priority.INTERACTIVE,
        attachments: Sequence[UploadFile] = (),
        **more: Any,
    ) -> Ticket:
        """POST /tickets with the given fields (a mapping, keywords, or both).

        ``priority`` is the request's scheduling priority when it is a ``Priority``; a plain int
        is taken as the ticket's own priority field (1 low .. 4 urgent). With ``attachments``
        the body goes as multipart/form-data (reference line 615), custom fields as
        ``custom_fields[name]`` parts. Never retried after a timeout (a write).
        """
        payload: dict[str, Any] = {**(fields or {}), **more}
        request_priority = Priority.INTERACTIVE
        if isinstance(priority, Priority):
            request_priority = priority
        else:
            payload["priority"] = priority
        if attachments:
            body = await send_multipart(
                self._session, "POST", "/tickets", payload, attachments, priority=request_priority
            )
        else:
            body = await self._send("POST", "/tickets", payload, priority=request_priority)
        return parse_one(Ticket, body, "ticket")

    async def create_child_ticket(
        self,
        parent_id: int,
        fields: Mapping[str, Any],
        *,
        attachments: Sequence[UploadFile] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Ticket:
        """POST /tickets/{parent_id}/create_child_ticket (reference line 1920): a new ticket
        under an incident (not a service request, not a child: lines 1858-1861)."""
        path = f"/tickets/{int(parent_id)}/create_child_ticket"
        if attachments:
            body = await send_multipart(
                self._session, "POST", path, dict(fields), attachments, priority=priority
            )
        else:
            body = await self._send("POST", path, dict(fields), priority=priority)
        return parse_one(Ticket, body, "ticket")

    async def download_attachment(
        self,
        attachment_id: int,
        destination: Path,
        *,
        max_bytes: int = DEFAULT_DOWNLOAD_CAP,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Download:
        """GET /attachments/{id} (reference line 24346) streamed into ``destination``, which
        must not exist; stops with AttachmentTooLarge past ``max_bytes`` and keeps nothing."""
        return await stream_to_file(
            self._session,
            f"/attachments/{int(attachment_id)}",
            destination,
            max_bytes=max_bytes,
            priority=priority,
        )

    async def update_ticket(
        self,
        id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Ticket:
        body = await self._send("PUT", f"/tickets/{int(id)}", dict(fields), priority=priority)
        return parse_one(Ticket, body, "ticket")

    async def delete_ticket(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> None:
        """Moves the ticket to trash (``restore_ticket`` brings it back)."""
        await self._send("DELETE", f"/tickets/{int(id)}", priority=priority)

    async def restore_ticket(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> None:
        await self._send("PUT", f"/tickets/{int(id)}/restore", priority=priority)

    async def list_ticket_activities(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[Activity]:
        body = await self._get(f"/tickets/{int(id)}/activities", priority=priority)
        return parse_items(Activity, body, "activities")
