"""Locations."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Location(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    parent_location_id: int | None = None
    primary_contact_id: int | None = None
    address: dict[str, Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
