"""What every endpoint group needs from the client: the session and parsing helpers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from fstui.api.models._base import FreshserviceModel
from fstui.api.pagination import FilterPager, Pager, unwrap_list, unwrap_one
from fstui.api.ratelimit.priority import Priority
from fstui.api.session import ApiSession

M = TypeVar("M", bound=FreshserviceModel)


def parse_items(model: type[M], body: Any, *keys: str) -> list[M]:
    """Each item on its own: one odd record never sinks the page."""
    return [model.parse_tolerant(item) for item in unwrap_list(body, *keys)]


def parse_one(model: type[M], body: Any, *keys: str) -> M:
    return model.parse_tolerant(unwrap_one(body, *keys))


def include_param(include: str | tuple[str, ...] | list[str] | None) -> str | None:
    if include is None:
        return None
    if isinstance(include, str):
        return include or None
    joined = ",".join(i.strip() for i in include if i.strip())
    return joined or None


def quoted(query: str) -> str:
    """Filter queries must be wrapped in double quotes (an unquoted one gets a 400)."""
    text = query.strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        return text
    return f'"{text}"'


class ResourceBase:
    _session: ApiSession

    async def _get(
        self, path: str, params: Mapping[str, Any] | None = None, *, priority: Priority
    ) -> Any:
        return await self._session.request_json("GET", path, params=params, priority=priority)

    async def _send(self, method: str, path: str, body: Any = None, *, priority: Priority) -> Any:
        return await self._session.request_json(method, path, json_body=body, priority=priority)

    def _pager(
        self,
        model: type[M],
        path: str,
        params: dict[str, Any],
        keys: tuple[str, ...],
        *,
        priority: Priority,
    ) -> Pager[M]:
        return Pager(
            self._session,
            path,
            {k: v for k, v in params.items() if v is not None},
            lambda body: parse_items(model, body, *keys),
            priority=priority,
        )

    def _filter_pager(
        self,
        model: type[M],
        path: str,
        params: dict[str, Any],
        keys: tuple[str, ...],
        *,
        priority: Priority,
        page_size: int = 30,
        max_pages: int = 500,
    ) -> FilterPager[M]:
        return FilterPager(
            self._session,
            path,
            {k: v for k, v in params.items() if v is not None},
            lambda body: parse_items(model, body, *keys),
            page_size=page_size,
            priority=priority,
            max_pages=max_pages,
        )
