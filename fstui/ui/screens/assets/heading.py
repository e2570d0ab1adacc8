"""The line above the asset list: which assets, how many, narrowed how, still loading or not.

Why one function: the count used to be written two ways (`100+ assets` for the whole inventory,
`60 of 1107 assets` for a type or query) and a query only said `query`. Every listing now reads
`<shown> of <total> assets`, the total being the server's count, the type tree's count, or what
is known so far with a `+`; and the narrowing says what it is (`used by Sarah Anderson`, the
query itself, the search). Plain data in, one Rich Text out: testable without Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from fstui.query import Comparison, QueryError
from fstui.store.asset_listing import Listing, check_query
from fstui.store.assets import TypeCount
from fstui.text import one_line

CAP_WARNING = "(the API lists only the first 1200: narrow it)"
QUERY_SHOWN = 60
"""Characters of a typed query shown in the heading; the query line itself holds the rest."""


@dataclass(frozen=True)
class Counts:
    """What the list knows of its size: rows loaded, rows shown after `/`, and the totals."""

    loaded: int
    shown: int
    more: bool
    server_total: int | None = None
    """The match count the list API reported, when it reports one."""
    type_count: TypeCount | None = None
    """The type tree's count for the chosen type (or every asset): used when the list
    itself carries no total, and only for a listing that is not narrowed by a query or search."""


def total_words(counts: Counts) -> str:
    """The total: exact when anyone knows it, else what is known so far with a `+`."""
    loaded = counts.loaded
    if not counts.more:
        return str(counts.server_total if counts.server_total is not None else loaded)
    if counts.server_total is not None and counts.server_total >= loaded:
        return str(counts.server_total)
    count = counts.type_count
    if count is not None and count.exact and count.count >= loaded:
        return str(count.count)
    if count is not None and count.count > loaded:
        return f"{count.count}+"
    return f"{loaded}+"


def count_words(counts: Counts, *, filtered: bool) -> str:
    """`60 of 1107 assets`, the one wording; with `/` it adds how many rows it looked at."""
    words = f"{counts.shown} of {total_words(counts)} assets"
    if filtered and counts.more:
        words += f" (/ in {counts.loaded} loaded)"
    return words


def query_user(query: str) -> int | None:
    """The requester id of a query that is exactly `user_id:N` (what `R` on a ticket opens)."""
    try:
        node = check_query(query)
    except QueryError:
        return None
    if isinstance(node, Comparison) and node.field == "user_id" and node.op == "eq":
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def narrowing_words(listing: Listing, user_name: str) -> str:
    """`used by <name>` for a requester's assets, else the query itself; then the search."""
    parts: list[str] = []
    query = listing.query.strip()
    if query:
        if query_user(query) is not None and user_name:
            parts.append(f"used by {one_line(user_name, 40)}")
        else:
            parts.append(f"query {one_line(query, QUERY_SHOWN)}")
    if listing.search is not None:
        parts.append(f"search: {one_line(listing.search.describe(), 40)}")
    return "  ".join(parts)


def empty_words(listing: Listing, user_name: str, *, fetching: bool) -> str:
    """What an empty list means, said in the table: a requester using nothing is an answer."""
    if fetching:
        return "Loading…"
    if query_user(listing.query) is not None and user_name and listing.search is None:
        return f"No assets used by {one_line(user_name, 40)}"
    if listing.query.strip() or listing.search is not None:
        return "No asset matches (esc clears the query and search)"
    return "No assets of this type" if listing.type_ids else "No assets"


def heading(
    type_name: str,
    counts: Counts,
    listing: Listing,
    *,
    filtered: bool,
    user_name: str = "",
    capped: bool = False,
    fetching: bool = False,
) -> Text:
    """The whole line, cut with an ellipsis when the pane is narrow (the count comes early)."""
    title = Text(no_wrap=True, overflow="ellipsis")
    title.append(one_line(type_name, 60), style="bold")
    title.append(f"  {count_words(counts, filtered=filtered)}")
    if fetching:
        title.append("  loading…", style="dim")
    narrowing = narrowing_words(listing, user_name)
    if narrowing:
        title.append(f"  {narrowing}", style="italic")
    if capped:
        title.append(f"  {CAP_WARNING}", style="yellow")
    return title
