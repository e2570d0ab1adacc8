"""Replies and notes on tickets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fstui.api.models import Conversation
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one


class ConversationsAPI(ResourceBase):
    def list_conversations(
        self, ticket_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[Conversation]:
        return self._pager(
            Conversation,
            f"/tickets/{int(ticket_id)}/conversations",
            {"per_page": 100},
            ("conversations",),
            priority=priority,
        )

    async def reply(
        self,
        ticket_id: int,
        body: str,
        *,
        cc_emails: Sequence[str] = (),
        bcc_emails: Sequence[str] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Conversation:
        """POST /tickets/{id}/reply: emails the requester. Never retried after a timeout."""
        payload: dict[str, Any] = {"body": body}
        if cc_emails:
            payload["cc_emails"] = list(cc_emails)
        if bcc_emails:
            payload["bcc_emails"] = list(bcc_emails)
        answer = await self._send(
            "POST", f"/tickets/{int(ticket_id)}/reply", payload, priority=priority
        )
        return parse_one(Conversation, answer, "conversation")

    async def add_note(
        self,
        ticket_id: int,
        body: str,
        *,
        private: bool = True,
        notify_emails: Sequence[str] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Conversation:
        payload: dict[str, Any] = {"body": body, "private": private}
        if notify_emails:
            payload["notify_emails"] = list(notify_emails)
        answer = await self._send(
            "POST", f"/tickets/{int(ticket_id)}/notes", payload, priority=priority
        )
        return parse_one(Conversation, answer, "conversation")

    async def update_conversation(
        self, conversation_id: int, body: str, *, priority: Priority = Priority.INTERACTIVE
    ) -> Conversation:
        answer = await self._send(
            "PUT", f"/conversations/{int(conversation_id)}", {"body": body}, priority=priority
        )
        return parse_one(Conversation, answer, "conversation")

    async def delete_conversation(
        self, conversation_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        await self._send("DELETE", f"/conversations/{int(conversation_id)}", priority=priority)
