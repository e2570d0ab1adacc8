"""Ticket tabs obey the digit keys (issue #18 item 1).

Before the fix each tab switch queued a focus request for its pane's table that ran after the
next switch; focusing a widget in a hidden pane made TabbedContent show that pane again, which
queued another focus: the tab bar kept switching by itself, and a later key was undone.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from tests.pilot_support import TICKET_SIZE

from .harness import TicketHost, settle, wait_loaded

KEY_TAB = {
    "1": "tab-conversation",
    "2": "tab-time",
    "3": "tab-tasks",
    "4": "tab-activities",
    "5": "tab-related",
}


async def test_each_digit_shows_its_tab_after_the_related_tab(tmp_path: Path) -> None:
    """The reported sequence `5 2 4 1 3 1`, keys apart: every key leaves its own tab showing."""
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        tabs = screen.query_one("#ticket-tabs", TabbedContent)
        for key in "524131":
            await pilot.press(key)
            await settle(pilot, screen)
            await pilot.pause(0.05)
            assert tabs.active == KEY_TAB[key], f"after {key}"
            # and it stays: nothing switches it back while the agent reads
            for _ in range(5):
                await pilot.pause()
            assert tabs.active == KEY_TAB[key], f"after {key}, a moment later"
            focused = screen.focused
            assert focused is not None and tabs.active_pane in focused.ancestors_with_self


async def test_a_burst_of_digits_settles_on_the_last_key(tmp_path: Path) -> None:
    """`2 3 4 5 1 2 3 4 5` in one burst ends on Related and the tab bar then stays still."""
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        tabs = screen.query_one("#ticket-tabs", TabbedContent)
        switches: list[str] = []
        tabs.watch(tabs, "active", lambda active: switches.append(active), init=False)
        for key in "234512345":
            await pilot.press(key)
        await settle(pilot, screen)
        await pilot.pause(0.1)
        assert tabs.active == "tab-related"
        seen = len(switches)
        for _ in range(20):
            await pilot.pause()
        assert len(switches) == seen, f"kept switching: {switches[seen:][:10]}"
        assert tabs.active == "tab-related"
