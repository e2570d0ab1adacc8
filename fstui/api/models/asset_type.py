"""Asset types and the field layout of each type."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class AssetType(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    parent_asset_type_id: int | None = None
    description: str | None = None
    visible: bool | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class AssetTypeField(FreshserviceModel):
    id: int | None = None
    asset_type_id: int | None = None
    name: str | None = None
    label: str | None = None
    field_type: str | None = None
    data_type: str | None = None
    required: bool | None = None
    is_unique: bool | None = None
    default_field: bool | None = None
    choices: list[Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class AssetTypeFieldSection(FreshserviceModel):
    """One header ("General", "Hardware", ...) and the fields shown under it."""

    field_header: str | None = None
    fields: list[AssetTypeField] | None = None
