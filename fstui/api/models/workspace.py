"""Workspaces (Employee Support Mode): IT, HR, Facilities... within one account."""

from __future__ import annotations

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Workspace(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    description: str | None = None
    state: str | None = None
    primary: bool | None = None
    restricted: bool | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def is_active(self) -> bool:
        """Archived or otherwise inactive workspaces take no new tickets."""
        return self.state in (None, "active")
