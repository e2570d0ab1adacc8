"""Assets and asset types. Asset URLs use ``display_id``, not ``id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fstui.api.models import Asset, AssetRequest, AssetType, AssetTypeFieldSection
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_items, parse_one, quoted
from fstui.api.resources.tickets import clamp_per_page

ASSET_FILTER_PAGE_SIZE = 30
ASSET_FILTER_MAX_PAGES = 40
"""The reference: asset filter results come 30 a page, at most 40 pages."""


class AssetsAPI(ResourceBase):
    def list_assets(
        self,
        *,
        include_type_fields: bool = False,
        order_by: str | None = None,
        order_type: str | None = None,
        trashed: bool = False,
        filter: str | None = None,
        search: str | None = None,
        workspace_id: int | None = None,
        per_page: int = 100,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Asset]:
        """GET /assets. With ``filter``/``search`` it is a FilterPager (30 a page, ``.total``);
        filtered and searched results cannot be sorted, so order_by/order_type are not sent."""
        params: dict[str, Any] = {
            "include": "type_fields" if include_type_fields else None,
            "trashed": True if trashed else None,
            "workspace_id": workspace_id,
        }
        if filter or search:
            params["filter"] = quoted(filter) if filter else None
            params["search"] = quoted(search) if search else None
            return self._filter_pager(
                Asset,
                "/assets",
                params,
                ("assets",),
                priority=priority,
                page_size=ASSET_FILTER_PAGE_SIZE,
                max_pages=ASSET_FILTER_MAX_PAGES,
            )
        params.update(
            {"order_by": order_by, "order_type": order_type, "per_page": clamp_per_page(per_page)}
        )
        return self._pager(Asset, "/assets", params, ("assets",), priority=priority)

    async def get_asset(
        self,
        display_id: int,
        *,
        include_type_fields: bool = False,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Asset:
        params = {"include": "type_fields" if include_type_fields else None}
        body = await self._get(f"/assets/{int(display_id)}", params, priority=priority)
        return parse_one(Asset, body, "asset")

    async def list_asset_requests(
        self, display_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[AssetRequest]:
        """Tickets, problems and changes linked to the asset."""
        return await self._pager(
            AssetRequest,
            f"/assets/{int(display_id)}/requests",
            {"per_page": 100},
            ("requests",),
            priority=priority,
        ).collect()

    async def update_asset(
        self,
        display_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Asset:
        body = await self._send(
            "PUT", f"/assets/{int(display_id)}", dict(fields), priority=priority
        )
        return parse_one(Asset, body, "asset")

    async def delete_asset(
        self, display_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        """Moves the asset to trash."""
        await self._send("DELETE", f"/assets/{int(display_id)}", priority=priority)

    async def restore_asset(
        self, display_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        await self._send("PUT", f"/assets/{int(display_id)}/restore", priority=priority)

    def list_asset_types(self, *, priority: Priority = Priority.INTERACTIVE) -> Pager[AssetType]:
        return self._pager(
            AssetType, "/asset_types", {"per_page": 100}, ("asset_types",), priority=priority
        )

    async def get_asset_type(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> AssetType:
        body = await self._get(f"/asset_types/{int(id)}", priority=priority)
        return parse_one(AssetType, body, "asset_type")

    async def list_asset_type_fields(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> list[AssetTypeFieldSection]:
        body = await self._get(f"/asset_types/{int(id)}/fields", priority=priority)
        return parse_items(AssetTypeFieldSection, body, "asset_type_fields")
