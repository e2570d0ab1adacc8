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
        self, *, email: str | None = None, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[Requester]:
        params = {"email": email, "per_page": 100}
        return self._pager(Requester, "/requesters", params, ("requesters",), priority=priority)

    async def get_requester(
        self, id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Requester:
        body = await self._get(f"/requesters/{int(id)}", priority=priority)
        return parse_one(Requester, body, "requester")
