"""Id -> display name for queue rows, answered from memory without any call.

Why a separate object: the table renders hundreds of rows per second while scrolling; each cell
must be a dict lookup. Ids nobody knows yet are collected so the store can fetch them in one
batch later, instead of one request per row.
"""

from __future__ import annotations

from collections.abc import Callable

from fstui.store.reference import ReferenceData

__all__ = ["Names"]


PENDING_NAME = "…"
"""Shown for a requester whose name is being looked up: never the raw id while a name can be had."""


class Names:
    def __init__(
        self,
        reference: Callable[[], ReferenceData],
        not_found: Callable[[], frozenset[int]] = frozenset,
    ) -> None:
        self._reference = reference
        self._not_found = not_found
        self.missing_requesters: set[int] = set()

    def agent(self, agent_id: int | None) -> str:
        if agent_id is None:
            return ""
        agent = self._reference().agents.get(agent_id)
        return agent.name if agent is not None else f"agent {agent_id}"

    def group(self, group_id: int | None) -> str:
        if group_id is None:
            return ""
        group = self._reference().groups.get(group_id)
        return (group.name or f"group {group_id}") if group is not None else f"group {group_id}"

    def department(self, department_id: int | None) -> str:
        if department_id is None:
            return ""
        department = self._reference().departments.get(department_id)
        name = department.name if department is not None else None
        return name or f"department {department_id}"

    def location(self, location_id: int | None) -> str:
        if location_id is None:
            return ""
        location = self._reference().locations.get(location_id)
        name = location.name if location is not None else None
        return name or f"location {location_id}"

    def requester(self, requester_id: int | None) -> str:
        """A requester's name; agents can raise tickets too, so they are tried second."""
        if requester_id is None:
            return ""
        reference = self._reference()
        name = reference.requesters.get(requester_id)
        if name:
            return name
        agent = reference.agents.get(requester_id)
        if agent is not None:
            return agent.name
        if requester_id in self._not_found():
            return f"requester #{requester_id}"  # looked for everywhere: no name to be had
        self.missing_requesters.add(requester_id)
        return PENDING_NAME

    def status(self, code: int | None) -> str:
        return self._reference().label("status", code)

    def priority(self, code: int | None) -> str:
        return self._reference().label("priority", code)

    def source(self, code: int | None) -> str:
        return self._reference().label("source", code)

    def urgency(self, code: int | None) -> str:
        return self._reference().label("urgency", code)

    def impact(self, code: int | None) -> str:
        return self._reference().label("impact", code)
