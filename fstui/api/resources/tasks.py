"""Tasks on tickets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fstui.api.models import Task
from fstui.api.pagination import Pager
from fstui.api.ratelimit.priority import Priority
from fstui.api.resources._base import ResourceBase, parse_one


class TasksAPI(ResourceBase):
    def list_tasks(
        self, ticket_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> Pager[Task]:
        return self._pager(
            Task,
            f"/tickets/{int(ticket_id)}/tasks",
            {"per_page": 100},
            ("tasks",),
            priority=priority,
        )

    async def create_task(
        self,
        ticket_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Task:
        body = await self._send(
            "POST", f"/tickets/{int(ticket_id)}/tasks", dict(fields), priority=priority
        )
        return parse_one(Task, body, "task")

    async def update_task(
        self,
        ticket_id: int,
        task_id: int,
        fields: Mapping[str, Any],
        *,
        priority: Priority = Priority.INTERACTIVE,
    ) -> Task:
        body = await self._send(
            "PUT",
            f"/tickets/{int(ticket_id)}/tasks/{int(task_id)}",
            dict(fields),
            priority=priority,
        )
        return parse_one(Task, body, "task")

    async def delete_task(
        self, ticket_id: int, task_id: int, *, priority: Priority = Priority.INTERACTIVE
    ) -> None:
        await self._send(
            "DELETE", f"/tickets/{int(ticket_id)}/tasks/{int(task_id)}", priority=priority
        )
