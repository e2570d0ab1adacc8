"""The service catalog's item names, for the requested items tab (issue #20).

Why a room of its own: a requested item names its service item only by display id; the tab
wants "Standard laptop". The catalog changes rarely, so it follows the reference-data freshness
and one read serves every service request opened afterwards (paged like every list).
"""

from __future__ import annotations

from fstui.api import Priority, ServiceItem
from fstui.store.freshness import Cached, Kind
from fstui.store.plumbing import Plumbing

__all__ = ["service_item_names", "service_items"]

CATALOG_KEY = "catalog:service_items"


async def service_items(plumbing: Plumbing, *, force: bool = False) -> Cached[list[ServiceItem]]:
    """Every service item of the catalog (``GET /service_catalog/items``), cached."""
    return await plumbing.cached_list(
        Kind.REFERENCE,
        CATALOG_KEY,
        ServiceItem,
        lambda: plumbing.client.list_service_items(priority=Priority.INTERACTIVE),
        force=force,
    )


async def service_item_names(plumbing: Plumbing, *, force: bool = False) -> dict[int, str]:
    """Display id -> name (the raw name: the caller sanitises before showing it)."""
    items = (await service_items(plumbing, force=force)).value
    return {int(i.display_id): i.name or "" for i in items if i.display_id is not None}
