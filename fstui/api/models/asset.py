"""Assets (CMDB configuration items) and the requests linked to them."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Asset(FreshserviceModel):
    """Assets are addressed by ``display_id`` in every URL, not by ``id``. ``type_fields`` keys are
    account-specific (``product_25``...), so they stay a plain mapping."""

    id: int | None = None
    display_id: int | None = None
    name: str | None = None
    description: str | None = None
    asset_type_id: int | None = None
    asset_tag: str | None = None
    impact: str | None = None
    usage_type: str | None = None
    author_type: str | None = None
    user_id: int | None = None
    agent_id: int | None = None
    group_id: int | None = None
    department_id: int | None = None
    location_id: int | None = None
    workspace_id: int | None = None
    assigned_on: TolerantDatetime = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
    type_fields: dict[str, Any] | None = None


class AssetRequest(FreshserviceModel):
    """A ticket/problem/change linked to an asset (``GET /assets/{display_id}/requests``)."""

    id: int | None = None
    request_type: str | None = None
    request_id: str | None = None
    request_details: str | None = None
    request_status: str | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
