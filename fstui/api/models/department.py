"""Departments (called companies in MSP mode)."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Department(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    description: str | None = None
    head_user_id: int | None = None
    prime_user_id: int | None = None
    workspace_id: int | None = None
    domains: list[str] | None = None
    custom_fields: dict[str, Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
