"""The asset browser: the shell around its rooms, types on the left, assets on the right.

The shell owns the layout, the listing being shown (type, query, search, sort) and the routing
between its rooms: the type pane (type_tree_widget.py), the page loading (paging.py), the
filter/query/search lines (narrowing.py), the heading (heading.py) and the sort steps
(sorting.py). Opening an asset goes through the app's router (OpenAsset), never the app itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from fstui.query import QueryError
from fstui.store.asset_listing import Listing, parse_search
from fstui.ui.context import clock_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.messages import OpenAsset
from fstui.ui.screens.assets.columns import COLUMNS, AssetRow
from fstui.ui.screens.assets.heading import empty_words, heading, query_user
from fstui.ui.screens.assets.narrowing import NarrowingLines
from fstui.ui.screens.assets.paging import ListPaging
from fstui.ui.screens.assets.sorting import next_sort, reversed_sort, show_sort, sorted_by
from fstui.ui.screens.assets.table import AssetTable
from fstui.ui.screens.assets.type_tree_widget import ALL_ASSETS, AssetTypeTree
from fstui.ui.widgets.fast_table import FastTable
from fstui.ui.widgets.key_bar import KeyBar
from fstui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from fstui.session import Session


class AssetScreen(WorkerErrors, Screen[None]):
    """Type tree, asset table, filter/query/search lines, status bar."""

    CSS_PATH = str(Path(__file__).with_name("assets.tcss"))
    BINDINGS = [
        Binding("slash", "narrow('#assets-filter')", "Filter", id="assets.filter"),
        Binding("colon", "narrow('#assets-query')", "Query", id="assets.query"),
        Binding("f", "narrow('#assets-search')", "Search", id="assets.search"),
        Binding("s", "sort_next", "Sort", id="assets.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="assets.sort_reverse"),
        Binding("right_square_bracket", "next_type", "Next type", show=False, id="assets.next"),
        Binding("left_square_bracket", "prev_type", "Prev type", show=False, id="assets.prev"),
        Binding("r,f5", "refresh", "Refresh", id="assets.refresh"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="assets.focus_next"),
        Binding("escape", "back", "Back", id="assets.back"),
        Binding("q", "app.pop_screen", "Close", show=False, id="assets.close"),
    ]

    def __init__(self, session: Session, *, search: str | None = None, query: str = "") -> None:
        """`search` and `query` open the browser pre-narrowed (palette, a requester's assets)."""
        super().__init__()
        self.session = session
        self.store = session.store
        self.listing = Listing(query=query, search=parse_search(search) if search else None)
        self.paging = ListPaging(self, session.store, lambda: clock_of(self.app)())
        self._message = ""

    # layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="assets-main"):
            yield AssetTypeTree(id="asset-types")
            with Vertical(id="assets-pane"):
                yield Static("", id="assets-title")
                yield AssetTable[AssetRow](COLUMNS, id="assets-table")
                yield NarrowingLines(self._query_fits, id="assets-narrowing")
        yield StatusBar(id="assets-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.table.empty_filtered_text = "No loaded asset matches the filter (esc clears it)"
        self.table.focus()
        self.types_tree.load(self.store.assets)
        self._reload()

    @property
    def table(self) -> FastTable[AssetRow]:
        return self.query_one("#assets-table", FastTable)

    @property
    def types_tree(self) -> AssetTypeTree:
        return self.query_one(AssetTypeTree)

    @property
    def narrowing(self) -> NarrowingLines:
        return self.query_one(NarrowingLines)

    @property
    def fetching(self) -> bool:
        """Pages are on their way (tests and the snapshot harness wait for this)."""
        return self.paging.fetching

    # the rooms' hooks ---------------------------------------------------------------------
    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.note(message)

    def note(self, message: str) -> None:
        self._message = message
        self.redraw_heading()

    def show_query_error(self, exc: QueryError, text: str) -> None:
        self.narrowing.show_query_error(exc, text)

    def rows_replaced(self) -> None:
        show_sort(self.table, self.listing)

    def learn_names(self, user_ids: set[int]) -> None:
        self._names(user_ids)

    @work(group="asset-names")
    async def _names(self, user_ids: set[int]) -> None:
        await self.paging.names(user_ids)

    @on(AssetTypeTree.Shown)
    def _types_shown(self) -> None:
        self.redraw_heading()

    @on(AssetTypeTree.Trouble)
    def _types_trouble(self, event: AssetTypeTree.Trouble) -> None:
        self.note(event.text)

    # types --------------------------------------------------------------------------------
    @on(AssetTypeTree.TypeChosen)
    def _type_chosen(self, event: AssetTypeTree.TypeChosen) -> None:
        self.listing = replace(self.listing, type_ids=event.type_ids)
        self.table.focus()
        self._reload()

    def _chosen_type(self) -> int | None:
        return self.listing.type_ids[0] if self.listing.type_ids else None

    def action_next_type(self) -> None:
        self.types_tree.step_from(self._chosen_type(), 1)

    def action_prev_type(self) -> None:
        self.types_tree.step_from(self._chosen_type(), -1)

    # loading and heading ------------------------------------------------------------------
    @work(exclusive=True, group="assets-load")
    async def _reload(self) -> None:
        """The listing as it is now; a newer call cancels this one before it can land."""
        await self.paging.load(self.listing)

    @on(FastTable.CursorMoved, "#assets-table")
    def _cursor_moved(self) -> None:
        self.paging.cursor_moved()

    def redraw_heading(self) -> None:
        listing, paging, tree = self.listing, self.paging, self.types_tree
        type_id = self._chosen_type()
        narrowed = bool(listing.query.strip()) or listing.search is not None
        user = query_user(listing.query)
        user_name = paging.requester_name(user) if user is not None else ""
        title = heading(
            tree.type_tree.name(type_id) if type_id else ALL_ASSETS,
            paging.counts(None if narrowed else tree.count_of(type_id)),
            listing,
            filtered=bool(self.table.filter_text),
            user_name=user_name,
            capped=paging.capped,
            fetching=paging.fetching,
        )
        self.query_one("#assets-title", Static).update(title)
        paging.say_when_empty(empty_words(listing, user_name, fetching=paging.fetching))
        stats = self.store.stats()
        self.query_one(StatusBar).show(
            left=self.session.profile_name,
            remaining=stats.remaining,
            limit=stats.limit,
            online=stats.online,
            note=self._message,
        )

    # filter, query, search ----------------------------------------------------------------
    def action_narrow(self, selector: str) -> None:
        """`/`, `:` or `f`: show that line and type in it."""
        self.narrowing.open(selector)

    @on(NarrowingLines.FilterTyped)
    def _filter_typed(self, event: NarrowingLines.FilterTyped) -> None:
        self.table.set_filter(event.text)
        self.redraw_heading()

    @on(NarrowingLines.Done)
    def _narrowing_done(self) -> None:
        self.table.focus()

    def _query_fits(self, text: str) -> None:
        """With the chosen type a query may be too long to send (raises QueryError)."""
        replace(self.listing, query=text).filter_text()

    @on(NarrowingLines.QueryChosen)
    def _query_chosen(self, event: NarrowingLines.QueryChosen) -> None:
        self.listing = replace(self.listing, query=event.text)
        self.table.focus()
        self._reload()

    @on(NarrowingLines.SearchChosen)
    def _search_chosen(self, event: NarrowingLines.SearchChosen) -> None:
        self.listing = replace(self.listing, search=event.search)
        self.table.focus()
        self._reload()

    def action_back(self) -> None:
        """Escape clears what narrows the list, one press for all; with nothing to clear, back."""
        if not self.narrowing.clear():
            self.app.pop_screen()
            return
        self.table.set_filter("")
        server_side = self.listing.query or self.listing.search is not None
        self.listing = replace(self.listing, query="", search=None)
        self.table.focus()
        if server_side:
            self._reload()
        self.redraw_heading()

    # sorting ------------------------------------------------------------------------------
    def action_sort_next(self) -> None:
        self._sort(next_sort(self.listing))

    def action_sort_reverse(self) -> None:
        self._sort(reversed_sort(self.listing))

    @on(FastTable.SortChanged, "#assets-table")
    def _sort_changed(self, event: FastTable.SortChanged) -> None:
        """A click on a header: same as `s`, for the column clicked."""
        self._sort(sorted_by(self.listing, event.column_key, event.reverse))

    def _sort(self, listing: Listing | None) -> None:
        """Unfiltered lists are re-fetched in the API's order; filtered ones sort what is loaded."""
        if listing is None:
            return
        self.listing = listing
        show_sort(self.table, listing)
        if listing.server_order and self.paging.more:
            self._reload()

    # opening ------------------------------------------------------------------------------
    @on(FastTable.RowActivated, "#assets-table")
    def _open_asset(self, event: FastTable.RowActivated) -> None:
        if isinstance(event.key, int) and event.key > 0:
            self.post_message(OpenAsset(event.key))

    def action_refresh(self) -> None:
        self.store.assets.forget_lists()
        self._message = ""
        self.types_tree.load(self.store.assets)
        self._reload()
