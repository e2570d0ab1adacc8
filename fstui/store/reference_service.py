"""Agents, groups, departments, locations, form fields and "me": loaded rarely, read constantly.

Why a service: every row and header turns ids into words through one `ReferenceData` snapshot,
built from the cache without a call. Refreshing it costs one call per kind past its TTL (hours),
and in team mode a kind another console fetched recently is taken from the shared side instead.
The first paint needs only "me" and the form fields (statuses, priorities), so `essentials()`
asks for just those and `refresh()` the rest, letting the first queue rows go out between them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from fstui.api import Agent, Department, Group, Location, Priority, TicketField
from fstui.store.coordination import SoloCoordinator, SyncCoordinator
from fstui.store.events import ReferenceChanged
from fstui.store.freshness import Kind
from fstui.store.plumbing import Plumbing, dump, load_model
from fstui.store.reference import ReferenceData, category_tree, label_maps

__all__ = ["REFERENCE_KINDS", "ReferenceService"]

REFERENCE_KINDS = ("agents", "groups", "departments", "locations", "ticket_fields")
ESSENTIAL_KINDS = ("ticket_fields",)
REQUESTERS_KEY = "ref:requesters"


class ReferenceService:
    def __init__(
        self,
        plumbing: Plumbing,
        *,
        me_email: str,
        coordinator: SyncCoordinator | None = None,
    ) -> None:
        self._p = plumbing
        self.me_email = me_email
        self.coordinator: SyncCoordinator = coordinator or SoloCoordinator()
        self._snapshot: ReferenceData | None = None

    # --- reading, without calls -------------------------------------------------------------

    def snapshot(self) -> ReferenceData:
        """Reference data as the cache has it, without any call (possibly empty or stale)."""
        if self._snapshot is None:
            self._snapshot = self._build()
        return self._snapshot

    def forget_snapshot(self, *kinds: str) -> None:
        """The cache changed under the snapshot: rebuild on next read and tell the screens."""
        self._snapshot = None
        self._p.events.publish(ReferenceChanged(frozenset(kinds)))

    @property
    def me_key(self) -> str:
        return f"ref:me:{self.me_email.casefold()}"

    def _build(self) -> ReferenceData:
        p = self._p
        now = p.clock()
        oldest: float | None = None
        stale = False
        raw: dict[str, list[Any]] = {}
        for kind in REFERENCE_KINDS:
            entry = p.cache.get(f"ref:{kind}")
            raw[kind] = entry.value if entry is not None and isinstance(entry.value, list) else []
            if entry is None:
                stale = True
            else:
                oldest = entry.stored_at if oldest is None else min(oldest, entry.stored_at)
                stale = stale or not p.policy.is_fresh(Kind.REFERENCE, entry.stored_at, now)
        fields = tuple(load_model(TicketField, v) for v in raw["ticket_fields"])
        requesters_entry = p.cache.get(REQUESTERS_KEY)
        requesters: dict[int, str] = {}
        if requesters_entry is not None and isinstance(requesters_entry.value, dict):
            requesters = {int(k): str(v) for k, v in requesters_entry.value.items()}
        me_entry = p.cache.get(self.me_key)
        me = load_model(Agent, me_entry.value) if me_entry and me_entry.value else None
        agents = {
            a.id: a for a in (load_model(Agent, v) for v in raw["agents"]) if a.id is not None
        }
        if me is not None and me.id is not None:
            agents.setdefault(me.id, me)
        return ReferenceData(
            agents=agents,
            groups={
                g.id: g for g in (load_model(Group, v) for v in raw["groups"]) if g.id is not None
            },
            departments={
                d.id: d for d in (load_model(Department, v) for v in raw["departments"]) if d.id
            },
            locations={
                loc.id: loc for loc in (load_model(Location, v) for v in raw["locations"]) if loc.id
            },
            requesters=requesters,
            ticket_fields=fields,
            labels=label_maps(fields),
            categories=category_tree(fields),
            me=me,
            age_seconds=0.0 if oldest is None else max(0.0, now - oldest),
            stale=stale,
        )

    # --- refreshing -------------------------------------------------------------------------

    def _fetchers(self, priority: Priority) -> dict[str, tuple[type[BaseModel], Callable[[], Any]]]:
        client = self._p.client
        return {
            "agents": (Agent, lambda: client.list_agents(priority=priority)),
            "groups": (Group, lambda: client.list_groups(priority=priority)),
            "departments": (Department, lambda: client.list_departments(priority=priority)),
            "locations": (Location, lambda: client.list_locations(priority=priority)),
            "ticket_fields": (
                TicketField,
                lambda: client.list_ticket_form_fields(priority=priority, **self._p.workspace),
            ),
        }

    async def _refresh_kind(
        self,
        kind: str,
        model: type[BaseModel],
        fetch: Callable[[], Any],
        *,
        force: bool,
    ) -> bool:
        """One kind: fresh in the cache -> nothing; shared by a peer -> no call; else one call.
        True when what the cache holds for it changed (the screens have new words to show)."""
        p = self._p
        key = f"ref:{kind}"
        cached = p.cached(Kind.REFERENCE, key)
        before = cached.value if cached is not None else None
        if cached is not None and not cached.stale and not force:
            p.calls_saved += 1
            return False
        if not force:
            shared = await self.coordinator.reference_get(key)
            if shared is not None and p.policy.is_fresh(Kind.REFERENCE, shared[1], p.clock()):
                p.cache.set(key, shared[0])
                return bool(shared[0] != before)
        result = await p.cached_list(Kind.REFERENCE, key, model, fetch, force=True)
        values = [dump(v) for v in result.value]
        await self.coordinator.reference_put(key, values)
        return values != before

    async def _refresh(self, kinds: Iterable[str], *, force: bool, priority: Priority) -> None:
        """Refresh `kinds` and who I am; the screens hear of it only when a word changed
        (an idle refresh that finds the same agents and groups redraws nothing)."""
        fetchers = self._fetchers(priority)
        chosen = [k for k in kinds if k in fetchers]
        me_before = self._snapshot.me if self._snapshot is not None else None
        *changed, me = await asyncio.gather(
            *(self._refresh_kind(k, *fetchers[k], force=force) for k in chosen),
            self.me(force=force, priority=priority),
        )
        kinds_changed = [k for k, moved in zip(chosen, changed, strict=True) if moved]
        if kinds_changed or me_before is None or me != me_before:
            self.forget_snapshot(*kinds_changed)

    async def essentials(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> ReferenceData:
        """What the first paint needs: who I am and the form fields (statuses, priorities)."""
        await self._refresh(ESSENTIAL_KINDS, force=force, priority=priority)
        return self.snapshot()

    async def refresh(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> ReferenceData:
        """All reference data; only the kinds past their TTL are fetched (each in one call)."""
        await self._refresh(REFERENCE_KINDS, force=force, priority=priority)
        return self.snapshot()

    async def me(
        self, *, force: bool = False, priority: Priority = Priority.INTERACTIVE
    ) -> Agent | None:
        """The agent using the console, found by email: from the cached agent list when it has
        them (no call), else one call, then cached for hours."""
        p = self._p
        cached = p.cached(Kind.REFERENCE, self.me_key)
        if cached is not None and not cached.stale and not force:
            return load_model(Agent, cached.value) if cached.value else None
        wanted = self.me_email.casefold()
        if not force:
            listed = p.cached(Kind.REFERENCE, "ref:agents")
            values = listed.value if listed is not None and not listed.stale else []
            if not values:  # team mode: another console's agent list, no call
                shared = await self.coordinator.reference_get("ref:agents")
                fresh = shared is not None and p.policy.is_fresh(
                    Kind.REFERENCE, shared[1], p.clock()
                )
                values = shared[0] if fresh and shared and isinstance(shared[0], list) else []
            known = next(
                (v for v in values if str(v.get("email") or "").casefold() == wanted), None
            )
            if known is not None:
                p.cache.set(self.me_key, known)
                self._snapshot = None
                return load_model(Agent, known)

        async def load() -> dict[str, Any] | None:
            agents = await p.collect(p.client.list_agents(email=self.me_email, priority=priority))
            found = next((a for a in agents if (a.email or "").casefold() == wanted), None)
            value = dump(found) if found is not None else None
            if value is not None:  # "no such agent" is not remembered: the profile may be fixed
                p.cache.set(self.me_key, value)
            return value

        value = await p.flight.run(self.me_key, load)
        self._snapshot = None
        return load_model(Agent, value) if value else None
