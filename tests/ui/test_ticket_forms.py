"""The task and time-entry forms under a fast typist (issue #18 item 10).

An agent who types the title, Enter and the due date in one burst used to find the start of the
date at the end of the title: Enter moved the focus only after the keys already queued behind it
had landed. The keys here are queued all at once, as a terminal delivers a fast burst.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input

from fstui.ui.modals.task_form import TaskForm, TaskInput
from fstui.ui.modals.time_entry_form import TimeEntryForm, TimeEntryInput

from .harness import FormHost


def burst(app: App[Any], text: str) -> None:
    """Queue every key at once, with no pause for the app between them."""
    for char in text:
        if char == "\n":
            app.post_message(events.Key("enter", "\r"))
        elif char == " ":
            app.post_message(events.Key("space", " "))
        else:
            app.post_message(events.Key(char, char))


async def test_a_burst_after_enter_lands_in_the_next_task_field() -> None:
    host = FormHost(TaskForm("New task"))
    async with host.run_test() as pilot:
        await pilot.pause()
        burst(host, "Call vendor\n2024-06-10\nask for the quote")
        for _ in range(20):
            await pilot.pause()
        assert host.form.query_one("#task-title", Input).value == "Call vendor"
        assert host.form.query_one("#task-due", Input).value == "2024-06-10"
        await pilot.press("enter")
        assert host.result == TaskInput(
            title="Call vendor",
            due=datetime(2024, 6, 10, 17, 0, tzinfo=UTC),
            description="ask for the quote",
        )


async def test_a_burst_after_enter_lands_in_the_time_entry_note() -> None:
    host = FormHost(TimeEntryForm("Log time"))
    async with host.run_test() as pilot:
        await pilot.pause()
        burst(host, "0:45\nreset the vpn token")
        for _ in range(20):
            await pilot.pause()
        assert host.form.query_one("#time-spent", Input).value == "0:45"
        assert host.form.query_one("#time-note", Input).value == "reset the vpn token"
        await pilot.press("enter")
        assert host.result == TimeEntryInput(minutes=45, note="reset the vpn token", billable=True)


async def test_leaving_a_bad_duration_with_tab_says_why_at_once() -> None:
    host = FormHost(TimeEntryForm("Log time"))
    async with host.run_test() as pilot:
        await pilot.press(*"1:75", "tab")
        await pilot.pause()
        error = str(host.form.query_one(".form-error").render())
        assert "1:75" in error or "minute" in error.lower()
