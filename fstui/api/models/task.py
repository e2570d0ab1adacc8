"""Tasks attached to a ticket."""

from __future__ import annotations

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Task(FreshserviceModel):
    id: int | None = None
    agent_id: int | None = None
    group_id: int | None = None
    workspace_id: int | None = None
    status: int | None = None
    title: str | None = None
    description: str | None = None
    notify_before: int | None = None
    due_date: TolerantDatetime = None
    closed_at: TolerantDatetime = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
