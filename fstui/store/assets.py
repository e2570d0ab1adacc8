"""Asset lists, per-type counts, type layouts, linked requests and ticket links.

Kept apart from `Store` because these answers live in a short-lived memory cache rather than
on disk: lists are loaded page by page as the user scrolls, counts cost a call per type, and
all of it goes stale within minutes, so only a re-visit within the TTL should be free.
Background work is sent at a priority that yields to an agent who is waiting.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fstui.api import Asset, AssetRequest, AssetType, AssetTypeFieldSection, Priority
from fstui.store.asset_listing import Listing
from fstui.store.freshness import Cached, Kind
from fstui.store.mirror import TicketMirror, is_open_ticket
from fstui.store.plumbing import Plumbing, dump, load_model
from fstui.store.tickets import TicketService

if TYPE_CHECKING:
    from fstui.store.writes import Writes

DEFAULT_TTL = 300.0
"""Asset data changes slowly; five minutes keeps re-visits free without hiding edits for long."""

MAX_TAG_PAGES = 5
"""Asset tag search pages read before giving up (30 assets a page)."""

_TICKET_NUMBER = re.compile(r"(\d+)\s*$")


@dataclass
class Page:
    """One page of a listing; `total` is the server's match count when it reports one."""

    assets: list[Asset]
    total: int | None
    more: bool
    capped: bool = False
    """The filter endpoint serves at most 40 pages: there are matches the API will not list."""


@dataclass
class _ListingCache:
    stamp: float
    assets: list[Asset] = field(default_factory=list)
    pages: int = 0
    total: int | None = None
    exhausted: bool = False


@dataclass(frozen=True)
class TypeCount:
    count: int
    exact: bool = True

    def label(self) -> str:
        return f"{self.count}" if self.exact else f"{self.count}+"


def ticket_number(request: AssetRequest) -> int | None:
    """`INC-61` / `SR-12` / `#61` -> 61 for ticket requests; None for problems and changes."""
    kind = (request.request_type or "").casefold()
    if kind not in ("ticket", "incident", "service request", "service_request"):
        return None
    match = _TICKET_NUMBER.search(request.request_id or "")
    return int(match.group(1)) if match else None


def _linked_items(ticket: Any) -> list[Mapping[str, Any]]:
    """The assets a ticket body (include=assets) carries; the models keep them as an extra."""
    extra = getattr(ticket, "model_extra", None) or {}
    assets = extra.get("assets") if isinstance(extra, Mapping) else None
    if assets is None and isinstance(ticket, Mapping):
        assets = ticket.get("assets")
    return [item for item in assets or [] if isinstance(item, Mapping)]


def linked_display_ids(ticket: Any) -> list[int]:
    """The display ids of the assets a ticket body (include=assets) carries, in order."""
    found: list[int] = []
    for item in _linked_items(ticket):
        value = item.get("display_id")
        if isinstance(value, int) and value not in found:
            found.append(value)
    return found


class AssetData:
    """One per store (`Store.assets`), so every screen shares what was loaded lately.

    Every call goes through the plumbing, so it is counted and seen by connectivity."""

    def __init__(
        self,
        plumbing: Plumbing,
        mirror: TicketMirror,
        tickets: TicketService,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._p = plumbing
        self._mirror = mirror
        self._tickets = tickets
        self.ttl = ttl
        self.clock = clock
        self._lists: dict[str, _ListingCache] = {}
        self._counts: tuple[float, dict[int, TypeCount]] | None = None
        self._fields: dict[int, tuple[float, list[AssetTypeFieldSection]]] = {}
        self._requests: dict[int, tuple[float, list[AssetRequest]]] = {}

    def _fresh(self, stamp: float) -> bool:
        return self.clock() - stamp < self.ttl

    # --- types ----------------------------------------------------------------------------

    async def asset_types(self, *, force: bool = False) -> Cached[list[AssetType]]:
        return await self._p.cached_list(
            Kind.REFERENCE,
            "ref:asset_types",
            AssetType,
            lambda: self._p.client.list_asset_types(priority=Priority.INTERACTIVE),
            force=force,
        )

    async def types(self, *, force: bool = False) -> list[AssetType]:
        cached = await self.asset_types(force=force)
        return list(cached.value)

    async def type_counts(
        self, type_ids: list[int], *, force: bool = False
    ) -> dict[int, TypeCount]:
        """Assets of each exact type: one small filter call per type, at background priority."""
        cached = self._counts
        if (
            cached is not None
            and not force
            and self._fresh(cached[0])
            and all(t in cached[1] for t in type_ids)
        ):
            return dict(cached[1])
        counts: dict[int, TypeCount] = {}
        for type_id in type_ids:
            pager = self._p.client.list_assets(
                filter=f"asset_type_id:{type_id}", priority=Priority.BACKGROUND
            )
            first: list[Asset] = await self._p.call(pager.first_page())
            total = getattr(pager, "total", None)
            page_size = getattr(pager, "page_size", 30)
            if isinstance(total, int):
                counts[type_id] = TypeCount(total)
            else:
                counts[type_id] = TypeCount(len(first), exact=len(first) < page_size)
        self._counts = (self.clock(), counts)
        return dict(counts)

    async def type_fields(self, type_id: int) -> list[AssetTypeFieldSection]:
        cached = self._fields.get(type_id)
        if cached is not None and self._fresh(cached[0]):
            return cached[1]
        sections = list(
            await self._p.call(
                self._p.client.list_asset_type_fields(type_id, priority=Priority.INTERACTIVE)
            )
        )
        self._fields[type_id] = (self.clock(), sections)
        return sections

    # --- lists ----------------------------------------------------------------------------

    def cached_listing(self, listing: Listing) -> Page | None:
        """What was loaded for this listing lately, without a call (None when nothing fresh)."""
        entry = self._lists.get(self._key(listing))
        if entry is None or not self._fresh(entry.stamp) or not entry.assets:
            return None
        return Page(list(entry.assets), entry.total, not entry.exhausted)

    @staticmethod
    def _key(listing: Listing) -> str:
        params = listing.api_params()
        return "&".join(f"{k}={params[k]}" for k in sorted(params))

    async def pages(self, listing: Listing) -> AsyncIterator[Page]:
        """Page after page of a listing. The first answers from the cache when it can; the
        caller pulls further pages only when the user gets near them."""
        key = self._key(listing)
        entry = self._lists.get(key)
        if entry is None or not self._fresh(entry.stamp):
            entry = self._lists[key] = _ListingCache(self.clock())
        elif entry.assets:
            yield Page(list(entry.assets), entry.total, not entry.exhausted)
        if entry.exhausted:
            return
        pager = self._p.client.list_assets(
            priority=Priority.INTERACTIVE if not entry.pages else Priority.PREFETCH,
            **listing.api_params(),
        )
        pager.params["page"] = entry.pages + 1
        max_pages = getattr(pager, "max_pages", None)
        page_size = getattr(pager, "page_size", None) or pager.params.get("per_page") or 30
        async for items in pager.pages():
            entry.pages += 1
            entry.assets.extend(items)
            total = getattr(pager, "total", None)
            entry.total = total if isinstance(total, int) else None
            pager.priority = Priority.PREFETCH
            more = len(items) >= page_size  # a short page is the last one
            if entry.total is not None and len(entry.assets) >= entry.total:
                more = False
            capped = isinstance(max_pages, int) and entry.pages >= max_pages
            if capped:
                more = False
            if not more:
                entry.exhausted = True
            yield Page(list(items), entry.total, more, capped)
        if not entry.exhausted:
            entry.exhausted = True
            yield Page([], entry.total, False)

    def forget_lists(self) -> None:
        self._lists.clear()
        self._counts = None

    # --- one asset ------------------------------------------------------------------------

    async def asset(self, display_id: int, *, force: bool = False) -> Asset:
        """One asset with its type fields: from the disk cache while fresh, else one call."""
        p = self._p
        key = f"asset:{display_id}"
        cached = p.cached(Kind.ASSET, key)
        if cached is not None and not cached.stale and not force:
            p.calls_saved += 1
            return load_model(Asset, cached.value)

        async def load() -> dict[str, Any]:
            asset = await p.call(
                p.client.get_asset(
                    display_id, include_type_fields=True, priority=Priority.INTERACTIVE
                )
            )
            body = dump(asset)
            p.cache.set(key, body)
            return body

        return load_model(Asset, await p.flight.run(key, load))

    async def requests(self, display_id: int, *, force: bool = False) -> list[AssetRequest]:
        cached = self._requests.get(display_id)
        if cached is not None and not force and self._fresh(cached[0]):
            return cached[1]
        found = list(
            await self._p.call(
                self._p.client.list_asset_requests(display_id, priority=Priority.INTERACTIVE)
            )
        )
        self._requests[display_id] = (self.clock(), found)
        return found

    def user_open_tickets(self, user_id: int | None) -> list[dict[str, Any]]:
        """The requester's open tickets, from the store's ticket mirror (no call)."""
        if user_id is None:
            return []
        tickets = [
            t
            for t in self._mirror.tickets()
            if t.get("requester_id") == user_id and is_open_ticket(t)
        ]
        tickets.sort(key=lambda t: str(t.get("updated_at") or ""), reverse=True)
        return tickets

    async def find(self, term: str) -> int | None:
        """An asset's display id from what an agent types: `#123`/`123`, else an asset tag."""
        text = term.strip().lstrip("#").strip()
        if not text:
            return None
        if text.isdigit():
            return int(text)
        escaped = text.replace("\\", "\\\\").replace("'", "\\'")
        pager = self._p.client.list_assets(
            search=f"asset_tag:'{escaped}'", priority=Priority.INTERACTIVE
        )
        # Search matches tag prefixes ("LAP-1" finds LAP-10..LAP-19 first): page until exact.
        pages = 0
        async for items in pager.pages():
            for asset in items:
                tag = (asset.asset_tag or "").casefold()
                if asset.display_id is not None and tag == text.casefold():
                    return int(asset.display_id)
            pages += 1
            if pages >= MAX_TAG_PAGES:
                break
        return None

    # --- links ----------------------------------------------------------------------------

    async def _with_assets(self, ticket_id: int) -> Any:
        return await self._p.call(
            self._p.client.get_ticket(ticket_id, include=("assets",), priority=Priority.INTERACTIVE)
        )

    async def linked_assets(self, ticket_id: int) -> list[Asset]:
        """The assets linked to the ticket: one `include=assets` read, only when asked for."""
        found = [
            Asset.model_validate(dict(item))
            for item in _linked_items(await self._with_assets(ticket_id))
        ]
        return [asset for asset in found if asset.display_id is not None]

    async def linked_ids(self, ticket_id: int) -> list[int]:
        return linked_display_ids(await self._with_assets(ticket_id))

    async def _set_links(self, ticket_id: int, wanted: list[int]) -> None:
        p = self._p
        ticket = await p.call(
            p.client.update_ticket(
                ticket_id,
                {"assets": [{"display_id": d} for d in wanted]},
                priority=Priority.INTERACTIVE,
            )
        )
        self._tickets.apply_ticket(ticket)

    writes: Writes | None = None
    """The session's writes service; set, links go through the outbox (queued offline,
    conflict-free: the list is read again right before it is sent)."""

    async def link(self, ticket_id: int, display_id: int) -> bool:
        """Link the asset to the ticket; False when it already was. The API replaces the whole
        list, so the ticket's current assets are read first and sent back with the new one."""
        if self.writes is not None:
            result = await self.writes.link_asset(ticket_id, display_id)
            self._requests.pop(display_id, None)
            return self.writes.changed(result)
        current = await self.linked_ids(ticket_id)
        if display_id in current:
            return False
        wanted = [*current, display_id]
        await self._set_links(ticket_id, wanted)
        self._requests.pop(display_id, None)
        return True

    async def unlink(self, ticket_id: int, display_id: int) -> bool:
        """Unlink the asset from the ticket, keeping its other assets; False when not linked."""
        if self.writes is not None:
            result = await self.writes.unlink_asset(ticket_id, display_id)
            self._requests.pop(display_id, None)
            return self.writes.changed(result)
        current = await self.linked_ids(ticket_id)
        if display_id not in current:
            return False
        wanted = [d for d in current if d != display_id]
        await self._set_links(ticket_id, wanted)
        self._requests.pop(display_id, None)
        return True
