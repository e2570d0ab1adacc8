"""The three lines that narrow the asset list: `/` filter, `:` query and `f` search.

`/` narrows what is loaded, instantly and without a call; `:` (a filter query) and `f` (search
by name, tag or serial) ask the server. The lines stay hidden until asked for; a query that does
not parse is explained here with a caret, like the queue's query line, and never sent. The room
says what the agent chose (messages); the shell decides what listing that makes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from fstui.query import QueryError
from fstui.store.asset_listing import Search, check_query, parse_search
from fstui.text import literal

__all__ = ["INPUTS", "NarrowingLines"]

INPUTS = ("#assets-filter", "#assets-query", "#assets-search")


class NarrowingLines(Vertical):
    """The filter, query and search inputs and the query's error line."""

    DEFAULT_CSS = """
    NarrowingLines { height: auto; }
    """

    @dataclass
    class FilterTyped(Message):
        """The `/` text changed: narrow the loaded rows to it."""

        text: str

    @dataclass
    class QueryChosen(Message):
        """A query that parses was submitted (empty: no query)."""

        text: str

    @dataclass
    class SearchChosen(Message):
        """A search was submitted (None: no search)."""

        search: Search | None

    class Done(Message):
        """The agent finished typing: the list takes the keys again."""

    def __init__(self, check: Callable[[str], object], *, id: str | None = None) -> None:
        """`check` raises QueryError for a query that parses but cannot be sent as it is
        (with the chosen type it would be too long): the shell knows the rest of the listing."""
        super().__init__(id=id)
        self._check = check

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter loaded rows: name, tag, serial, user", id="assets-filter")
        yield Input(
            placeholder="query, e.g. asset_state:'In Stock' AND location_id:3", id="assets-query"
        )
        yield Input(placeholder="search: name, or tag:ASSET-12, serial:HSN", id="assets-search")
        yield Static("", id="assets-error")

    def on_mount(self) -> None:
        for selector in (*INPUTS, "#assets-error"):
            self.query_one(selector).display = False

    def open(self, selector: str) -> None:
        """Show one of the lines (`#assets-filter`, `#assets-query`, `#assets-search`)."""
        box = self.query_one(selector, Input)
        box.display = True
        box.focus()

    def show_query_error(self, exc: QueryError, text: str) -> None:
        """The same words and caret as the queue's query line; nothing is sent."""
        error = self.query_one("#assets-error", Static)
        error.update(literal(f"{exc.message}\n{exc.caret(text)}", "red"))
        error.display = True

    def clear(self) -> bool:
        """Empty and hide every line; False when none was showing (escape then goes back)."""
        boxes = [self.query_one(selector, Input) for selector in INPUTS]
        error = self.query_one("#assets-error")
        if not any(box.display for box in boxes) and not error.display:
            return False
        for box in boxes:
            box.value = ""
            box.display = False
        error.display = False
        return True

    @on(Input.Changed, "#assets-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterTyped(event.value))

    @on(Input.Submitted, "#assets-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    @on(Input.Submitted, "#assets-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        try:
            check_query(text)
            self._check(text)
        except QueryError as exc:
            self.show_query_error(exc, text)
            return
        self.query_one("#assets-error").display = False
        if not text:
            self.query_one("#assets-query").display = False
        self.post_message(self.QueryChosen(text))

    @on(Input.Submitted, "#assets-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        search = parse_search(event.value)
        if search is None:
            self.query_one("#assets-search").display = False
        self.post_message(self.SearchChosen(search))
