"""Canned responses and their folders (reply templates)."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class CannedResponseFolder(FreshserviceModel):
    id: int | None = None
    name: str | None = None
    type: str | None = None
    responses_count: int | None = None
    workspace_id: int | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None


class CannedResponse(FreshserviceModel):
    id: int | None = None
    title: str | None = None
    folder_id: int | None = None
    content: str | None = None
    content_html: str | None = None
    workspace_id: int | None = None
    attachments: list[dict[str, Any]] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
