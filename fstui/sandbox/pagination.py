"""page/per_page parsing and the Link header (only rel="next", absent on the last page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from starlette.requests import Request

from fstui.sandbox.errors import field_error

T = TypeVar("T")
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


def _positive_int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise field_error(name, "It should be a/an Positive Integer", "datatype_mismatch") from None
    if value < 1:
        raise field_error(name, "It should be a/an Positive Integer", "datatype_mismatch")
    return value


def page_params(request: Request, *, fixed_per_page: int | None = None) -> tuple[int, int]:
    """(page, per_page) from the query string; per_page over 100 is a 400 like the real API."""
    page = _positive_int(request, "page", 1)
    if fixed_per_page is not None:
        return page, fixed_per_page
    per_page = _positive_int(request, "per_page", DEFAULT_PER_PAGE)
    if per_page > MAX_PER_PAGE:
        raise field_error(
            "per_page", f"Has to be less than or equal to {MAX_PER_PAGE}", "invalid_value"
        )
    return page, per_page


def next_link(request: Request, page: int) -> str:
    """Absolute URL of the next page on the host the client called."""
    url = request.url.include_query_params(page=page + 1)
    return f'<{url}>; rel="next"'


def paginate(
    request: Request, items: Sequence[T], *, fixed_per_page: int | None = None
) -> tuple[list[T], dict[str, str]]:
    """The requested page of ``items`` and the headers (Link when another page exists)."""
    page, per_page = page_params(request, fixed_per_page=fixed_per_page)
    start = (page - 1) * per_page
    chunk = list(items[start : start + per_page])
    headers: dict[str, str] = {}
    if start + per_page < len(items):
        headers["Link"] = next_link(request, page)
    return chunk, headers
