"""The ticket screen's one door to the account: reads through the store, writes through the outbox.

Why an adapter: the screen should not know which layer answers. Reads go to `session.store`
(cache first, <= 2 credits cold). Replies, notes, ticket updates and new time entries/tasks go
through the durable `Outbox` (sent exactly once, conflicts detected on `updated_at`). The few
writes the outbox has no kind for (editing/deleting time entries and tasks, timers) are sent
by the store at once. What stays here is what the screen needs around them: labels, drafts,
the outbox's answers taken into the cache, and the memory of my running timer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fstui.api import (
    Activity,
    Asset,
    CannedResponse,
    Conversation,
    NotFound,
    Task,
    Ticket,
    TimeEntry,
)
from fstui.store.drafts import DraftKey, DraftSaver
from fstui.store.freshness import Cached
from fstui.store.mirror import is_open_ticket
from fstui.store.outbox import SubmitResult, Write
from fstui.store.reference import ReferenceData
from fstui.store.store import CannedEntry
from fstui.ui.screens.ticket.compose import text_to_html
from fstui.ui.screens.ticket.labels import Labels, Person

if TYPE_CHECKING:
    from fstui.session import Session

TIMER_KEY = "ui:running_timer"
BASE_FIELDS = (
    "status",
    "priority",
    "urgency",
    "impact",
    "responder_id",
    "group_id",
    "subject",
    "category",
    "sub_category",
    "item_category",
    "tags",
    "type",
)


@dataclass(frozen=True)
class RunningTimer:
    """Where my timer runs, remembered locally: the API cannot list time entries by agent."""

    ticket_id: int
    entry_id: int


def iso(value: datetime | str | None) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def labels_from(reference: ReferenceData) -> Labels:
    agents = {
        agent_id: Person(agent_id, agent.name, agent.email or "")
        for agent_id, agent in reference.agents.items()
    }
    requesters = {rid: Person(rid, name) for rid, name in reference.requesters.items()}
    return Labels(
        statuses=dict(reference.labels.get("status", {})),
        priorities=dict(reference.labels.get("priority", {})),
        urgencies=dict(reference.labels.get("urgency", {})),
        impacts=dict(reference.labels.get("impact", {})),
        sources=dict(reference.labels.get("source", {})),
        agents=agents,
        groups={gid: group.name or f"group #{gid}" for gid, group in reference.groups.items()},
        requesters=requesters,
        me_agent_id=reference.me.id if reference.me is not None else None,
    )


class TicketData:
    """One per session (shared by every ticket screen), so drafts and the outbox are shared."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.store = session.store
        self.drafts = session.drafts
        self.saver = DraftSaver(self.drafts)
        self.outbox = session.outbox

    @classmethod
    def for_session(cls, session: Session) -> TicketData:
        existing = session.extras.get("ticket_data")
        if isinstance(existing, TicketData):
            return existing
        data = cls(session)
        session.extras["ticket_data"] = data
        return data

    # --- reads ----------------------------------------------------------------------------

    def labels_now(self) -> Labels:
        return labels_from(self.store.reference_snapshot())

    async def labels(self) -> Labels:
        return labels_from(await self.store.reference())

    def note_requester(self, requester_id: int) -> None:
        """Ask the store's names cache for a requester; unknown ids join its next batch."""
        self.store.names.requester(requester_id)

    def peek(self, ticket_id: int) -> Cached[Ticket] | None:
        return self.store.peek_ticket(ticket_id)

    async def ticket(self, ticket_id: int, *, force: bool = False) -> Cached[Ticket]:
        """The ticket with every conversation (the store pages past the ten embedded ones)."""
        return await self.store.ticket(ticket_id, force=force)

    async def time_entries(self, ticket_id: int, *, force: bool = False) -> list[TimeEntry]:
        return (await self.store.time_entries(ticket_id, force=force)).value

    async def tasks(self, ticket_id: int, *, force: bool = False) -> list[Task]:
        return (await self.store.tasks(ticket_id, force=force)).value

    async def activities(self, ticket_id: int, *, force: bool = False) -> list[Activity]:
        return (await self.store.activities(ticket_id, force=force)).value

    # --- related: the requester's other tickets, the ticket's assets ----------------------

    def requester_open_tickets(self, requester_id: int | None, *, besides: int) -> list[Ticket]:
        """Other open tickets of the requester, newest change first, from the mirror (no call)."""
        if requester_id is None:
            return []
        rows = [
            row
            for row in self.store.mirror.tickets()
            if row.get("requester_id") == requester_id
            and row.get("id") != besides
            and is_open_ticket(row)
        ]
        rows.sort(key=lambda row: str(row.get("updated_at") or ""), reverse=True)
        return [Ticket.model_validate(row) for row in rows]

    async def ticket_assets(self, ticket_id: int) -> list[Asset]:
        return await self.store.assets.linked_assets(ticket_id)

    async def find_asset(self, term: str) -> int | None:
        return await self.store.assets.find(term)

    # --- canned responses -----------------------------------------------------------------

    async def canned_responses(self) -> list[CannedEntry]:
        return await self.store.canned_responses()

    async def canned_response(self, response_id: int) -> CannedResponse:
        return await self.store.canned_response(response_id)

    # --- replies and notes ----------------------------------------------------------------

    async def send_reply(
        self, ticket_id: int, text: str, *, cc: list[str], bcc: list[str], token: str
    ) -> SubmitResult:
        write = Write(
            kind="reply",
            ticket_id=ticket_id,
            payload={"body": text_to_html(text), "cc_emails": cc, "bcc_emails": bcc},
            idempotency_token=token,
            draft=DraftKey(ticket_id, "reply"),
        )
        return await self._submit(write)

    async def send_note(
        self, ticket_id: int, text: str, *, private: bool, token: str
    ) -> SubmitResult:
        write = Write(
            kind="note",
            ticket_id=ticket_id,
            payload={"body": text_to_html(text), "private": private},
            idempotency_token=token,
            draft=DraftKey(ticket_id, "note"),
        )
        return await self._submit(write)

    # --- ticket properties ----------------------------------------------------------------

    async def update_ticket(self, ticket: Ticket, fields: Mapping[str, Any]) -> SubmitResult:
        """Send `fields` unless the ticket changed since `ticket` was loaded (then CONFLICT)."""
        assert ticket.id is not None
        base = {name: _plain(getattr(ticket, name, None)) for name in BASE_FIELDS}
        write = Write(
            kind="update_ticket",
            ticket_id=ticket.id,
            payload=dict(fields),
            expected_updated_at=iso(ticket.updated_at),
            base=base,
        )
        return await self._submit(write)

    async def override(self, token: str) -> SubmitResult:
        result = await self.outbox.override(token)
        if result.delivered:
            self._take_answer(result.write.ticket_id, result.response)
        return result

    def drop(self, token: str) -> None:
        self.outbox.drop(token)

    async def _submit(self, write: Write) -> SubmitResult:
        result = await self.outbox.submit(write)
        if result.delivered:
            self._take_answer(write.ticket_id, result.response)
        return result

    def _take_answer(self, ticket_id: int, response: object) -> None:
        """What a write answered is the new truth: cache it instead of paying to re-read.

        A ticket moves the mirror (and so every queue) at once, which triage needs to see it
        leave a queue; a reply or note joins the cached thread; a time entry or task joins
        its cached list.
        """
        if isinstance(response, Ticket):
            self.store.apply_ticket(response)
        elif isinstance(response, Conversation):
            self.store.add_conversation(ticket_id, response)
        elif isinstance(response, TimeEntry):
            self.store.add_child(ticket_id, "time_entries", response)
        elif isinstance(response, Task):
            self.store.add_child(ticket_id, "tasks", response)
        else:
            self.store.invalidate_ticket(ticket_id)

    # --- time entries ---------------------------------------------------------------------

    async def add_time_entry(
        self, ticket_id: int, *, time_spent: str, note: str, billable: bool, agent_id: int | None
    ) -> SubmitResult:
        fields: dict[str, Any] = {"time_spent": time_spent, "note": note, "billable": billable}
        if agent_id is not None:
            fields["agent_id"] = agent_id
        return await self._submit(Write(kind="time_entry", ticket_id=ticket_id, payload=fields))

    async def update_time_entry(
        self, ticket_id: int, entry_id: int, fields: Mapping[str, Any]
    ) -> TimeEntry:
        return await self.store.update_time_entry(ticket_id, entry_id, fields)

    async def delete_time_entry(self, ticket_id: int, entry_id: int) -> None:
        await self.store.delete_time_entry(ticket_id, entry_id)
        timer = self.running_timer()
        if timer is not None and timer.entry_id == entry_id:
            self.forget_timer()

    async def start_timer(
        self, ticket_id: int, *, agent_id: int | None, note: str = ""
    ) -> TimeEntry:
        entry = await self.store.start_timer(ticket_id, agent_id=agent_id, note=note)
        if entry.id is not None:
            self.remember_timer(RunningTimer(ticket_id, entry.id))
        return entry

    async def stop_timer(self, ticket_id: int, entry_id: int) -> TimeEntry:
        entry = await self.store.stop_timer(ticket_id, entry_id)
        timer = self.running_timer()
        if timer is not None and timer.entry_id == entry_id:
            self.forget_timer()
        return entry

    async def timer_still_running(self, timer: RunningTimer) -> bool:
        """Check the remembered timer against the server (someone may have stopped it)."""
        try:
            entries = await self.time_entries(timer.ticket_id, force=True)
        except NotFound:
            self.forget_timer()
            return False
        running = any(e.id == timer.entry_id and e.timer_running for e in entries)
        if not running:
            self.forget_timer()
        return running

    def running_timer(self) -> RunningTimer | None:
        entry = self.store.cache.get(TIMER_KEY)
        if entry is None or not isinstance(entry.value, dict):
            return None
        try:
            return RunningTimer(int(entry.value["ticket_id"]), int(entry.value["entry_id"]))
        except (KeyError, TypeError, ValueError):
            return None

    def remember_timer(self, timer: RunningTimer) -> None:
        self.store.cache.set(TIMER_KEY, {"ticket_id": timer.ticket_id, "entry_id": timer.entry_id})

    def forget_timer(self) -> None:
        self.store.cache.delete(TIMER_KEY)

    # --- tasks ----------------------------------------------------------------------------

    async def add_task(self, ticket_id: int, fields: Mapping[str, Any]) -> SubmitResult:
        return await self._submit(Write(kind="task", ticket_id=ticket_id, payload=dict(fields)))

    async def update_task(self, ticket_id: int, task_id: int, fields: Mapping[str, Any]) -> Task:
        return await self.store.update_task(ticket_id, task_id, fields)

    async def delete_task(self, ticket_id: int, task_id: int) -> None:
        await self.store.delete_task(ticket_id, task_id)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, list):
        return list(value)
    return value
