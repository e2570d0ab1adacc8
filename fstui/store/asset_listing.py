"""What asset list the user asked for, and the API parameters that fetch it.

A listing combines the chosen type (and its descendants), a typed filter query, a search and a
sort. The API cannot sort filtered or searched results, so `server_order` says when the order
comes from the server; otherwise the rows are sorted locally, over what has been loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fstui.query import ASSET_FIELDS, MAX_LENGTH, Node, Q, QueryError, all_of, parse, to_query

SearchField = Literal["name", "asset_tag", "serial_number"]
SEARCH_PREFIXES: dict[str, SearchField] = {
    "name": "name",
    "tag": "asset_tag",
    "asset_tag": "asset_tag",
    "serial": "serial_number",
    "serial_number": "serial_number",
    "sn": "serial_number",
}
SORTABLE_BY_API: dict[str, str] = {"id": "id", "updated": "updated_at"}
"""Table column key -> the `order_by` the list endpoint accepts (id, created_at, updated_at)."""


@dataclass(frozen=True)
class Search:
    field: SearchField
    text: str

    def to_api(self) -> str:
        """`name:'dell'` with apostrophes escaped as the reference shows (andrea\\'s laptop)."""
        escaped = self.text.replace("\\", "\\\\").replace("'", "\\'")
        return f"{self.field}:'{escaped}'"

    def describe(self) -> str:
        label = {"name": "name", "asset_tag": "tag", "serial_number": "serial"}[self.field]
        return f"{label} ~ {self.text}"


def parse_search(text: str) -> Search | None:
    """`tag:ASSET-12`, `serial:HSN`, `name:dell` or a bare `dell` (a name search)."""
    stripped = text.strip()
    if not stripped:
        return None
    head, sep, rest = stripped.partition(":")
    field = SEARCH_PREFIXES.get(head.strip().casefold()) if sep else None
    if field is not None and rest.strip():
        return Search(field, rest.strip())
    return Search("name", stripped)


def check_query(text: str) -> Node | None:
    """The parsed filter query (None for an empty one); raises QueryError before any call."""
    if not text.strip():
        return None
    return parse(text, ASSET_FIELDS, allow_unknown_custom=False)


@dataclass(frozen=True)
class Listing:
    type_ids: tuple[int, ...] = ()
    """The chosen type and its descendants; empty for every asset."""
    query: str = ""
    search: Search | None = None
    sort_column: str | None = None
    sort_reverse: bool = True

    @property
    def filtered(self) -> bool:
        return bool(self.type_ids or self.query.strip() or self.search)

    @property
    def server_order(self) -> bool:
        return not self.filtered

    def filter_text(self) -> str | None:
        """The `filter=` query: the user's query AND one of the chosen types."""
        parts: list[Node] = []
        typed = check_query(self.query)
        if typed is not None:
            parts.append(typed)
        if self.type_ids:
            parts.append(Q.one_of("asset_type_id", list(self.type_ids)))
        if not parts:
            return None
        text = to_query(parts[0] if len(parts) == 1 else all_of(*parts))
        if len(text) > MAX_LENGTH:
            raise QueryError(
                f"with the chosen type the query is {len(text)} characters long; "
                f"the limit is {MAX_LENGTH}: choose a narrower type or shorten the query",
                0,
            )
        return text

    def api_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"include_type_fields": True}
        filter_text = self.filter_text()
        if filter_text:
            params["filter"] = filter_text
        if self.search is not None:
            params["search"] = self.search.to_api()
        if self.server_order and self.sort_column in SORTABLE_BY_API:
            params["order_by"] = SORTABLE_BY_API[self.sort_column]
            params["order_type"] = "desc" if self.sort_reverse else "asc"
        return params
