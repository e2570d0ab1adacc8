"""Agents, groups and requesters: who tickets are assigned to and raised by."""

from __future__ import annotations

from fstui.api.models import Agent, Group, Requester
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one, quoted

PEOPLE_QUERY_PAGE_SIZE = 30
"""A requester/agent ``query=`` answers 30 a page, at most 40 pages (reference line 12041)."""


def prefix_query(text: str, attributes: tuple[str, ...]) -> str:
    """``~[a|b]:'text'``, the reference's "starts with" search (line 12044), with the
    quote and backslash a query cannot carry removed from what the user typed."""
    cleaned = "".join(ch for ch in text.strip() if ch not in "'\\\"" and ch.isprintable())
    return f"~[{'|'.join(attributes)}]:'{cleaned}'"


class PeopleAPI(ResourceBase):
    def list_agents(
        self,
        *,
        email: str | None = None,
        query: str | None = None,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Agent]:
        """GET /agents; ``query`` is a filter such as ``email:'a@b.c'`` (reference line 13046),
        sent in the double quotes the API requires."""
        params = {
            "email": email,
            "query": quoted(query) if query else None,
            "per_page": None if query else 100,
        }
        return self._pager(Agent, "/agents", params, ("agents",), priority=priority)

    async def get_agent(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> Agent:
        return parse_one(Agent, await self._get(f"/agents/{int(id)}", priority=priority), "agent")

    def list_groups(self, *, priority: Priority = Priority.INTERACTIVE) -> Pager[Group]:
        return self._pager(Group, "/groups", {"per_page": 100}, ("groups",), priority=priority)

    def list_requesters(
        self,
        *,
        email: str | None = None,
        query: str | None = None,
        page: int | None = None,
        include_agents: bool = False,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Requester]:
        """GET /requesters, newest first, 100 a page; `page` starts later in the list (a paging
        pass resumed where it stopped), `include_agents` lists agents among them too.
        ``query`` filters (reference line 12071), e.g. ``prefix_query("jo", ("name",
        "primary_email"))``; such answers come 30 a page."""
        params = {
            "email": email,
            "query": quoted(query) if query else None,
            "per_page": None if query else 100,
            "page": page if page is not None and page > 1 else None,
            "include_agents": "true" if include_agents else None,
        }
        return self._pager(Requester, "/requesters", params, ("requesters",), priority=priority)

    async def get_requester(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Requester:
        body = await self._get(f"/requesters/{int(id)}", priority=priority)
        return parse_one(Requester, body, "requester")
