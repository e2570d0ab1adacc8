"""The time-entry and task forms from the keyboard (issue #18 item 10; item 11's placeholder)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from fstui.ui.modals.task_form import TaskForm
from fstui.ui.modals.time_entry_form import TimeEntryForm, TimeEntryInput

from .harness import FORMS_NOW, FormHost


async def test_time_spent_is_checked_on_leaving_and_enter_saves_from_the_end() -> None:
    host = FormHost(TimeEntryForm("Log time"))
    async with host.run_test() as pilot:
        await pilot.press(*"1:75", "enter")
        error = host.form.query_one(".form-error", Static)
        assert "1:75" in str(error.render()) or "minute" in str(error.render()).lower()
        assert host.form.focused.id == "time-spent"  # stays to be fixed
        await pilot.press("backspace", "backspace", *"15", "enter")
        assert str(error.render()) == ""  # fixed: the message goes as the field is left
        assert host.form.focused.id == "time-note"
        await pilot.press(*"fixed vpn", "enter")  # enter on the note saves, as the hint says
        assert host.result == TimeEntryInput(minutes=75, note="fixed vpn", billable=True)


async def test_due_date_example_is_in_the_future() -> None:
    host = FormHost(TaskForm("New task"))
    async with host.run_test() as pilot:
        await pilot.pause()
        example = host.form.query_one("#task-due", Input).placeholder
        assert date.fromisoformat(example) > FORMS_NOW.date()
