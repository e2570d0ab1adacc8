"""The asset browser: asset types on the left, the assets of the chosen type on the right.

Lists load a page at a time: the first page is shown as soon as it arrives (or at once from a
recent visit), the next only when the cursor nears the end of what is loaded, so a 20,000-asset
inventory costs what the agent actually looks at. `/` filters what is loaded, instantly; `:`
(filter query) and `f` (search by name, tag or serial) ask the server.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tree
from textual.worker import Worker

from fstui.query import QueryError
from fstui.store.asset_listing import SORTABLE_BY_API, Listing, check_query, parse_search
from fstui.store.assets import Page
from fstui.ui.context import clock_of
from fstui.ui.errors import WorkerErrors, describe_error
from fstui.ui.messages import OpenAsset
from fstui.ui.screens.assets.columns import (
    COLUMNS,
    AssetRow,
    make_cells,
    make_search_text,
    sort_key,
)
from fstui.ui.screens.assets.table import AssetTable
from fstui.ui.screens.assets.type_tree import TypeTree
from fstui.ui.screens.assets.type_tree_widget import ALL_ASSETS, AssetTypeTree
from fstui.ui.widgets.fast_table import FastTable
from fstui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from fstui.session import Session

LOOKAHEAD_ROWS = 40
"""Fetch the next page when the cursor comes this close to the last loaded row."""

SORT_CYCLE: tuple[tuple[str, bool], ...] = (("updated", True), ("id", False))
"""`s` steps through the orders the API can serve: recently updated first, then by number."""

INPUTS = ("#assets-filter", "#assets-query", "#assets-search")


class AssetScreen(WorkerErrors, Screen[None]):
    """Type tree, asset table, filter/query/search lines, status bar."""

    CSS_PATH = str(Path(__file__).with_name("assets.tcss"))
    fetching: bool = False
    """Pages are being fetched (shown in the title). A plain attribute on purpose: Textual's
    `Widget.loading` reactive would cover the whole screen with a spinner and leave it blank."""
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="assets.filter"),
        Binding("colon", "query", "Query", id="assets.query"),
        Binding("f", "search", "Search", id="assets.search"),
        Binding("s", "sort_next", "Sort", id="assets.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="assets.sort_reverse"),
        Binding("right_square_bracket", "next_type", "Next type", show=False, id="assets.next"),
        Binding("left_square_bracket", "prev_type", "Prev type", show=False, id="assets.prev"),
        Binding("r,f5", "refresh", "Refresh", id="assets.refresh"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="assets.focus_next"),
        Binding("escape", "back", "Back", id="assets.back"),
        Binding("q", "close", "Close", show=False, id="assets.close"),
    ]

    def __init__(self, session: Session, *, search: str | None = None, query: str = "") -> None:
        """`search` and `query` open the browser pre-narrowed (palette, a requester's assets)."""
        super().__init__()
        self.session = session
        self.store = session.store
        self.data = session.store.assets
        self.listing = Listing(query=query, search=parse_search(search) if search else None)
        self.total: int | None = None
        self.more = False
        self.capped = False
        self.fetching = False
        self._message = ""
        self._want_more = asyncio.Event()
        self._rows: list[AssetRow] = []

    # layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        names = self.store.names
        self._cells = make_cells(names, clock_of(self.app))
        self._search_text = make_search_text(names)
        with Horizontal(id="assets-main"):
            yield AssetTypeTree(id="asset-types")
            with Vertical(id="assets-pane"):
                yield Static("", id="assets-title")
                yield AssetTable[AssetRow](COLUMNS, id="assets-table")
                yield Input(
                    placeholder="filter loaded rows: name, tag, serial, user", id="assets-filter"
                )
                yield Input(
                    placeholder="query, e.g. asset_state:'In Stock' AND location_id:3",
                    id="assets-query",
                )
                yield Input(
                    placeholder="search: name, or tag:ASSET-12, serial:HSN", id="assets-search"
                )
                yield Static("", id="assets-error")
        yield StatusBar(id="assets-status")
        yield Footer()

    def on_mount(self) -> None:
        for selector in (*INPUTS, "#assets-error"):
            self.query_one(selector).display = False
        self.table.focus()
        self._load_types()
        self._reload()

    @property
    def table(self) -> FastTable[AssetRow]:
        return self.query_one("#assets-table", FastTable)

    @property
    def types_tree(self) -> AssetTypeTree:
        return self.query_one(AssetTypeTree)

    # types --------------------------------------------------------------------------------
    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        """A failed tree load: the list still works without it; the reason goes to the status."""
        self._note(message)

    @work(exclusive=True, group="asset-types", exit_on_error=False)
    async def _load_types(self) -> None:
        types = await self.data.types()
        tree = TypeTree.build(types)
        self.types_tree.show_types(tree)
        self._update_title()
        try:
            counts = await self.data.type_counts(list(tree.types))
        except Exception as exc:  # counts are a nicety; the tree stays usable without them
            self._note(f"type counts unavailable: {describe_error(exc)}")
            return
        self.types_tree.show_counts(counts)
        self._update_title()  # the status bar's budget now includes the count calls

    @on(Tree.NodeSelected, "#asset-types")
    def _type_chosen(self, event: Tree.NodeSelected[int | None]) -> None:
        self._choose_type(event.node.data)
        self.table.focus()

    def _choose_type(self, type_id: int | None) -> None:
        tree = self.types_tree.type_tree
        type_ids = tuple(tree.subtree(type_id)) if type_id is not None else ()
        self.listing = replace(self.listing, type_ids=type_ids)
        self._reload()

    def _chosen_type(self) -> int | None:
        return self.listing.type_ids[0] if self.listing.type_ids else None

    def _step_type(self, step: int) -> None:
        order = self.types_tree.type_ids_in_order()
        current = self._chosen_type()
        index = order.index(current) if current in order else 0
        chosen = order[(index + step) % len(order)]
        self.types_tree.select_type(chosen)
        self._choose_type(chosen)

    def action_next_type(self) -> None:
        self._step_type(1)

    def action_prev_type(self) -> None:
        self._step_type(-1)

    # loading ------------------------------------------------------------------------------
    def _reload(self) -> None:
        self._load(self.listing)

    @work(exclusive=True, group="assets-load")
    async def _load(self, listing: Listing) -> None:
        """Pull pages of `listing` while the user is near the end of what is loaded."""
        self.fetching, self.more, self.capped, self.total = True, False, False, None
        self._update_title()
        first = True
        try:
            await self.store.reference()
            async for page in self.data.pages(listing):
                self._show_page(page, first)
                first = False
                if not page.more:
                    break
                while not self._near_end():
                    self._want_more.clear()
                    self.fetching = False
                    self._update_title()
                    await self._want_more.wait()
                self.fetching = True
                self._update_title()
        except asyncio.CancelledError:
            raise  # a newer listing replaced this one, or the screen closed: touch nothing
        except QueryError as exc:
            self._show_query_error(exc, listing.query)
        except Exception as exc:  # the rows loaded so far stay; the reason goes to the status
            self._note(describe_error(exc))
        if first:
            self._show_page(Page([], None, False), True)
        self.fetching = False
        self._update_title()

    def _show_page(self, page: Page, first: bool) -> None:
        rows = [AssetRow(asset) for asset in page.assets]
        if first:
            self._rows = list(rows)
            self.table.set_rows(
                rows,
                key=lambda row: row.key,
                cells=self._cells,
                sort_keys=sort_key,
                search_text=self._search_text,
            )
            self._sync_sort_glyph()
        else:
            self._rows.extend(rows)
            self.table.update_rows(rows)
        self.total, self.more, self.capped = page.total, page.more, page.capped
        self._update_title()
        users = {a.user_id for a in page.assets if a.user_id is not None}
        if users:
            self._resolve_users(users)

    @work(group="asset-names")
    async def _resolve_users(self, user_ids: set[int]) -> None:
        """Learn unknown requester names in a few paged calls, then repaint with them."""
        try:
            found = await self.store.resolve_requesters(user_ids)
        except Exception:  # names are a nicety: "requester 12" stays shown
            self._update_title()
            return
        self._update_title()
        if found:
            self._rows = [AssetRow(row.asset) for row in self._rows]
            self.table.set_rows(
                self._rows,
                key=lambda row: row.key,
                cells=self._cells,
                sort_keys=sort_key,
                search_text=self._search_text,
            )

    def _near_end(self) -> bool:
        table = self.table
        if table.filter_text:
            return False  # `/` narrows what is loaded; it never walks the whole inventory
        return table.visible_count - table.cursor_row <= LOOKAHEAD_ROWS

    @on(FastTable.CursorMoved, "#assets-table")
    def _cursor_moved(self) -> None:
        if self.more and self._near_end():
            self._want_more.set()

    def load_more(self) -> None:
        """Ask for the next page now (tests and `G` on the last row)."""
        self._want_more.set()

    # title and status ---------------------------------------------------------------------
    def _update_title(self) -> None:
        table = self.table
        type_id = self._chosen_type()
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(
            self.types_tree.type_tree.name(type_id) if type_id else ALL_ASSETS, style="bold"
        )
        loaded = table.total_count
        if table.filter_text:
            title.append(f"  {table.visible_count} of {loaded} loaded")
        elif self.total is not None:
            title.append(f"  {loaded} of {self.total}")
        else:
            title.append(f"  {loaded}{'+' if self.more else ''}")
        title.append(" assets")
        if self.listing.search is not None:
            title.append(f"  search: {self.listing.search.describe()}", style="italic")
        if self.listing.query:
            title.append("  query", style="italic")
        if self.capped:
            title.append("  (the API lists only the first 1200: narrow it)", style="yellow")
        if self.fetching:
            title.append("  loading…", style="dim")
        self.query_one("#assets-title", Static).update(title)
        stats = self.store.stats()
        self.query_one(StatusBar).show(
            left=self.session.profile_name,
            remaining=stats.remaining,
            limit=stats.limit,
            online=stats.online,
            note=self._message,
        )

    def _note(self, message: str) -> None:
        self._message = message
        self._update_title()

    # filter, query, search ----------------------------------------------------------------
    def _open_input(self, selector: str) -> None:
        box = self.query_one(selector, Input)
        box.display = True
        box.focus()

    def action_filter(self) -> None:
        self._open_input("#assets-filter")

    def action_query(self) -> None:
        self._open_input("#assets-query")

    def action_search(self) -> None:
        self._open_input("#assets-search")

    @on(Input.Changed, "#assets-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._update_title()

    @on(Input.Submitted, "#assets-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(Input.Submitted, "#assets-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            check_query(text)
            candidate = replace(self.listing, query=text)
            candidate.filter_text()
        except QueryError as exc:
            self._show_query_error(exc, text)
            return
        self.query_one("#assets-error").display = False
        self.listing = candidate
        if not text:
            self.query_one("#assets-query").display = False
        self.table.focus()
        self._reload()

    def _show_query_error(self, exc: QueryError, text: str) -> None:
        """The same words and caret as the queue's query line; nothing is sent."""
        error = self.query_one("#assets-error", Static)
        error.update(Text(f"{exc.message}\n{exc.caret(text)}", style="red"))
        error.display = True

    @on(Input.Submitted, "#assets-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        search = parse_search(event.value)
        self.listing = replace(self.listing, search=search)
        if search is None:
            self.query_one("#assets-search").display = False
        self.table.focus()
        self._reload()

    def action_back(self) -> None:
        """Escape clears what narrows the list, one press for all; with nothing to clear, back."""
        boxes = [self.query_one(selector, Input) for selector in INPUTS]
        error = self.query_one("#assets-error")
        if not any(box.display for box in boxes) and not error.display:
            self.app.pop_screen()
            return
        for box in boxes:
            box.value = ""
            box.display = False
        error.display = False
        self.table.set_filter("")
        server_side = self.listing.query or self.listing.search is not None
        self.listing = replace(self.listing, query="", search=None)
        self.table.focus()
        if server_side:
            self._reload()
        self._update_title()

    def action_close(self) -> None:
        self.app.pop_screen()

    # sorting ------------------------------------------------------------------------------
    def action_sort_next(self) -> None:
        current = (self.listing.sort_column, self.listing.sort_reverse)
        keys = [column for column, _ in SORT_CYCLE]
        index = keys.index(current[0]) + 1 if current[0] in keys else 0
        column, reverse = SORT_CYCLE[index % len(SORT_CYCLE)]
        self._sort(column, reverse)

    def action_sort_reverse(self) -> None:
        if self.listing.sort_column is not None:
            self._sort(self.listing.sort_column, not self.listing.sort_reverse)

    def _sort(self, column: str, reverse: bool) -> None:
        """Unfiltered lists are re-fetched in the API's order; filtered ones sort what is loaded."""
        self.listing = replace(self.listing, sort_column=column, sort_reverse=reverse)
        self._sync_sort_glyph()
        if self.listing.server_order and self.more:
            self._reload()

    def _sync_sort_glyph(self) -> None:
        column = self.listing.sort_column
        table = self.table
        if column in SORTABLE_BY_API and (
            table.sort_column != column or table.sort_reverse != self.listing.sort_reverse
        ):
            table.sort_by(column, reverse=self.listing.sort_reverse)

    @on(FastTable.SortChanged, "#assets-table")
    def _sort_changed(self, event: FastTable.SortChanged) -> None:
        """A click on a header: same as `s`, for the column clicked."""
        wanted = (event.column_key, event.reverse)
        if wanted != (self.listing.sort_column, self.listing.sort_reverse):
            self._sort(event.column_key, event.reverse)

    # opening ------------------------------------------------------------------------------
    @on(FastTable.RowActivated, "#assets-table")
    def _open_asset(self, event: FastTable.RowActivated) -> None:
        if isinstance(event.key, int) and event.key > 0:
            self.post_message(OpenAsset(event.key))

    def action_refresh(self) -> None:
        self.data.forget_lists()
        self._message = ""
        self._load_types()
        self._reload()
