"""The notification list with Pilot: what it shows, what enter opens, and how it closes."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from fstui.ui.screens.notifications import NotificationsScreen

from .harness import NOTIFICATIONS_AT, NotificationsHost, sample_notifications


async def test_enter_opens_the_highlighted_ticket_and_closes_the_list() -> None:
    app = NotificationsHost(sample_notifications())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.opened == [102]
        assert app.result == [102]
        assert not isinstance(app.screen, NotificationsScreen)


async def test_a_notification_without_a_ticket_only_rings() -> None:
    app = NotificationsHost(sample_notifications())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("end", "enter")  # the approval: no ticket to open
        await pilot.pause()
        assert app.opened == [] and isinstance(app.screen, NotificationsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [None] and not isinstance(app.screen, NotificationsScreen)


async def test_unread_ones_are_counted_and_marked() -> None:
    app = NotificationsHost(sample_notifications(), seen_at=NOTIFICATIONS_AT - 1000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("Vertical")
        assert box.border_title == "Notifications (2 new)"
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0].startswith("● assigned")
        assert prompts[2].startswith("  reply") and "(quiet hours)" in prompts[2]
        assert "[bold red]Printer[/] on floor 3 jams" in prompts[1]  # markup shown literally


async def test_an_empty_list_says_what_will_appear_there() -> None:
    app = NotificationsHost([])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#notifications-empty", Static)
        assert "assigned to you" in str(empty.render())
        await pilot.press("q")
        await pilot.pause()
        assert app.result == [None]
