"""Tickets (incidents and service requests)."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime
from fstui.api.models.conversation import Conversation


class TicketRequester(FreshserviceModel):
    """The small requester object embedded by ``include=requester``."""

    id: int | None = None
    name: str | None = None
    email: str | None = None
    mobile: str | None = None
    phone: str | None = None


class TicketStats(FreshserviceModel):
    """Embedded by ``include=stats``."""

    resolved_at: TolerantDatetime = None
    closed_at: TolerantDatetime = None
    first_responded_at: TolerantDatetime = None
    agent_responded_at: TolerantDatetime = None
    requester_responded_at: TolerantDatetime = None
    status_updated_at: TolerantDatetime = None
    pending_since: TolerantDatetime = None
    opened_at: TolerantDatetime = None


class Ticket(FreshserviceModel):
    """Status, priority, source, urgency and impact are plain ints: labels are per-tenant and come
    from the ticket form fields, and unknown codes must survive a round trip."""

    id: int | None = None
    subject: str | None = None
    description: str | None = None
    description_text: str | None = None
    type: str | None = None
    status: int | None = None
    priority: int | None = None
    source: int | None = None
    urgency: int | None = None
    impact: int | None = None
    requester_id: int | None = None
    requested_for_id: int | None = None
    responder_id: int | None = None
    group_id: int | None = None
    department_id: int | None = None
    workspace_id: int | None = None
    email_config_id: int | None = None
    sla_policy_id: int | None = None
    category: str | None = None
    sub_category: str | None = None
    item_category: str | None = None
    due_by: TolerantDatetime = None
    fr_due_by: TolerantDatetime = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None
    is_escalated: bool | None = None
    fr_escalated: bool | None = None
    spam: bool | None = None
    deleted: bool | None = None
    cc_emails: list[str] | None = None
    fwd_emails: list[str] | None = None
    reply_cc_emails: list[str] | None = None
    to_emails: list[str] | None = None
    tags: list[str] | None = None
    attachments: list[dict[str, Any]] | None = None
    custom_fields: dict[str, Any] | None = None
    requester: TicketRequester | None = None
    stats: TicketStats | None = None
    conversations: list[Conversation] | None = None
    approval_status: int | None = None
    approval_status_name: str | None = None
    related_tickets: dict[str, Any] | None = None
    """``include=related_tickets``: {"child_ids": [...], "parent_ids": [...]} (line 911)."""
    problem: dict[str, Any] | None = None
    change_initiating_ticket: dict[str, Any] | None = None
    change_initiated_by_ticket: dict[str, Any] | None = None

    def _related(self, key: str) -> list[int]:
        values = (self.related_tickets or {}).get(key)
        return [v for v in values if isinstance(v, int)] if isinstance(values, list) else []

    @property
    def child_ids(self) -> list[int]:
        return self._related("child_ids")

    @property
    def parent_ids(self) -> list[int]:
        return self._related("parent_ids")

    @property
    def first_response_given(self) -> bool | None:
        """Whether an agent has answered in public; None when this body cannot tell.

        List and filter bodies carry no stats unless asked (include=stats costs 2 credits a
        page), so "unknown" is a real state the queue must not show as "unanswered".
        """
        if any(c.answers_requester for c in self.conversations or []):
            return True
        if self.stats is None:
            return None
        return self.stats.first_responded_at is not None
