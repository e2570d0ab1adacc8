"""Time entries on tickets. Payloads are wrapped as ``{"time_entry": {...}}`` per the reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fstui.api.models import TimeEntry
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one


def _wrapped(fields: Mapping[str, Any]) -> dict[str, Any]:
    inner = fields.get("time_entry") if "time_entry" in fields else fields
    return {"time_entry": dict(inner) if isinstance(inner, Mapping) else dict(fields)}


class TimeEntriesAPI(ResourceBase):
    def list_time_entries(
        self, ticket_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[TimeEntry]:
        return self._pager(
            TimeEntry,
            f"/tickets/{int(ticket_id)}/time_entries",
            {"per_page": 100},
            ("time_entries",),
            priority=priority,
        )

    async def create_time_entry(
        self,
        ticket_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> TimeEntry:
        body = await self._send(
            "POST", f"/tickets/{int(ticket_id)}/time_entries", _wrapped(fields), priority=priority
        )
        return parse_one(TimeEntry, body, "time_entry")

    async def update_time_entry(
        self,
        ticket_id: int,
        entry_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> TimeEntry:
        body = await self._send(
            "PUT",
            f"/tickets/{int(ticket_id)}/time_entries/{int(entry_id)}",
            _wrapped(fields),
            priority=priority,
        )
        return parse_one(TimeEntry, body, "time_entry")

    async def delete_time_entry(
        self, ticket_id: int, entry_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        await self._send(
            "DELETE", f"/tickets/{int(ticket_id)}/time_entries/{int(entry_id)}", priority=priority
        )

    async def start_timer(
        self, ticket_id: int, entry_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> TimeEntry:
        return await self.update_time_entry(
            ticket_id, entry_id, {"timer_running": True}, priority=priority
        )

    async def stop_timer(
        self, ticket_id: int, entry_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> TimeEntry:
        return await self.update_time_entry(
            ticket_id, entry_id, {"timer_running": False}, priority=priority
        )
