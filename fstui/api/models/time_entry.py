"""Time logged against a ticket."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class TimeEntry(FreshserviceModel):
    """``time_spent`` stays the server's "hh:mm" string: it is what agents type and read."""

    id: int | None = None
    agent_id: int | None = None
    task_id: int | None = None
    workspace_id: int | None = None
    note: str | None = None
    time_spent: str | None = None
    timer_running: bool | None = None
    billable: bool | None = None
    start_time: TolerantDatetime = None
    executed_at: TolerantDatetime = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
    custom_fields: dict[str, Any] | None = None
