"""The ticket's audit trail (``GET /tickets/{id}/activities``)."""

from __future__ import annotations

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class ActivityActor(FreshserviceModel):
    id: int | None = None
    name: str | None = None


class Activity(FreshserviceModel):
    actor: ActivityActor | None = None
    content: str | None = None
    sub_contents: list[str] | None = None
    created_at: TolerantDatetime = None
