"""Agents (the people who work tickets)."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Agent(FreshserviceModel):
    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    active: bool | None = None
    occasional: bool | None = None
    job_title: str | None = None
    work_phone_number: str | None = None
    mobile_phone_number: str | None = None
    department_ids: list[int] | None = None
    location_id: int | None = None
    reporting_manager_id: int | None = None
    time_zone: str | None = None
    language: str | None = None
    member_of: list[int] | None = None
    observer_of: list[int] | None = None
    workspace_ids: list[int] | None = None
    roles: list[dict[str, Any]] | None = None
    custom_fields: dict[str, Any] | None = None
    last_login_at: TolerantDatetime = None
    last_active_at: TolerantDatetime = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or (self.email or "")
