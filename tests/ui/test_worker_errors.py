"""One worker-error handler: each room shows a failure where the agent is looking, and goes on.

A tab's failed read shows in that tab; a failed write shows in the ticket's status line (red) and
as a toast; an exception nobody foresaw is a sentence too, not a crashed app.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from fstui.api import PermissionDenied, ServerError
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.screens.ticket.activity import ActivitiesPane
from fstui.ui.screens.ticket.tasks import TasksPane
from fstui.ui.screens.ticket.time import TimeEntriesPane
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, type_text, wait_loaded


def text_of(widget: Static) -> str:
    return str(widget.render())


def failing(exc: BaseException) -> Any:
    async def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return fail


async def test_a_failed_tab_read_shows_in_that_tab(
    host: TicketHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        sentence = "Freshservice is unavailable (503); try again shortly"
        monkeypatch.setattr(
            screen.context.store, "time_entries", failing(ServerError(sentence, status=503))
        )
        pane = screen.query_one(TimeEntriesPane)
        status = pane.query_one(".pane-status", Static)
        await pilot.press("2")
        await until(pilot, lambda: sentence in text_of(status), what="the error in the tab")
        assert sentence not in text_of(screen.query_one("#ticket-status", Static))
        assert host.is_running and isinstance(host.screen, TicketScreen)


async def test_a_failed_write_shows_in_the_status_line_and_as_a_toast(
    host: TicketHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(TasksPane)
        await pilot.press("3")
        await until(pilot, lambda: pane.loaded, what="tasks tab")
        sentence = "You are not allowed to add tasks here (403)"
        refusal = PermissionDenied(sentence, status=403)
        monkeypatch.setattr(screen.context.writes, "add_task", failing(refusal))
        await pilot.press("a")
        await until(pilot, lambda: host.screen is not screen, what="task form")
        await type_text(pilot, "Order toner")
        await pilot.press("ctrl+s")
        line = screen.query_one("#ticket-status", Static)
        await until(pilot, lambda: sentence in text_of(line), what="the error in the status")
        toasts = [n for n in host._notifications if n.severity == "error"]
        assert any(sentence in n.message for n in toasts)
        assert all(t.title != "Order toner" for t in pane.tasks)
        assert host.is_running and host.screen is screen


async def test_an_unforeseen_exception_is_a_sentence_not_a_crash(
    host: TicketHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        monkeypatch.setattr(
            screen.context.store, "activities", failing(RuntimeError("boom at line 3"))
        )
        body = screen.query_one(ActivitiesPane).query_one("#activities-body", Static)
        await pilot.press("4")
        await until(pilot, lambda: "Unexpected RuntimeError" in text_of(body), what="words")
        assert "boom" not in text_of(body) and "Traceback" not in text_of(body)
        assert host.is_running and host.return_code is None
