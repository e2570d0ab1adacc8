"""The triage script through fstui's layers, calling the store the way each screen does."""

from __future__ import annotations

from bench.rig import Rig
from fstui.store.asset_listing import Listing
from fstui.store.outbox import SubmitResult
from fstui.store.queues import MY_OPEN


class FstuiDriver:
    def __init__(self, rig: Rig, *, strict: bool = True) -> None:
        self.rig = rig
        self.store = rig.store
        self.strict = strict
        self.held: list[str] = []

    def _check(self, result: SubmitResult, what: str) -> None:
        """A write the outbox held back (conflict, rate limit): fatal in a solo run."""
        if result.delivered:
            return
        if self.strict:
            raise RuntimeError(f"{what} not delivered: {result.message}")
        self.held.append(f"{what}: {result.message}")

    async def _queue_load(self, initial: bool) -> None:
        """What the queue screen runs: the store's refresh sequence (first contact and the
        fill behind it on a cold cache, then one delta a refresh)."""
        store = self.store
        store.queue(MY_OPEN)
        await store.refresh(MY_OPEN, initial=initial)
        if initial:
            await store.syncer.wait_for_fill()

    async def open_queue(self) -> list[int]:
        await self._queue_load(initial=True)
        return [t.id for t in self.store.queue(MY_OPEN).value if t.id is not None]

    async def refresh_queue(self) -> None:
        await self._queue_load(initial=False)

    async def back_to_queue(self) -> None:
        self.store.queue(MY_OPEN)  # the queue screen is still mounted: no reload

    async def open_ticket(self, ticket_id: int, *, force: bool = False) -> None:
        """TicketScreen._load: labels (reference) and the ticket with its conversations."""
        await self.store.reference()
        await self.store.ticket(ticket_id, force=force)

    async def reply(self, ticket_id: int, text: str) -> None:
        from fstui.store.outbox import new_idempotency_token

        result = await self.rig.writes.send_reply(
            ticket_id, f"<p>{text}</p>", cc=[], bcc=[], token=new_idempotency_token(), text=text
        )
        self._check(result, "reply")
        await self.open_ticket(ticket_id)  # the sent reply is in the cached thread: no re-read

    async def add_time_entry(self, ticket_id: int) -> None:
        await self.store.time_entries(ticket_id)  # the Time tab is shown first
        me = self.store.reference_snapshot().me
        result = await self.rig.writes.add_time_entry(
            ticket_id,
            time_spent="00:15",
            note="triage",
            billable=False,
            agent_id=me.id if me else None,
        )
        self._check(result, "time entry")
        await self.store.time_entries(ticket_id)  # the new entry is in the cached list

    async def change_status(self, ticket_id: int) -> None:
        cached = self.store.peek_ticket(ticket_id)
        if cached is None:
            raise RuntimeError(f"ticket {ticket_id} was never loaded")
        ticket = cached.value
        status = 3 if ticket.status != 3 else 2
        result = await self.rig.writes.update_ticket(ticket, {"status": status})
        self._check(result, "status change")
        await self.open_ticket(ticket_id)  # the screen shows the answer; nothing is re-read

    async def open_assets(self) -> list[int]:
        types = await self.rig.assets.types()
        parents = {t.parent_asset_type_id for t in types}
        return [t.id for t in types if t.id is not None and t.id not in parents]

    async def open_asset_type(self, type_id: int) -> list[int]:
        async for page in self.rig.assets.pages(Listing(type_ids=(type_id,))):
            return [a.display_id for a in page.assets if a.display_id is not None]
        return []

    async def open_asset(self, display_id: int) -> None:
        await self.rig.assets.asset(display_id)
