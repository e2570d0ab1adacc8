"""A scriptable stand-in for FreshserviceClient: records what reached "the server"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fstui.api.errors import FreshserviceError
from fstui.api.models.conversation import Conversation


@dataclass
class Fault:
    """Raise `error`; with `applied=True` the server applies the write first (lost answer)."""

    error: FreshserviceError
    applied: bool = False


@dataclass
class FakeClient:
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    conversations: dict[int, list[Conversation]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    """Consumed one per write call, in order."""
    read_faults: list[FreshserviceError] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    time_entries: list[dict[str, Any]] = field(default_factory=list)
    gate: asyncio.Event | None = None
    """When set, replies wait for it (a slow request in flight)."""
    _next_id: int = 1000

    def ticket(self, ticket_id: int, **fields: Any) -> dict[str, Any]:
        base = {"id": ticket_id, "status": 2, "priority": 1, "updated_at": "2024-05-01T10:00:00Z"}
        self.tickets[ticket_id] = {**base, **fields}
        return self.tickets[ticket_id]

    def bodies(self, ticket_id: int) -> list[str]:
        return [c.body or "" for c in self.conversations.get(ticket_id, [])]

    def _write(self, name: str, apply: Any) -> Any:
        self.calls.append(name)
        fault = self.faults.pop(0) if self.faults else None
        if fault is not None and not fault.applied:
            raise fault.error
        result = apply()
        if fault is not None:
            raise fault.error
        return result

    def _read(self, name: str) -> None:
        self.calls.append(name)
        if self.read_faults:
            raise self.read_faults.pop(0)

    def _add_conversation(self, ticket_id: int, body: str, *, private: bool) -> Conversation:
        self._next_id += 1
        conv = Conversation(id=self._next_id, ticket_id=ticket_id, body=body, private=private)
        if ticket_id in self.tickets:  # like Freshservice, a conversation touches the ticket
            self.tickets[ticket_id]["updated_at"] = f"2024-05-01T10:{self._next_id % 60:02d}:00Z"
        self.conversations.setdefault(ticket_id, []).append(conv)
        return conv

    async def reply(
        self,
        ticket_id: int,
        body: str,
        *,
        cc_emails: Sequence[str] = (),
        bcc_emails: Sequence[str] = (),
    ) -> Conversation:
        if self.gate is not None:
            await self.gate.wait()
        return self._write("reply", lambda: self._add_conversation(ticket_id, body, private=False))  # type: ignore[no-any-return]

    async def add_note(self, ticket_id: int, body: str, *, private: bool = True) -> Conversation:
        return self._write(  # type: ignore[no-any-return]
            "add_note", lambda: self._add_conversation(ticket_id, body, private=private)
        )

    async def update_ticket(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            ticket = self.tickets[ticket_id]
            ticket.update(fields)
            ticket["updated_at"] = "2024-05-01T11:11:11Z"
            return dict(ticket)

        return self._write("update_ticket", apply)  # type: ignore[no-any-return]

    async def get_ticket(self, ticket_id: int) -> dict[str, Any]:
        self._read("get_ticket")
        return dict(self.tickets[ticket_id])

    async def list_conversations(self, ticket_id: int) -> AsyncIterator[Conversation]:
        self._read("list_conversations")
        for conv in list(self.conversations.get(ticket_id, [])):
            yield conv

    async def create_time_entry(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            entry = {"ticket_id": ticket_id, **fields}
            self.time_entries.append(entry)
            return entry

        return self._write("create_time_entry", apply)  # type: ignore[no-any-return]
