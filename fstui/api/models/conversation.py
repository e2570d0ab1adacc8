"""Replies and notes on a ticket."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class Conversation(FreshserviceModel):
    id: int | None = None
    ticket_id: int | None = None
    user_id: int | None = None
    body: str | None = None
    body_text: str | None = None
    incoming: bool | None = None
    private: bool | None = None
    source: int | None = None
    support_email: str | None = None
    from_email: str | None = None
    to_emails: list[str] | None = None
    cc_emails: list[str] | None = None
    bcc_emails: list[str] | None = None
    attachments: list[dict[str, Any]] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    @property
    def answers_requester(self) -> bool:
        """An agent's public reply or note: what stops the first-response SLA clock."""
        return self.incoming is False and self.private is False
