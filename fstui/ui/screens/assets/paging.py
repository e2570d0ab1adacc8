"""Loading one asset listing a page at a time, only as far as the agent scrolls.

The first page is shown as soon as it arrives (or at once from a recent visit); the next is
asked for only when the cursor comes near the end of what is loaded, so a 20,000-asset
inventory costs what the agent actually looks at. Unknown requester names are learned in a few
paged calls afterwards and the rows repainted. The shell runs `load` in its one exclusive
worker, so a newer listing cancels an older one before it can land.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from fstui.query import QueryError
from fstui.store.asset_listing import Listing
from fstui.store.assets import Page, TypeCount
from fstui.store.names import PENDING_NAME
from fstui.ui.errors import describe_error
from fstui.ui.screens.assets.columns import AssetRow, make_cells, make_search_text, sort_key
from fstui.ui.screens.assets.heading import Counts
from fstui.ui.widgets.fast_table import FastTable

if TYPE_CHECKING:
    from fstui.store.store import Store

__all__ = ["LOOKAHEAD_ROWS", "ListPaging", "Shell"]

LOOKAHEAD_ROWS = 40
"""Fetch the next page when the cursor comes this close to the last loaded row."""


class Shell(Protocol):
    """What the paging needs of the browser (kept small so this room stands alone)."""

    @property
    def table(self) -> FastTable[AssetRow]: ...

    def redraw_heading(self) -> None:
        """The counts or the loading state changed."""

    def note(self, message: str) -> None:
        """A reason in the status bar (the rows loaded so far stay)."""

    def show_query_error(self, exc: QueryError, text: str) -> None:
        """The server refused the query: the same words and caret as a local parse error."""

    def rows_replaced(self) -> None:
        """A new listing's first rows are in the table: the shell puts its sort order back."""

    def learn_names(self, user_ids: set[int]) -> None:
        """Start a worker that runs `ListPaging.names` (names must not hold up the pages)."""


class ListPaging:
    """The rows of the listing shown and what is known of the rest (total, more, capped)."""

    def __init__(self, shell: Shell, store: Store, now: Callable[[], datetime]) -> None:
        self.shell = shell
        self.store = store
        self.fetching = False
        """Pages are being fetched (shown in the heading). A plain attribute on purpose:
        Textual's `Widget.loading` would cover the whole screen with a spinner and blank it."""
        self.total: int | None = None
        self.more = False
        self.capped = False
        self.rows: list[AssetRow] = []
        self._want_more = asyncio.Event()
        self._asked: set[int] = set()
        self._cells = make_cells(store.names, now)
        self._search_text = make_search_text(store.names)

    async def load(self, listing: Listing) -> None:
        """Pull pages of `listing` while the user is near the end of what is loaded."""
        self.fetching, self.more, self.capped, self.total = True, False, False, None
        self.shell.redraw_heading()
        first = True
        try:
            await self.store.reference()
            async for page in self.store.assets.pages(listing):
                self._show_page(page, first)
                first = False
                if not page.more:
                    break
                while not self.near_end():
                    self._want_more.clear()
                    self.fetching = False
                    self.shell.redraw_heading()
                    await self._want_more.wait()
                self.fetching = True
                self.shell.redraw_heading()
        except asyncio.CancelledError:
            raise  # a newer listing replaced this one, or the screen closed: touch nothing
        except QueryError as exc:
            self.shell.show_query_error(exc, listing.query)
        except Exception as exc:  # the rows loaded so far stay; the reason goes to the status
            self.shell.note(describe_error(exc))
        if first:
            self._show_page(Page([], None, False), True)
        self.fetching = False
        self.shell.redraw_heading()

    def _show_page(self, page: Page, first: bool) -> None:
        rows = [AssetRow(asset) for asset in page.assets]
        if first:
            self.rows = list(rows)
            self._set_rows()
            self.shell.rows_replaced()
        else:
            self.rows.extend(rows)
            self.shell.table.update_rows(rows)
        self.total, self.more, self.capped = page.total, page.more, page.capped
        self.shell.redraw_heading()
        users = {a.user_id for a in page.assets if a.user_id is not None}
        if users:
            self.shell.learn_names(users)

    def _set_rows(self) -> None:
        self.shell.table.set_rows(
            self.rows,
            key=lambda row: row.key,
            cells=self._cells,
            sort_keys=sort_key,
            search_text=self._search_text,
        )

    async def names(self, user_ids: set[int]) -> None:
        """Learn unknown requester names in a few paged calls, then repaint with them."""
        try:
            found = await self.store.resolve_requesters(user_ids)
        except Exception:  # names are a nicety: "requester 12" stays shown
            self.shell.redraw_heading()
            return
        self.shell.redraw_heading()
        if found:
            self.rows = [AssetRow(row.asset) for row in self.rows]
            self._set_rows()

    def near_end(self) -> bool:
        table = self.shell.table
        if table.filter_text:
            return False  # `/` narrows what is loaded; it never walks the whole inventory
        return table.visible_count - table.cursor_row <= LOOKAHEAD_ROWS

    def cursor_moved(self) -> None:
        if self.more and self.near_end():
            self._want_more.set()

    def counts(self, type_count: TypeCount | None) -> Counts:
        """What the heading says of the list's size (`type_count`: the tree's, if it applies)."""
        table = self.shell.table
        return Counts(table.total_count, table.visible_count, self.more, self.total, type_count)

    def requester_name(self, user_id: int) -> str:
        """The name of whoever a `user_id:N` listing is about, learned once when unknown."""
        name = self.store.names.requester(user_id)
        if name == PENDING_NAME and user_id not in self._asked:
            self._asked.add(user_id)  # once: a failed lookup must not start a loop of them
            self.shell.learn_names({user_id})
        return name

    def say_when_empty(self, words: str) -> None:
        """What the table says when it shows no row ("Loading…", "No assets used by …")."""
        table = self.shell.table
        if table.empty_text != words:
            table.empty_text = words
            table.refresh()

    def load_more(self) -> None:
        """Ask for the next page now (tests and `G` on the last row)."""
        self._want_more.set()
