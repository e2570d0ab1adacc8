"""ITSM around a ticket (issue #20): requested items, the service catalog, approvals, related
tickets, problems, changes and solution articles. Tolerant like every model: nothing required,
unknown keys kept; every text is untrusted."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime

STAGE_NAMES = {
    1: "Requested",
    2: "Delivered",
    3: "Cancelled",
    4: "Fulfilled",
    5: "Partially Fulfilled",
}
"""Requested item stages (reference line 3838)."""
APPROVAL_TYPE_NAMES = {1: "Everyone", 2: "Anyone", 3: "Majority", 4: "First responder"}
"""Who must approve (reference line 3936)."""


class RequestedItem(FreshserviceModel):
    """One item of a service request (list shape, reference line 3858). The update answer
    (line 3890) names the stage as ``{"id", "name"}`` and the item as ``item_id``: `stage_id`
    and `service_item` read either shape."""

    id: int | None = None
    quantity: int | None = None
    stage: Any = None
    loaned: bool | None = None
    cost_per_request: float | None = None
    remarks: str | None = None
    delivery_time: float | None = None
    is_parent: bool | None = None
    service_item_id: int | None = None
    item_id: int | None = None
    custom_fields: dict[str, Any] | None = None
    item: dict[str, Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def stage_id(self) -> int | None:
        if isinstance(self.stage, dict):
            value = self.stage.get("id")
            return value if isinstance(value, int) else None
        return self.stage if isinstance(self.stage, int) else None

    @property
    def stage_name(self) -> str:
        code = self.stage_id
        return STAGE_NAMES.get(code, str(code)) if code is not None else ""

    @property
    def service_item(self) -> int | None:
        return self.service_item_id if self.service_item_id is not None else self.item_id


class ServiceItem(FreshserviceModel):
    id: int | None = None
    display_id: int | None = None
    name: str | None = None
    category_id: int | None = None
    short_description: str | None = None
    description: str | None = None
    cost: str | None = None
    delivery_time: float | None = None
    item_type: int | None = None
    allow_quantity: bool | None = None
    deleted: bool | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class Approval(FreshserviceModel):
    """An approval on a ticket (reference line 3922); across tickets it also names its
    ``parent`` and ``parent_id`` (line 11741)."""

    id: int | None = None
    parent: str | None = None
    parent_id: int | None = None
    approver_id: int | None = None
    approver_name: str | None = None
    approval_type: int | None = None
    user_id: int | None = None
    user_name: str | None = None
    level: int | None = None
    approval_status: dict[str, Any] | None = None
    delegatee: dict[str, Any] | None = None
    latest_remark: str | None = None
    email_content: str | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def status_id(self) -> int | None:
        value = (self.approval_status or {}).get("id")
        return value if isinstance(value, int) else None

    @property
    def waiting(self) -> bool:
        return self.status_id == 0


class RelatedTickets(FreshserviceModel):
    """``include=related_tickets`` (reference line 911)."""

    child_ids: list[int] | None = None
    parent_ids: list[int] | None = None


class Problem(FreshserviceModel):
    id: int | None = None
    display_id: int | None = None
    subject: str | None = None
    description: str | None = None
    description_text: str | None = None
    status: int | None = None
    priority: int | None = None
    impact: int | None = None
    agent_id: int | None = None
    owner_id: int | None = None
    group_id: int | None = None
    requester_id: int | None = None
    known_error: bool | None = None
    due_by: TolerantDatetime = None
    category: str | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class Change(FreshserviceModel):
    id: int | None = None
    display_id: int | None = None
    subject: str | None = None
    description: str | None = None
    description_text: str | None = None
    status: int | None = None
    priority: int | None = None
    impact: int | None = None
    risk: int | None = None
    change_type: int | None = None
    approval_status: int | None = None
    agent_id: int | None = None
    owner_id: int | None = None
    group_id: int | None = None
    planned_start_date: TolerantDatetime = None
    planned_end_date: TolerantDatetime = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class SolutionCategory(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    description: str | None = None
    position: int | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class SolutionFolder(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    description: str | None = None
    category_id: int | None = None
    position: int | None = None
    visibility: int | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class SolutionArticle(FreshserviceModel):
    id: int | None = None
    title: str | None = None
    description: str | None = None
    description_text: str | None = None
    status: int | None = None
    article_type: int | None = None
    folder_id: int | None = None
    category_id: int | None = None
    views: int | None = None
    thumbs_up: int | None = None
    thumbs_down: int | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None
    url: str | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def published(self) -> bool:
        return self.status == 2
