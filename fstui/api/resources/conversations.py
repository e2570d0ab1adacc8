"""Replies and notes on tickets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fstui.api.models import Conversation
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one
from fstui.api.resources.files import UploadFile, send_multipart

REPLY_DEFAULTS = {"source": 0, "private": False, "incoming": False}
"""What a reply is, though the real 12-key reply answer (reference line 4432, the recorded
xsoar reply_create) does not say so: filled where the answer lacks them, so fstui sees its
own reply as a public answer to the requester."""


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
        from_email: str | None = None,
        attachments: Sequence[UploadFile] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Conversation:
        """POST /tickets/{id}/reply: emails the requester. Never retried after a timeout.
        With ``attachments`` the body goes as multipart/form-data (reference line 4448)."""
        payload: dict[str, Any] = {"body": body}
        if cc_emails:
            payload["cc_emails"] = list(cc_emails)
        if bcc_emails:
            payload["bcc_emails"] = list(bcc_emails)
        if from_email:
            payload["from_email"] = from_email
        path = f"/tickets/{int(ticket_id)}/reply"
        if attachments:
            answer = await send_multipart(
                self._session, "POST", path, payload, attachments, priority=priority
            )
        else:
            answer = await self._send("POST", path, payload, priority=priority)
        conversation = parse_one(Conversation, answer, "conversation")
        missing = {k: v for k, v in REPLY_DEFAULTS.items() if getattr(conversation, k) is None}
        return conversation.model_copy(update=missing) if missing else conversation

    async def add_note(
        self,
        ticket_id: int,
        body: str,
        *,
        private: bool = True,
        notify_emails: Sequence[str] = (),
        attachments: Sequence[UploadFile] = (),
        priority: Priority = Priority.INTERACTIVE,
    ) -> Conversation:
        """POST /tickets/{id}/notes; multipart with ``attachments`` (reference line 4528)."""
        payload: dict[str, Any] = {"body": body, "private": private}
        if notify_emails:
            payload["notify_emails"] = list(notify_emails)
        path = f"/tickets/{int(ticket_id)}/notes"
        if attachments:
            answer = await send_multipart(
                self._session, "POST", path, payload, attachments, priority=priority
            )
        else:
            answer = await self._send("POST", path, payload, priority=priority)
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
