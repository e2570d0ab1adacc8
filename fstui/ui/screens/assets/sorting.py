"""Which order `s`, `S` and a header click ask for, over the orders the list API can serve.

Why apart: the API sorts only by id and updated_at, and only an unfiltered list; the steps
through those orders are plain data, testable without a screen, and the table's glyph follows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fstui.store.asset_listing import SORTABLE_BY_API, Listing
from fstui.ui.widgets.fast_table import FastTable

SORT_CYCLE: tuple[tuple[str, bool], ...] = (("updated", True), ("id", False))
"""`s` steps through the orders the API can serve: recently updated first, then by number."""


def next_sort(listing: Listing) -> Listing:
    """`s`: the next order in the cycle (the first when the current one is not in it)."""
    keys = [column for column, _ in SORT_CYCLE]
    column = listing.sort_column
    index = keys.index(column) + 1 if column in keys else 0
    column, reverse = SORT_CYCLE[index % len(SORT_CYCLE)]
    return replace(listing, sort_column=column, sort_reverse=reverse)


def reversed_sort(listing: Listing) -> Listing | None:
    """`S`: the same column the other way round; None when nothing is sorted yet."""
    if listing.sort_column is None:
        return None
    return replace(listing, sort_reverse=not listing.sort_reverse)


def sorted_by(listing: Listing, column: str, reverse: bool) -> Listing | None:
    """A header click; None when the listing already has that order."""
    if (column, reverse) == (listing.sort_column, listing.sort_reverse):
        return None
    return replace(listing, sort_column=column, sort_reverse=reverse)


def show_sort(table: FastTable[Any], listing: Listing) -> None:
    """The table's sort glyph (and local order) follow the listing's, for the API's columns."""
    column = listing.sort_column
    if column in SORTABLE_BY_API and (
        table.sort_column != column or table.sort_reverse != listing.sort_reverse
    ):
        table.sort_by(column, reverse=listing.sort_reverse)
