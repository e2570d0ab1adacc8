"""Keeping the mirror current: first contact, the first fill behind it, deltas, and the sweep.

The first minute on a big account: the visible queue's rows are asked for directly (one round
trip after the essentials), and the mirror of every open ticket fills behind at background
priority, page by page, saying how far it is and what the budget says the rest will take. A fill
cut short (quit, offline) resumes where it stopped on the next run.

Staying current costs one delta a refresh: GET /tickets?updated_since=<watermark>&include=stats
(3 credits a page; idle, one page). What a delta never reports — tickets deleted or marked spam —
is swept every `full_resync_seconds` by two calls (`filter=deleted` and `filter=spam` since the
last sweep), whatever the size of the account: the full reload this replaces cost one call per 30
open tickets.

In team mode the coordinator decides who syncs: the leader does all of the above and publishes
what it wrote; followers apply that with no API call.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fstui.api import DEFAULT_SHARES, FreshserviceError, Operation, Priority, Ticket, plan_limits
from fstui.query import Q, to_query
from fstui.store.connectivity import ConnectivityState
from fstui.store.coordination import MirrorUpdate, SoloCoordinator, SyncCoordinator
from fstui.store.events import SyncProgress, TicketsChanged
from fstui.store.freshness import format_timestamp, parse_timestamp
from fstui.store.mirror import MergeResult, TicketMirror
from fstui.store.plumbing import Plumbing, dump
from fstui.store.reference import ReferenceData

__all__ = ["FillState", "SyncService"]

log = logging.getLogger(__name__)

HISTORY_START = datetime(2000, 1, 1, tzinfo=UTC)
FILL_KEY = "mirror:fill"
SWEEP_KEY = "mirror:sweep"
FILTER_PAGE = 30
PROGRESS_EVERY = 1  # pages between progress events


@dataclass
class FillState:
    """Where the first fill stands, persisted so the next run resumes it."""

    started_at: float
    next_page: int = 1
    total: int | None = None
    query: str = ""

    @property
    def pages_total(self) -> int | None:
        return None if self.total is None else max(1, math.ceil(self.total / FILTER_PAGE))

    @classmethod
    def from_json(cls, value: object) -> FillState | None:
        if not isinstance(value, dict) or not isinstance(value.get("started_at"), int | float):
            return None
        page = value.get("next_page")
        total = value.get("total")
        return cls(
            started_at=float(value["started_at"]),
            next_page=page if isinstance(page, int) and page >= 1 else 1,
            total=total if isinstance(total, int) else None,
            query=str(value.get("query") or ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at,
            "next_page": self.next_page,
            "total": self.total,
            "query": self.query,
        }


def _duration(seconds: float) -> str:
    if seconds < 60:
        return "under a minute"
    minutes = round(seconds / 60)
    return f"about {minutes} min"


PAUSED_OFFLINE = "paused while offline, goes on when the connection is back"

SyncListener = Callable[[Mapping[int, Mapping[str, Any]], Mapping[int, Mapping[str, Any]]], None]


class SyncService:
    def __init__(
        self,
        plumbing: Plumbing,
        mirror: TicketMirror,
        *,
        reference: Callable[[], ReferenceData],
        models: dict[int, Ticket],
        coordinator: SyncCoordinator | None = None,
        plan_name: Callable[[], str | None] = lambda: None,
    ) -> None:
        self._p = plumbing
        self.mirror = mirror
        self._reference = reference
        self._models = models
        self.coordinator: SyncCoordinator = coordinator or SoloCoordinator()
        self._plan_name = plan_name
        self._fill_task: asyncio.Task[None] | None = None
        # Told (before, after) rows of the whole open set after each delta or followed update,
        # not after the first fill (rules such as notifications need "what was there before").
        self.sync_listeners: list[SyncListener] = []
        self._first_response_tried: set[int] = set()
        self.fill_error: str | None = None
        if plumbing.connectivity is not None:
            plumbing.connectivity.add_listener(self._on_connectivity)

    def _on_connectivity(self, state: ConnectivityState) -> None:
        """A fill waiting for its budget sends nothing, so it cannot fail when the network goes:
        without this the status bar kept promising "about 3 min" beside OFFLINE. The fill goes
        on by itself once back (its next page is asked when the link is there)."""
        if not self.filling:
            return
        if state is ConnectivityState.ONLINE:
            self._publish_progress(self.fill_state(), done=False)
        else:
            self._publish_progress(self.fill_state(), done=False, note=PAUSED_OFFLINE)

    # --- helpers ------------------------------------------------------------------------------

    def _changed(self, result: MergeResult, source: str) -> None:
        """Announce what a sync changed; an idle delta that changed nothing announces nothing,
        so no screen redraws (the end of the fill is always announced: counts become known)."""
        ids = result.added | result.changed | result.removed
        for ticket_id in ids:
            self._models.pop(ticket_id, None)
        if ids or source == "fill":
            self._p.events.publish(TicketsChanged(frozenset(ids), source))

    def pick_up_other_process(self) -> None:
        """Another process of this user synced into the same cache: read its result."""
        if self.mirror.stored_generation() > self.mirror.meta.generation:
            self.mirror.load()
            self._models.clear()
            self._p.events.publish(TicketsChanged(frozenset(), "sync"))

    def _rows(self) -> dict[int, dict[str, Any]]:
        """A copy of the open set as rows by id (the mirror's dicts change in place)."""
        return {t["id"]: dict(t) for t in self.mirror.tickets() if isinstance(t.get("id"), int)}

    def _tell(self, before: dict[int, dict[str, Any]] | None, result: MergeResult) -> None:
        if before is None or not before or not self.sync_listeners:
            return
        after = self._rows()
        for listener in list(self.sync_listeners):
            try:
                listener(before, after)
            except Exception:  # a broken rule must not stop the sync
                log.exception("sync listener failed")

    def _open_query(self) -> str:
        statuses = sorted(self._reference().open_statuses) or [2, 3]
        return to_query(Q.one_of("status", statuses))

    # --- the first fill -----------------------------------------------------------------------

    @property
    def filling(self) -> bool:
        return self._fill_task is not None and not self._fill_task.done()

    def fill_state(self) -> FillState | None:
        entry = self._p.cache.get(FILL_KEY)
        return FillState.from_json(entry.value) if entry is not None else None

    def ensure_fill(self) -> None:
        """Start (or resume) filling the mirror behind the screen, unless it is whole."""
        if self.mirror.loaded or self.filling:
            return
        self.fill_error = None
        self._fill_task = asyncio.get_running_loop().create_task(self._fill_guarded())

    async def wait_for_fill(self) -> None:
        """For tests and benchmarks: until the running fill has finished (or failed)."""
        if self._fill_task is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._fill_task)

    async def _fill_guarded(self) -> None:
        try:
            await self._fill()
        except asyncio.CancelledError:
            raise
        except FreshserviceError as exc:
            self.fill_error = str(exc)
            self._publish_progress(self.fill_state(), done=False, note="paused: " + str(exc))
        except Exception as exc:  # never lost silently; the next refresh resumes the fill
            log.exception("mirror fill failed")
            self.fill_error = str(exc)

    def _eta(self, state: FillState, started: float, pages_read: int) -> float | None:
        """What the rest will take: the plan's ticket-list limit at the background share (the
        first pages of a window go fast, the rest wait their turn), or the pace so far when
        that is slower (a slow link)."""
        total = state.pages_total
        if total is None:
            return None
        left = max(0, total - (state.next_page - 1))
        plan = plan_limits(self._plan_name())
        limit = plan.operations.get(Operation.LIST_TICKETS) or plan.account
        budget = left * 60.0 / (limit * DEFAULT_SHARES[Priority.BACKGROUND]) if limit else 0.0
        pace = 0.0
        if pages_read >= 2:
            pace = left * max(0.001, self._p.clock() - started) / pages_read
        return max(budget, pace) or None

    def _publish_progress(
        self,
        state: FillState | None,
        *,
        done: bool,
        eta: float | None = None,
        note: str | None = None,
    ) -> None:
        if state is None:
            return
        pages_done = max(0, state.next_page - 1)
        total = state.pages_total
        if done:
            message = ""
        else:
            shown = f"{pages_done}/{total}" if total is not None else f"{pages_done}"
            message = f"Loading open tickets {shown}"
            plan = self._plan_name()
            if note:
                message += f" · {note}"
            elif eta is not None:
                at = f" at the {plan.capitalize()} limit" if plan else ""
                message += f" · {_duration(eta)}{at}"
        self._p.events.publish(SyncProgress(pages_done, total, done, eta, message))

    async def _fill(self) -> None:
        p = self._p
        query = self._open_query()
        state = self.fill_state()
        if state is None or state.query != query:
            state = FillState(started_at=p.clock(), query=query)
        began = p.clock()
        pages_read = 0
        pager = p.client.filter_tickets(
            query,
            priority=Priority.BACKGROUND,
            start_page=state.next_page,
            **p.workspace,
        )
        seen = 0

        async def walk() -> None:
            nonlocal pages_read, seen
            async for page in pager.pages():
                if state.total is None or getattr(pager, "total", None) is not None:
                    state.total = getattr(pager, "total", state.total)
                bodies = [dump(t) for t in page]
                seen += len(bodies)
                result = self.mirror.add_page(bodies)
                state.next_page += 1
                pages_read += 1
                p.cache.set(FILL_KEY, state.to_json())
                self._changed(result, "fill")
                if pages_read % PROGRESS_EVERY == 0:
                    self._publish_progress(
                        state, done=False, eta=self._eta(state, began, pages_read)
                    )

        self._publish_progress(state, done=False, eta=self._eta(state, began, 0))
        await p.call(walk())
        served = (state.next_page - 1) * FILTER_PAGE
        if state.total is not None and served < state.total and seen < state.total:
            # The filter endpoint capped its results: the per-status and history fallbacks.
            tickets = await self._fallback_load(Priority.BACKGROUND)
            self.mirror.replace_all(tickets, started_at=state.started_at, finished_at=p.clock())
        else:
            self.mirror.complete_fill(started_at=state.started_at, finished_at=p.clock())
        p.cache.delete(FILL_KEY)
        p.cache.set(SWEEP_KEY, {"since": format_timestamp(_utc(state.started_at))})
        self._publish_progress(state, done=True)
        self._changed(MergeResult(), "fill")  # every count is known from here
        # Filter pages carry no stats: learn the first-response states the Due column needs
        # now, as the fill's last step, rather than a refresh interval later.
        await self.learn_first_responses(priority=Priority.BACKGROUND)
        await self.coordinator.publish(
            MirrorUpdate(
                tickets=self.mirror.tickets(),
                removed=(),
                full=True,
                sync_from=self.mirror.meta.sync_from,
                finished_at=p.clock(),
            )
        )

    async def _filter_all(
        self, query: str, priority: Priority
    ) -> tuple[list[dict[str, Any]], bool]:
        p = self._p
        pager = p.client.filter_tickets(query, priority=priority, **p.workspace)
        items = [dump(t) for t in await p.collect(pager)]
        total = getattr(pager, "total", None)
        return items, total is None or len(items) >= total

    async def _fallback_load(self, priority: Priority) -> list[dict[str, Any]]:
        """Each open status on its own, and only if that still falls short, history."""
        p = self._p
        statuses = sorted(self._reference().open_statuses) or [2, 3]
        tickets, complete = [], True
        for code in statuses:
            part, part_complete = await self._filter_all(f"status:{code}", priority)
            tickets.extend(part)
            complete = complete and part_complete
        if not complete:
            pager = p.client.list_tickets(
                updated_since=HISTORY_START,
                order_type="asc",
                per_page=100,
                priority=priority,
                **p.workspace,
            )
            tickets = [dump(t) for t in await p.collect(pager)]
        return tickets

    async def full_load(self, priority: Priority) -> MergeResult:
        """Everything open, now, in one go (tests and an explicit full reload)."""
        p = self._p
        started = p.clock()
        tickets, complete = await self._filter_all(self._open_query(), priority)
        if not complete:
            tickets = await self._fallback_load(priority)
        result = self.mirror.replace_all(tickets, started_at=started, finished_at=p.clock())
        p.cache.delete(FILL_KEY)
        p.cache.set(SWEEP_KEY, {"since": format_timestamp(_utc(started))})
        await self._publish(result, full=True)
        return result

    # --- staying current ----------------------------------------------------------------------

    async def _publish(self, result: MergeResult, *, full: bool) -> None:
        self._changed(result, "sync")
        changed = result.added | result.changed
        tickets = (
            self.mirror.tickets()
            if full
            else [t for t in (self.mirror.get(i) for i in sorted(changed)) if t is not None]
        )
        await self.coordinator.publish(
            MirrorUpdate(
                tickets=tickets,
                removed=sorted(result.removed),
                full=full,
                sync_from=self.mirror.meta.sync_from,
                finished_at=self._p.clock(),
            )
        )

    async def follow(self) -> MergeResult:
        """A follower's refresh: what the leader published, applied with no API call."""
        before = self._rows() if self.sync_listeners and self.mirror.loaded else None
        merged = MergeResult()
        for update in await self.coordinator.catch_up():
            result = self.mirror.apply_update(update)
            merged = MergeResult(
                merged.added | result.added,
                merged.changed | result.changed,
                merged.removed | result.removed,
            )
        if merged.any:
            self._changed(merged, "team")
            self._tell(before, merged)
        return merged

    async def sync(
        self, *, full: bool = False, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        """Bring the mirror up to date: a delta since the watermark (or a full load when asked,
        or when there is no watermark and no fill to wait for)."""
        self.pick_up_other_process()
        if not await self.coordinator.should_lead():
            return await self.follow()
        if full or self.mirror.delta_since(0) is None:
            return await p_run(self._p, "sync:full", lambda: self.full_load(priority))
        return await p_run(self._p, "sync:delta", lambda: self._delta_sync(priority))

    async def _delta_sync(
        self, priority: Priority, reach_back: datetime | None = None
    ) -> MergeResult:
        p = self._p
        started = p.clock()
        since = self.mirror.delta_since(p.settings.delta_margin_seconds)
        assert since is not None
        if reach_back is not None:
            since = min(since, reach_back)
        pager = p.client.list_tickets(
            updated_since=since,
            order_type="asc",
            include=("stats",),
            per_page=100,
            priority=priority,
            **p.workspace,
        )
        changes = [dump(t) for t in await p.collect(pager)]
        before = self._rows() if self.sync_listeners and self.mirror.loaded else None
        result = self.mirror.merge(changes, started_at=started, finished_at=p.clock())
        await self._publish(result, full=False)
        self._tell(before, result)
        return result

    def sweep_due(self) -> bool:
        entry = self._p.cache.get(SWEEP_KEY)
        if entry is None:
            return self.mirror.loaded
        return self._p.clock() - entry.stored_at >= self._p.settings.full_resync_seconds

    async def sweep(self, *, priority: Priority = Priority.BACKGROUND) -> MergeResult:
        """Tickets deleted or marked spam since the last sweep leave the mirror: two calls
        whatever the account's size (deleting bumps a ticket's updated_at)."""
        p = self._p
        if not self.mirror.loaded or not self.sweep_due():
            return MergeResult()
        if not await self.coordinator.should_lead():
            return MergeResult()  # the team's leader sweeps and publishes the removals
        entry = p.cache.get(SWEEP_KEY)
        value = entry.value if entry is not None and isinstance(entry.value, dict) else {}
        since = parse_timestamp(value.get("since")) or parse_timestamp(self.mirror.meta.sync_from)
        if since is None:
            return MergeResult()
        since = since - timedelta(seconds=p.settings.delta_margin_seconds)
        started = p.clock()

        async def run() -> MergeResult:
            gone: list[dict[str, Any]] = []
            for name in ("deleted", "spam"):
                pager = p.client.list_tickets(
                    filter=name, updated_since=since, per_page=100, priority=priority, **p.workspace
                )
                for ticket in await p.collect(pager):
                    body = dump(ticket)
                    body["deleted" if name == "deleted" else "spam"] = True
                    gone.append(body)
            removed = {
                t["id"] for t in gone if isinstance(t.get("id"), int) and t["id"] in self.mirror
            }
            for ticket_id in removed:
                self.mirror.put({"id": ticket_id, "deleted": True})
            p.cache.set(SWEEP_KEY, {"since": format_timestamp(_utc(started))})
            result = MergeResult(removed=frozenset(removed))
            if removed:
                await self._publish(result, full=False)
            return result

        return await p.flight.run("sync:sweep", run)

    async def learn_first_responses(
        self, *, priority: Priority = Priority.BACKGROUND
    ) -> MergeResult:
        """One delta reaching back far enough to carry the stats of the open tickets a fill
        left unknown (filter bodies have none). Usually a no-op: the mirror keeps what earlier
        deltas learned.

        Only tickets whose first response was due within the look-back count (older ones
        show their resolution clock), and each is tried once per run, so a ticket the list
        never returns cannot make every refresh walk history again.
        """
        p = self._p
        self.pick_up_other_process()
        cutoff = datetime.fromtimestamp(p.clock() - p.settings.first_response_lookback_seconds, UTC)
        unknown = {
            ticket_id: created
            for ticket_id, created in self.mirror.first_response_unknown(cutoff).items()
            if ticket_id not in self._first_response_tried
        }
        if not unknown or self.mirror.delta_since(0) is None:
            return MergeResult()
        if not await self.coordinator.should_lead():
            return MergeResult()
        self._first_response_tried |= unknown.keys()
        reach_back = min(unknown.values())
        return await p.flight.run(
            "sync:first-response", lambda: self._delta_sync(priority, reach_back)
        )

    async def aclose(self) -> None:
        if self._fill_task is not None and not self._fill_task.done():
            self._fill_task.cancel()
            with contextlib.suppress(BaseException):
                await self._fill_task


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


async def p_run(plumbing: Plumbing, key: str, call: Callable[[], Any]) -> MergeResult:
    result: MergeResult = await plumbing.flight.run(key, call)
    return result
