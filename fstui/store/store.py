"""The one thing the UI talks to: a facade over the store's services, wired once per session.

Every read returns a `Cached[...]` (value, age, stale flag, source) so a screen can paint what
was last seen and say how old it is; every network call goes through the client's shared rate
limiter at a priority that says whether an agent is waiting; every change is announced on
`events`, so screens redraw instead of re-reading.

The rooms: `plumbing` (cached reads, single-flight, counters, connectivity), `refdata`
(reference data and "me"), `requesters` (names), `sync` (first fill, deltas, sweep, team
coordination), `queues`, `tickets` (detail and children), `assets` and `canned`. Services never
import this module; it wires them. `refresh()` is the whole refresh sequence a queue screen runs.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from fstui.api import (
    Activity,
    Agent,
    AssetType,
    CannedResponse,
    Conversation,
    FreshserviceClient,
    Priority,
    RateLimiter,
    Requester,
    Task,
    Ticket,
    TicketRequester,
    TimeEntry,
)
from fstui.store.assets import AssetData
from fstui.store.attachments import AttachmentFiles
from fstui.store.cache import JsonCache
from fstui.store.canned import CannedEntry, CannedResponses
from fstui.store.connectivity import Connectivity
from fstui.store.conversation_check import ConversationCheck
from fstui.store.coordination import SyncCoordinator
from fstui.store.events import StoreEvents
from fstui.store.freshness import Cached, FreshnessPolicy
from fstui.store.itsm import ItsmService
from fstui.store.mirror import MergeResult, TicketMirror
from fstui.store.names import Names
from fstui.store.new_tickets import NewTicketForm
from fstui.store.plumbing import Plumbing
from fstui.store.queue_service import AdhocQueue, QueueService
from fstui.store.queues import MY_OPEN, QueueDef
from fstui.store.reference import ReferenceData
from fstui.store.reference_service import ReferenceService
from fstui.store.requester_names import RequesterNames
from fstui.store.settings import StoreSettings
from fstui.store.stats import StoreStats
from fstui.store.sync import SyncService
from fstui.store.tickets import TicketService

__all__ = ["AdhocQueue", "CannedEntry", "Store"]


class Store:
    def __init__(
        self,
        client: FreshserviceClient,
        cache: JsonCache,
        *,
        me_email: str,
        settings: StoreSettings | None = None,
        clock: Callable[[], float] = time.time,
        limiter: RateLimiter | None = None,
        api_key: str | None = None,
        connectivity: Connectivity | None = None,
        coordinator: SyncCoordinator | None = None,
        plan: str | None = None,
    ) -> None:
        if api_key:
            cache.forbid(api_key)
        self.plumbing = Plumbing(
            client,
            cache,
            settings=settings or StoreSettings(),
            clock=clock,
            limiter=limiter or getattr(client, "limiter", None),
            connectivity=connectivity,
        )
        self.configured_plan = plan
        # What the rate-limit headers say the plan is (the session records them), else None.
        self.detected_plan: Callable[[], str | None] = lambda: None
        self.mirror = TicketMirror(cache)
        self.mirror.load()
        models: dict[int, Ticket] = {}
        self.refdata = ReferenceService(self.plumbing, me_email=me_email, coordinator=coordinator)
        self.requesters = RequesterNames(
            self.plumbing,
            self.refdata.snapshot,
            lambda: self.refdata.forget_snapshot("requesters"),
            coordinator=coordinator,
        )
        self.names = Names(self.refdata.snapshot, self.requesters.not_found)
        self.queues = QueueService(
            self.plumbing,
            self.mirror,
            reference=self.refdata.snapshot,
            remember_requesters=self.requesters.remember_cards,
            models=models,
        )
        self.tickets = TicketService(
            self.plumbing,
            self.mirror,
            models=models,
            remember_requester=lambda r: self.requesters.remember_cards([r]),
            requester_card=self.requesters.card,
            known_row=self.queues.known_row,
        )
        self.syncer = SyncService(
            self.plumbing,
            self.mirror,
            reference=self.refdata.snapshot,
            models=models,
            coordinator=coordinator,
            plan_name=lambda: self.plan,
        )
        self.canned = CannedResponses(self.plumbing)
        self.attachments = AttachmentFiles(
            self.plumbing, directory=self.plumbing.settings.download_dir
        )
        self.conversation_check = ConversationCheck(self.plumbing)
        self.itsm = ItsmService(self.plumbing)
        self.new_tickets = NewTicketForm(
            self.plumbing, lambda: self.refdata.snapshot().ticket_fields, self.refdata.essentials
        )
        self._assets: AssetData | None = None

    # --- wiring and plumbing ------------------------------------------------------------------

    @property
    def plan(self) -> str | None:
        """The plan in effect: as the headers name it, else as configured."""
        return self.detected_plan() or self.configured_plan

    @property
    def cache(self) -> JsonCache:
        return self.plumbing.cache

    @property
    def client(self) -> Any:
        return self.plumbing.client

    @property
    def settings(self) -> StoreSettings:
        return self.plumbing.settings

    @property
    def clock(self) -> Callable[[], float]:
        return self.plumbing.clock

    @property
    def limiter(self) -> RateLimiter | None:
        return self.plumbing.limiter

    @property
    def connectivity(self) -> Connectivity | None:
        return self.plumbing.connectivity

    @property
    def events(self) -> StoreEvents:
        return self.plumbing.events

    @property
    def policy(self) -> FreshnessPolicy:
        return self.plumbing.policy

    @property
    def me_email(self) -> str:
        return self.refdata.me_email

    @property
    def calls_made(self) -> int:
        return self.plumbing.calls_made

    @property
    def calls_saved(self) -> int:
        return self.plumbing.calls_saved

    @property
    def online(self) -> bool:
        return self.plumbing.online

    @property
    def assets(self) -> AssetData:
        """Created on first use, so a run that never opens an asset pays nothing for it."""
        if self._assets is None:
            self._assets = AssetData(self.plumbing, self.mirror, self.tickets)
        return self._assets

    async def aclose(self) -> None:
        """Stop background work (a fill still running) before the session closes."""
        await self.syncer.aclose()

    # --- the refresh sequence -----------------------------------------------------------------

    async def refresh(self, visible_queue: str | None = None, *, initial: bool = False) -> None:
        """What a queue screen runs on start and on every tick.

        Before the mirror is whole: the essentials (me, form fields), the visible queue straight
        from the server, and the fill started behind. Once it is: one delta (or, following a
        team leader, none). Then the rest of the reference data, names for the visible rows,
        the first-response backfill and the deleted/spam sweep, each only when due.
        """
        name = visible_queue or MY_OPEN
        await self.refdata.me(priority=Priority.INTERACTIVE)
        if not self.mirror.loaded:
            self.syncer.pick_up_other_process()
        if not self.mirror.loaded and not await self._follow_if_led():
            # The rows need only "me"; the form fields (labels) travel beside them.
            await asyncio.gather(
                self.refdata.essentials(priority=Priority.INTERACTIVE),
                self.queues.refresh(name, priority=Priority.INTERACTIVE),
            )
            self.syncer.ensure_fill()
        else:
            await self.refdata.essentials(priority=Priority.INTERACTIVE)
            await self.syncer.sync(
                priority=Priority.INTERACTIVE if initial else Priority.BACKGROUND
            )
            await self.queues.refresh(name, priority=Priority.INTERACTIVE, sync=self.syncer.sync)
        await self.refdata.refresh(priority=Priority.BACKGROUND)
        await self.names_for_queue(name)
        if self.mirror.loaded:
            await self.syncer.learn_first_responses()
            await self.syncer.sweep()

    async def _follow_if_led(self) -> bool:
        """A console starting beside a team leader takes the shared mirror: True when it did."""
        if await self.syncer.coordinator.should_lead():
            return False
        await self.syncer.follow()
        return self.mirror.loaded

    async def names_for_queue(self, name: str) -> int:
        """Names for the requesters of a queue's rows (a paging pass only for ids nobody has
        looked for); returns how many were found."""
        ids = {t.requester_id for t in self.queue(name).value if isinstance(t.requester_id, int)}
        return await self.requesters.resolve(ids)

    def prepare_ticket_reads(self) -> None:
        """Build now what a ticket's detail validates (models build on first use): ~20 ms and
        ~4 MiB the agent's first `enter` would otherwise pay, while they read the queue."""
        Ticket.model_rebuild()

    def run_shared_calls_in(self, context: contextvars.Context) -> None:
        """Calls that several callers share start in a copy of `context` (the app's), not of
        the screen that asked first, which they would keep alive (SingleFlight.context)."""
        self.plumbing.flight.context = context

    # --- reference data -----------------------------------------------------------------------

    def reference_snapshot(self) -> ReferenceData:
        return self.refdata.snapshot()

    async def reference(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> ReferenceData:
        return await self.refdata.refresh(force=force, priority=priority)

    async def me(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Agent | None:
        return await self.refdata.me(force=force, priority=priority)

    async def resolve_requesters(
        self, ids: Iterable[int], *, priority: Priority = Priority.BACKGROUND
    ) -> int:
        return await self.requesters.resolve(ids, priority=priority)

    def remember_requester(self, requester: Requester | TicketRequester) -> None:
        """Keep a name learned for free (an embedded requester) for later rows and screens."""
        if isinstance(requester, TicketRequester):
            self.requesters.remember_cards([requester])
        else:
            self.requesters.remember([(requester.id, requester.name)])

    # --- mirror and queues --------------------------------------------------------------------

    @property
    def last_sync(self) -> float | None:
        return self.mirror.meta.last_sync

    async def sync(
        self, *, full: bool = False, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        return await self.syncer.sync(full=full, priority=priority)

    async def learn_first_responses(
        self, *, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        return await self.syncer.learn_first_responses(priority=priority)

    def queue_defs(self) -> list[QueueDef]:
        return self.queues.defs()

    def queue_names(self) -> list[str]:
        return self.queues.names()

    def add_adhoc_queue(self, query: str) -> str:
        return self.queues.add_adhoc(query)

    def remove_adhoc_queue(self, query: str) -> None:
        self.queues.remove_adhoc(query)

    def queue(self, name: str) -> Cached[list[Ticket]]:
        return self.queues.queue(name)

    async def refresh_queue(
        self, name: str, *, priority: Priority = Priority.INTERACTIVE
    ) -> Cached[list[Ticket]]:
        return await self.queues.refresh(name, priority=priority, sync=self.syncer.sync)

    def queue_counts(self) -> dict[str, int | None]:
        """Rows per queue without a call; None where the count is not known yet."""
        return self.queues.counts()

    # --- tickets ------------------------------------------------------------------------------

    def peek_ticket(self, ticket_id: int) -> Cached[Ticket] | None:
        return self.tickets.peek(ticket_id)

    async def ticket(
        self, ticket_id: int, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Cached[Ticket]:
        return await self.tickets.ticket(ticket_id, force=force, priority=priority)

    async def time_entries(self, ticket_id: int, *, force: bool = False) -> Cached[list[TimeEntry]]:
        return await self.tickets.time_entries(ticket_id, force=force)

    async def tasks(self, ticket_id: int, *, force: bool = False) -> Cached[list[Task]]:
        return await self.tickets.tasks(ticket_id, force=force)

    async def activities(self, ticket_id: int, *, force: bool = False) -> Cached[list[Activity]]:
        return await self.tickets.activities(ticket_id, force=force)

    def invalidate_ticket(self, ticket_id: int) -> None:
        self.tickets.invalidate_ticket(ticket_id)

    def apply_ticket(self, ticket: Ticket) -> None:
        self.tickets.apply_ticket(ticket)

    def add_child(self, ticket_id: int, what: str, item: BaseModel) -> None:
        self.tickets.add_child(ticket_id, what, item)

    def add_conversation(self, ticket_id: int, conversation: Conversation) -> None:
        self.tickets.add_conversation(ticket_id, conversation)

    async def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> Ticket:
        """Write through: the answer updates the mirror row and the cached detail."""
        ticket: Ticket = await self.plumbing.call(
            self.client.update_ticket(ticket_id, fields, priority=Priority.INTERACTIVE)
        )
        self.apply_ticket(ticket)
        return ticket

    # --- assets and canned responses ----------------------------------------------------------

    async def asset_types(self, *, force: bool = False) -> Cached[list[AssetType]]:
        return await self.assets.asset_types(force=force)

    async def canned_responses(self) -> list[CannedEntry]:
        return await self.canned.all()

    async def canned_response(self, response_id: int) -> CannedResponse:
        return await self.canned.one(response_id)

    # --- status -------------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        p = self.plumbing
        budget = self.limiter.stats() if self.limiter is not None else None
        made = p.calls_made
        saved = p.calls_saved + p.flight.joined
        return StoreStats(
            remaining=budget.remaining if budget else None,
            limit=budget.limit if budget else None,
            calls_made=budget.calls_made if budget else made,
            credits_spent=budget.credits_spent if budget else 0,
            calls_saved_by_cache=saved,
            hit_rate=saved / (saved + made) if saved + made else 0.0,
            last_sync=self.mirror.meta.last_sync,
            online=self.connectivity.is_online if self.connectivity else p.online,
            paused_until=budget.paused_until if budget else None,
        )
