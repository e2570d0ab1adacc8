"""FastTable without marking: no bulk action exists for assets, so space should not promise one."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType

from fstui.ui.widgets.fast_table import FastTable

RowT = TypeVar("RowT")


class AssetTable(FastTable[RowT]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "nothing", "", show=False, id="asset_table.space"),
    ]

    def action_nothing(self) -> None:
        """Space is taken so the inherited mark binding neither fires nor shows in the footer."""
