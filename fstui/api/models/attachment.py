"""Files attached to tickets and conversations, as the API describes them."""

from __future__ import annotations

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Attachment(FreshserviceModel):
    """One attachment record (reference line 675). Every value is untrusted text: the name in
    particular must be sanitised before it becomes a path (fstui.store.attachments)."""

    id: int | None = None
    name: str | None = None
    content_type: str | None = None
    size: int | None = None
    attachment_url: str | None = None
    canonical_url: str | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
