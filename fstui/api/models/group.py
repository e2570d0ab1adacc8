"""Agent groups (``/groups``; the spec's ``/agent_groups`` is not what real accounts serve)."""

from __future__ import annotations

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Group(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    description: str | None = None
    escalate_to: int | None = None
    unassigned_for: str | None = None
    business_hours_id: int | None = None
    workspace_id: int | None = None
    members: list[int] | None = None
    observers: list[int] | None = None
    leaders: list[int] | None = None
    restricted: bool | None = None
    approval_required: bool | None = None
    auto_ticket_assign: bool | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
