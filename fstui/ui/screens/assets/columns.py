"""What each asset column shows, how it sorts and what `/` matches.

Cells come from the asset body plus the store's cached names: no API call per row, so a
20,000-asset inventory scrolls as freely as a queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text

from fstui.api import Asset
from fstui.store.names import Names
from fstui.text import one_line, relative_time
from fstui.ui.widgets.fast_table import Column

COLUMNS: tuple[Column, ...] = (
    Column("id", "#", width=6, align="right"),
    Column("name", "Name", min_width=14, sortable=False),
    Column("tag", "Tag", width=11, drop_order=3, sortable=False),
    Column("state", "State", width=10, drop_order=2, sortable=False),
    Column("used_by", "Used by", width=16, drop_order=1, sortable=False),
    Column("department", "Department", width=12, drop_order=6, sortable=False),
    Column("location", "Location", width=12, drop_order=7, sortable=False),
    Column("managed_by", "Managed by", width=14, drop_order=5, sortable=False),
    Column("updated", "Updated", width=8, drop_order=4),
)
"""Only `#` and Updated sort: they are the orders the list API serves (id, updated_at)."""

STATE_STYLES = {"in use": "", "in stock": "cyan", "in transit": "yellow", "missing": "bold red"}


@dataclass(frozen=True, eq=False)
class AssetRow:
    """One table row. A new row object per refresh tells the table to rebuild its cells."""

    asset: Asset

    @property
    def key(self) -> int:
        asset = self.asset
        return asset.display_id if asset.display_id is not None else -(asset.id or 0)


def type_field(asset: Asset, prefix: str) -> Any:
    """A type field by its account-independent stem: `asset_state_25` answers "asset_state"."""
    fields = asset.type_fields or {}
    if prefix in fields:
        return fields[prefix]
    for key, value in fields.items():
        stem, _, suffix = key.rpartition("_")
        if stem == prefix and suffix.isdigit():
            return value
    extra = asset.model_extra or {}
    return extra.get(prefix)


def asset_state(asset: Asset) -> str:
    value = type_field(asset, "asset_state")
    return "" if value is None else str(value)


def serial_number(asset: Asset) -> str:
    value = type_field(asset, "serial_number")
    return "" if value is None else str(value)


def make_cells(
    names: Names, now: Callable[[], datetime]
) -> Callable[[AssetRow], Sequence[str | Text]]:
    def cells(row: AssetRow) -> Sequence[str | Text]:
        asset = row.asset
        state = one_line(asset_state(asset))
        updated = asset.updated_at
        return (
            str(asset.display_id if asset.display_id is not None else ""),
            one_line(asset.name),
            one_line(asset.asset_tag),
            Text(state, style=STATE_STYLES.get(state.casefold(), "dim")),
            one_line(names.requester(asset.user_id)),
            one_line(names.department(asset.department_id)),
            one_line(names.location(asset.location_id)),
            one_line(names.agent(asset.agent_id)),
            relative_time(updated, now()) if isinstance(updated, datetime) else "",
        )

    return cells


def sort_key(row: AssetRow, column: str) -> Any:
    """The same order the API serves, so rows loaded later slot in where the server put them."""
    asset = row.asset
    if column == "id":
        return asset.display_id or 0
    if column == "updated":
        updated = asset.updated_at
        return updated.timestamp() if isinstance(updated, datetime) else 0.0
    return None


def make_search_text(names: Names) -> Callable[[AssetRow], str]:
    """What `/` matches among loaded rows: id, name, tag, serial and the user's name."""

    def text(row: AssetRow) -> str:
        asset = row.asset
        return " ".join(
            (
                str(asset.display_id or ""),
                asset.name or "",
                asset.asset_tag or "",
                serial_number(asset),
                names.requester(asset.user_id) if asset.user_id is not None else "",
            )
        )

    return text
