"""Activities tab: the audit trail (who changed what, when), newest first, with its loader."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import Worker

from fstui.api import Activity
from fstui.text import literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.screens.ticket.context import TicketContext, is_current


def render_activities(activities: Sequence[Activity], now: datetime) -> Text:
    if not activities:
        return Text("No activity recorded.", style="dim")

    def when(activity: Activity) -> float:
        stamp = activity.created_at
        return stamp.timestamp() if isinstance(stamp, datetime) else float("-inf")

    lines: list[Text] = []
    for activity in sorted(activities, key=when, reverse=True):
        line = Text()
        stamp = activity.created_at
        if isinstance(stamp, datetime):
            line.append(f"{relative_time(stamp, now):>9} ", style="dim")
        else:
            line.append(f"{'':>9} ")
        actor = activity.actor.name if activity.actor and activity.actor.name else "System"
        line.append_text(literal(one_line(actor, 40), "bold"))
        line.append(" ")
        line.append_text(literal(one_line(activity.content, 300)))
        lines.append(line)
        for sub in activity.sub_contents or []:
            detail = Text("          · ", style="dim")
            detail.append_text(literal(one_line(sub, 300)))
            lines.append(detail)
    return Text("\n").join(lines)


class ActivitiesPane(WorkerErrors, VerticalScroll):
    DEFAULT_CSS = """
    ActivitiesPane { height: 1fr; padding: 0 1; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.loaded = False
        self.can_focus = True

    def compose(self) -> ComposeResult:
        yield Static("Loading activities…", id="activities-body")

    def show(self, activities: Sequence[Activity], now: datetime) -> None:
        self.loaded = True
        self.query_one("#activities-body", Static).update(render_activities(activities, now))

    def show_error(self, message: str) -> None:
        self.query_one("#activities-body", Static).update(literal(message, "red"))

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.show_error(message)

    @work(exclusive=True, group="ticket-activities", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        activities = (await context.store.activities(ticket_id, force=force)).value
        if is_current(context, ticket_id):
            self.show(activities, now_of(self.app))

    def clear(self) -> None:
        self.show([], now_of(self.app))
        self.loaded = False
