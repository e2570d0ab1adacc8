"""Requesters (the people who raise tickets)."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Requester(FreshserviceModel):
    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    primary_email: str | None = None
    secondary_emails: list[str] | None = None
    is_agent: bool | None = None
    active: bool | None = None
    job_title: str | None = None
    work_phone_number: str | None = None
    mobile_phone_number: str | None = None
    department_ids: list[int] | None = None
    location_id: int | None = None
    reporting_manager_id: int | None = None
    time_zone: str | None = None
    language: str | None = None
    custom_fields: dict[str, Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or (
            self.primary_email or ""
        )
