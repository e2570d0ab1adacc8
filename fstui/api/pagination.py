"""Walking Freshservice's paged lists.

Plain lists send ``Link: <...page=N>; rel="next"`` until the last page; the filter endpoints send
no Link and are paged by counting until a short or empty page. Either way a UI can show the first
page as soon as it arrives (``pages()``), or just iterate items.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, Generic, TypeVar

import httpx

from fstui.api.errors import MalformedResponse
from fstui.api.ratelimit.priority import Priority
from fstui.api.session import ApiSession, decode_json

T = TypeVar("T")
MAX_PAGES = 500
"""Freshservice never serves past page 500; stop there even if a Link says otherwise."""

ParseItems = Callable[[Any], list[T]]


class Pager(Generic[T]):
    """Async iterator of items; ``pages()`` yields one list per HTTP page."""

    def __init__(
        self,
        session: ApiSession,
        path: str,
        params: dict[str, Any],
        parse: ParseItems[T],
        *,
        priority: Priority = Priority.INTERACTIVE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._session = session
        self.path = path
        self.params = dict(params)
        self._parse = parse
        self.priority = priority
        self.max_pages = min(max_pages, MAX_PAGES)
        self.pages_fetched = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(path={self.path!r}, params={self.params!r})"

    async def _fetch(self, target: str, params: dict[str, Any] | None) -> tuple[Any, Any]:
        response = await self._session.request("GET", target, params=params, priority=self.priority)
        self.pages_fetched += 1
        return decode_json(response, "GET"), response

    async def pages(self) -> AsyncIterator[list[T]]:
        target: str | None = self.path
        params: dict[str, Any] | None = self.params
        page = int(self.params.get("page", 1) or 1)
        while target is not None and page <= self.max_pages:
            body, response = await self._fetch(target, params)
            items = self._parse(body)
            yield items
            next_url = response.links.get("next", {}).get("url")
            if not next_url or not items:
                return
            target, params = next_url, None
            page = _page_number(next_url, page + 1)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page:
                yield item

    async def first_page(self) -> list[T]:
        async for page in self.pages():
            return page
        return []

    async def collect(self, limit: int | None = None) -> list[T]:
        """All items (or the first ``limit``), fetching only the pages needed."""
        found: list[T] = []
        async for page in self.pages():
            found.extend(page)
            if limit is not None and len(found) >= limit:
                return found[:limit]
        return found


class FilterPager(Pager[T]):
    """Pages by ``page=1,2,...`` until a page is shorter than ``page_size`` (or empty).

    ``total`` is the server's match count, known once the first page has arrived (None until
    then, or when the endpoint does not report one).
    """

    def __init__(
        self,
        session: ApiSession,
        path: str,
        params: dict[str, Any],
        parse: ParseItems[T],
        *,
        page_size: int = 30,
        priority: Priority = Priority.INTERACTIVE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(session, path, params, parse, priority=priority, max_pages=max_pages)
        self.page_size = page_size
        self.total: int | None = None

    def _read_total(self, body: Any, headers: Any) -> None:
        candidates: list[Any] = []
        if isinstance(body, dict):
            candidates.append(body.get("total"))
            meta = body.get("meta")
            if isinstance(meta, dict):
                candidates.extend([meta.get("total"), meta.get("total_count"), meta.get("count")])
        for header in ("x-total-count", "x-total", "total"):
            candidates.append(headers.get(header))
        for value in candidates:
            try:
                if value is not None:
                    self.total = int(value)
                    return
            except (TypeError, ValueError):
                continue

    async def pages(self) -> AsyncIterator[list[T]]:
        page = int(self.params.get("page", 1) or 1)
        seen = 0
        while page <= self.max_pages:
            body, response = await self._fetch(self.path, {**self.params, "page": page})
            if self.total is None:
                self._read_total(body, response.headers)
            items = self._parse(body)
            if items:
                yield items
            seen += len(items)
            if len(items) < self.page_size:
                return
            if self.total is not None and seen >= self.total:
                return
            page += 1


def _page_number(url: str, default: int) -> int:
    try:
        return int(httpx.URL(url).params.get("page", default))
    except ValueError:
        return default


def unwrap_list(body: Any, *keys: str) -> list[Any]:
    """The list under the first of ``keys`` present (a bare list is accepted too)."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        for key in keys:
            value = body.get(key)
            if isinstance(value, list):
                return value
    raise MalformedResponse(
        f"Freshservice's answer did not contain the expected list ({' or '.join(keys)})."
    )


def unwrap_one(body: Any, *keys: str) -> dict[str, Any]:
    """The object under the first of ``keys`` present (real bodies sometimes use a plural key)."""
    if isinstance(body, dict):
        for key in keys:
            value = body.get(key)
            if isinstance(value, dict):
                return value
            if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
                return value[0]
    raise MalformedResponse(
        f"Freshservice's answer did not contain the expected object ({' or '.join(keys)})."
    )
