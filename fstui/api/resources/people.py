"""Agents, groups and requesters: who tickets are assigned to and raised by."""

from __future__ import annotations

from fstui.api.models import Agent, Group, Requester
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one


class PeopleAPI(ResourceBase):
    def list_agents(
        self, *, email: str | None = None, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[Agent]:
        params = {"email": email, "per_page": 100}
        return self._pager(Agent, "/agents", params, ("agents",), priority=priority)

    async def get_agent(self, id: int, *, priority: Priority = Priority.INTERACTIVE) -> Agent:
        return parse_one(Agent, await self._get(f"/agents/{int(id)}", priority=priority), "agent")

    def list_groups(self, *, priority: Priority = Priority.INTERACTIVE) -> Pager[Group]:
        return self._pager(Group, "/groups", {"per_page": 100}, ("groups",), priority=priority)

    def list_requesters(
        self,
        *,
        email: str | None = None,
        page: int | None = None,
        include_agents: bool = False,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Pager[Requester]:
        """GET /requesters, newest first, 100 a page; `page` starts later in the list (a paging
        pass resumed where it stopped), `include_agents` lists agents among them too."""
        params = {
            "email": email,
            "per_page": 100,
            "page": page if page is not None and page > 1 else None,
            "include_agents": "true" if include_agents else None,
        }
        return self._pager(Requester, "/requesters", params, ("requesters",), priority=priority)

    async def get_requester(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Requester:
        body = await self._get(f"/requesters/{int(id)}", priority=priority)
        return parse_one(Requester, body, "requester")
