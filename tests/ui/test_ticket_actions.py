"""Canned responses, category edits, open-in-browser and triage's move-on, driven by keys
against the in-process sandbox; outcomes are checked on the account or on screen."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest

from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.ticket.browser import graphical_browser
from tests.pilot_support import TICKET_SIZE, sandbox_db, toasts, until

from .harness import TicketHost, other_client, settle, type_text, wait_loaded

# --- canned responses -------------------------------------------------------------------------


async def test_canned_response_goes_in_at_the_cursor_as_plain_text(tmp_path: Path) -> None:
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert host.session is not None
        canned = sandbox_db(host.session).canned_responses[-1]
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        composer = screen.visible_composers()[0]
        await type_text(pilot, "Hi Sam,\n\nBye")
        await pilot.press("up", "end")  # cursor on the empty line between greeting and bye
        budget = host.session.client.budget
        before = budget().credits_spent
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        picker = host.screen
        assert isinstance(picker, PickerScreen)
        assert len(picker.shown) == len(sandbox_db(host.session).canned_responses)
        await type_text(pilot, canned["title"])
        await pilot.press("enter")
        await until(pilot, lambda: canned["content"] in composer.state.text, what="text")
        assert composer.state.text == f"Hi Sam,\n{canned['content']}\nBye"
        assert "<p>" not in composer.state.text
        first_cost = budget().credits_spent - before
        assert first_cost > 0
        # Second use in the session: the list is remembered, no call at all.
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker 2")
        await pilot.press("escape")
        await until(pilot, lambda: host.screen is screen, what="picker closed")
        assert budget().credits_spent - before == first_cost
        assert composer.state.text.endswith("Bye")


# --- category ---------------------------------------------------------------------------------


async def test_category_path_is_saved_with_the_conflict_check(tmp_path: Path) -> None:
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert host.session is not None
        ticket_id = screen.ticket_id
        async with other_client(host.session) as client:
            await client.update_ticket(ticket_id, {"priority": 4})
        await pilot.press("C")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        picker = host.screen
        assert isinstance(picker, PickerScreen)
        labels = [c.label for c in picker.shown]
        assert "Hardware > Peripherals > Headset" in labels and "Network > VPN" in labels
        await type_text(pilot, "headset")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="conflict")
        await pilot.press("n")
        await settle(pilot, screen)
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(ticket_id)
        assert fresh.item_category != "Headset"

        await pilot.press("C")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        await type_text(pilot, "headset")
        await pilot.press("enter")
        await settle(pilot, screen)
        async with other_client(host.session) as client:
            fresh = await client.get_ticket(ticket_id)
        assert (fresh.category, fresh.sub_category, fresh.item_category) == (
            "Hardware",
            "Peripherals",
            "Headset",
        )
        assert fresh.priority == 4
        assert "Hardware > Peripherals > Headset" in str(
            screen.query_one("#ticket-header").render()
        )


# --- open in browser --------------------------------------------------------------------------


class FakeBrowser(webbrowser.BaseBrowser):
    def __init__(self, name: str = "firefox") -> None:
        super().__init__(name)
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def test_graphical_browser_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    firefox = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: firefox)
    assert graphical_browser({}) is firefox
    assert graphical_browser({"SSH_CONNECTION": "1 2 3 4"}) is None
    assert graphical_browser({"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":0"}) is firefox
    lynx = webbrowser.GenericBrowser("lynx")
    monkeypatch.setattr(webbrowser, "get", lambda using=None: lynx)
    assert graphical_browser({}) is None

    def none(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert graphical_browser({}) is None


async def test_o_opens_the_ticket_url_in_a_real_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    firefox = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: firefox)
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("o")
        await until(pilot, lambda: bool(firefox.opened), what="browser opened")
        assert host.session is not None
        assert firefox.opened == [host.session.ticket_url(screen.ticket_id)]


async def test_o_without_a_browser_offers_the_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def none(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("o")
        await until(
            pilot,
            lambda: "No browser here; press y to copy the URL" in toasts(host),
            what="no-browser note",
        )


# --- triage -----------------------------------------------------------------------------------


async def test_taking_a_ticket_off_unassigned_moves_on_to_the_next(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, queue_name="Unassigned open")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert host.session is not None
        ids = list(screen.queue_ids)
        first = screen.ticket_id
        assert first == ids[0] and len(ids) > 2

        # A change that keeps the ticket in the queue: stay put.
        await pilot.press("U")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="picker")
        await type_text(pilot, "high")
        await pilot.press("enter")
        await settle(pilot, screen)
        assert screen.ticket_id == first

        # Taking it (assign to me) takes it off "Unassigned open": on to the next one.
        await pilot.press("T")
        await until(pilot, lambda: screen.ticket_id == ids[1], what="moved on")
        await until(pilot, lambda: any(f"#{first} left Unassigned open" in n for n in toasts(host)))
        await settle(pilot, screen)
        assert screen.ticket is not None and screen.ticket.id == ids[1]
        assert first not in screen.queue_ids
        assert f"#{ids[1]}" in str(screen.query_one("#ticket-header").render())
        async with other_client(host.session) as client:
            taken = await client.get_ticket(first)
        assert taken.responder_id == screen.labels.me_agent_id


async def test_without_a_queue_name_a_write_never_moves_on(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, queue_name="Unassigned open")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        screen.context.queue_name = None  # as opened from the palette: ids, no queue to ask
        first = screen.ticket_id
        await pilot.press("T")
        await settle(pilot, screen)
        assert screen.ticket_id == first
