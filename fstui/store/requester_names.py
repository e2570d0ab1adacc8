"""Requester names for queue rows: learned for free where a body embeds them, else paged once.

Why a pass with a memory: the requesters API cannot look people up by id, only list them (newest
first, 100 a page) or filter on fields a ticket row does not carry. So unknown ids are found by
paging, and the paging is remembered on disk: where the pass stopped (the next run continues
there), whether it went through the whole directory, and which ids it did not find. A refresh
therefore never re-pages the directory: it asks only for ids nobody has looked for yet, and after
a complete pass a newcomer is looked for on the first pages only (new requesters are listed
first). Names that arrive embedded (ticket detail, first-contact rows) cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fstui.api import Priority, TicketRequester
from fstui.store.coordination import SyncCoordinator
from fstui.store.plumbing import Plumbing
from fstui.store.reference import ReferenceData

__all__ = ["RequesterNames"]

NAMES_KEY = "ref:requesters"
PASS_KEY = "ref:requesters:pass"
CARDS_KEY = "ref:requesters:cards"
"""Embedded requesters as they came (name, email, phones): a ticket opened later shows them
without paying a credit to embed its requester again (reference line 220)."""
_CARD_FIELDS = ("id", "name", "email", "mobile", "phone")
NEWCOMER_PAGES = 2
"""After a complete pass, how many of the newest pages an unknown id is looked for on."""


@dataclass
class _Pass:
    next_page: int = 1
    complete: bool = False
    not_found: set[int] = field(default_factory=set)

    @classmethod
    def from_json(cls, value: object) -> _Pass:
        if not isinstance(value, dict):
            return cls()
        page = value.get("next_page")
        missing = value.get("not_found")
        return cls(
            next_page=page if isinstance(page, int) and page >= 1 else 1,
            complete=bool(value.get("complete")),
            not_found={i for i in missing if isinstance(i, int)}
            if isinstance(missing, list)
            else set(),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "next_page": self.next_page,
            "complete": self.complete,
            "not_found": sorted(self.not_found),
        }


class RequesterNames:
    def __init__(
        self,
        plumbing: Plumbing,
        snapshot: Callable[[], ReferenceData],
        forget_snapshot: Callable[[], None],
        coordinator: SyncCoordinator | None = None,
    ) -> None:
        self._p = plumbing
        self.coordinator = coordinator
        self._snapshot = snapshot
        self._forget = forget_snapshot
        self._wanted: set[int] = set()
        self._not_found_cache: frozenset[int] | None = None
        self.pages_read = 0

    def remember(self, pairs: Iterable[tuple[int | None, str | None]]) -> int:
        """Keep names learned for free (embedded requesters); returns how many were new."""
        entry = self._p.cache.get(NAMES_KEY)
        names = dict(entry.value) if entry and isinstance(entry.value, dict) else {}
        added = 0
        for requester_id, name in pairs:
            if requester_id is None or not name:
                continue
            if names.get(str(requester_id)) != name:
                names[str(requester_id)] = name
                added += 1
        if added:
            self._p.cache.set(NAMES_KEY, names)
            self._forget()
        return added

    def remember_cards(self, requesters: Iterable[TicketRequester]) -> int:
        """Keep embedded requesters whole (for a later ticket's header) and their names;
        returns how many names were new. One write per call, however many came."""
        cards = {r.id: r.model_dump(include=set(_CARD_FIELDS)) for r in requesters if r.id}
        if not cards:
            return 0
        entry = self._p.cache.get(CARDS_KEY)
        stored = dict(entry.value) if entry and isinstance(entry.value, dict) else {}
        fresh = {str(k): v for k, v in cards.items() if stored.get(str(k)) != v}
        if fresh:
            self._p.cache.set(CARDS_KEY, {**stored, **fresh})
        return self.remember((k, v.get("name")) for k, v in cards.items())

    def card(self, requester_id: int | None) -> dict[str, Any] | None:
        """The requester as last embedded, or None (then the caller embeds it)."""
        if requester_id is None:
            return None
        entry = self._p.cache.get(CARDS_KEY)
        cards = entry.value if entry is not None and isinstance(entry.value, dict) else {}
        found = cards.get(str(requester_id))
        return dict(found) if isinstance(found, dict) and found.get("email") else None

    def unknown(self, ids: Iterable[int]) -> set[int]:
        """Ids with no name yet that are still worth looking for."""
        reference = self._snapshot()
        state = _Pass.from_json(self._stored_pass())
        return {
            i
            for i in ids
            if i not in reference.requesters
            and i not in reference.agents
            and i not in state.not_found
        }

    def not_found(self) -> frozenset[int]:
        """Ids a complete look found no name for (shown as such, not as pending)."""
        if self._not_found_cache is None:
            self._not_found_cache = frozenset(_Pass.from_json(self._stored_pass()).not_found)
        return self._not_found_cache

    def _stored_pass(self) -> object:
        entry = self._p.cache.get(PASS_KEY)
        return entry.value if entry is not None else None

    async def resolve(self, ids: Iterable[int], *, priority: Priority = Priority.BACKGROUND) -> int:
        """Find names for unknown ids by paging the directory; returns how many were found.

        One paging run serves every caller: ids added while it runs are looked for in the pages
        still to come."""
        asked = self.unknown(ids)
        mine = set(asked)
        if not mine:
            return 0
        if self.coordinator is not None:  # team mode: names another console found, no call
            shared = await self.coordinator.reference_get(NAMES_KEY)
            if shared is not None and isinstance(shared[0], dict):
                self.remember((int(k), str(v)) for k, v in shared[0].items() if str(k).isdigit())
                mine = self.unknown(mine)
                if not mine:
                    return len(ids_known(self._snapshot(), asked))
        self._wanted |= mine
        await self._p.flight.run(NAMES_KEY, lambda: self._page(priority))
        return len(ids_known(self._snapshot(), asked))

    async def _page(self, priority: Priority) -> None:
        p = self._p
        state = _Pass.from_json(self._stored_pass())
        wanted = self._wanted
        # After a complete pass only newcomers are missing, and they are on the first pages.
        start = 1 if state.complete else state.next_page
        limit = NEWCOMER_PAGES if state.complete else p.settings.max_requester_pages
        entry = p.cache.get(NAMES_KEY)
        names: dict[str, str] = dict(entry.value) if entry and isinstance(entry.value, dict) else {}
        page_number = start
        reached_end = False

        async def walk() -> None:
            nonlocal page_number, reached_end
            pager = p.client.list_requesters(page=start, priority=_background(priority))
            read = 0
            async for page in pager.pages():
                read += 1
                self.pages_read += 1
                for requester in page:
                    if requester.id is None:
                        continue
                    names[str(requester.id)] = requester.name or f"requester {requester.id}"
                    wanted.discard(requester.id)
                page_number += 1
                p.cache.set(NAMES_KEY, names)  # names show page by page, not after the walk
                self._forget()
                if len(page) < 100:
                    reached_end = True
                    return
                if not wanted or read >= limit:
                    return
            reached_end = True  # the pager ran out of pages

        finished = False
        try:
            await p.call(walk())
            finished = True
        finally:
            if state.complete and finished:
                # A newcomer search over the newest pages: whoever it did not find is not there.
                state.not_found |= wanted
            elif not state.complete:
                state.complete = reached_end
                state.next_page = 1 if reached_end else page_number
                if finished and reached_end and start == 1:
                    state.not_found |= wanted
            wanted.clear()
            p.cache.set(NAMES_KEY, names)
            p.cache.set(PASS_KEY, state.to_json())
            self._not_found_cache = None
            self._forget()
        if self.coordinator is not None:
            await self.coordinator.reference_put(NAMES_KEY, names)


def ids_known(reference: ReferenceData, ids: Iterable[int]) -> set[int]:
    return {i for i in ids if i in reference.requesters or i in reference.agents}


def _background(priority: Priority) -> Priority:
    """Directory paging never outranks an agent's click."""
    return Priority.BACKGROUND if priority is Priority.INTERACTIVE else priority
