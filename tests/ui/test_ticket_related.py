"""Related tab: the requester's other open tickets (free, from the mirror) and the ticket's
assets (one call, only when the tab opens), with links made and undone from the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from fstui.api.errors import ServerError
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.screens.assets import AssetDetailScreen
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.screens.ticket.related import RelatedPane
from tests.pilot_support import TICKET_SIZE, SnapCompare, sandbox_db, until

from .harness import TicketHost, busy, other_client, settle, type_text, wait_loaded


async def linked_on_server(host: TicketHost, ticket_id: int) -> list[int]:
    assert host.session is not None
    async with other_client(host.session) as client:
        ticket = await client.get_ticket(ticket_id, include=("assets",))
    return [a["display_id"] for a in (ticket.model_extra or {}).get("assets") or []]


async def open_related(pilot: Pilot[Any]) -> tuple[TicketScreen, RelatedPane]:
    screen = await wait_loaded(pilot)
    pane = screen.query_one(RelatedPane)
    await pilot.press("5")
    await until(pilot, lambda: pane.loaded, what="related tab")
    await settle(pilot, screen)
    return screen, pane


async def test_related_costs_nothing_until_opened_then_one_call(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        assert host.session is not None
        budget = host.session.client.budget
        before = budget().credits_spent
        await pilot.pause(0.1)
        assert budget().credits_spent == before  # nothing loads while the tab stays closed
        pane = screen.query_one(RelatedPane)
        await pilot.press("5")
        await until(pilot, lambda: pane.loaded, what="related tab")
        await settle(pilot, screen)
        # one include=assets read (2) and the links: one view with three embeds (4)
        assert budget().credits_spent - before <= 6
        assert pane.tickets and all(t.id != screen.ticket_id for t in pane.tickets)
        assert pane.tickets[0].requester_id == screen.ticket.requester_id  # type: ignore[union-attr]
        assert [a.display_id for a in pane.assets] == await linked_on_server(host, screen.ticket_id)


async def test_enter_on_a_related_ticket_opens_it(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_related(pilot)
        other = pane.tickets[0].id
        pane.query_one("#related-tickets").focus()
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(host.screen, TicketScreen) and host.screen is not screen,
            what="related ticket pushed",
        )
        assert host.ticket_screen.ticket_id == other
        await pilot.press("escape")
        await until(pilot, lambda: host.screen is screen, what="back")


async def test_enter_on_an_asset_opens_the_asset(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        _, pane = await open_related(pilot)
        wanted = pane.assets[0].display_id
        pane.query_one("#related-assets").focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(host.screen, AssetDetailScreen), what="asset detail")
        assert getattr(host.screen, "display_id", wanted) == wanted


async def test_link_by_tag_and_unlink_with_confirm(tmp_path: Path) -> None:
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_related(pilot)
        assert host.session is not None
        ticket_id = screen.ticket_id
        db = sandbox_db(host.session)
        already = set(await linked_on_server(host, ticket_id))
        extra = next(
            a for d, a in sorted(db.assets.items()) if d not in already and a.get("asset_tag")
        )
        pane.query_one("#related-assets").focus()
        await pilot.press("l")
        await until(pilot, lambda: isinstance(host.screen, PromptScreen), what="prompt")
        await type_text(pilot, extra["asset_tag"])
        await pilot.press("enter")
        await until(
            pilot,
            lambda: any(a.display_id == extra["display_id"] for a in pane.assets),
            what="asset linked",
        )
        await settle(pilot, screen)
        assert set(await linked_on_server(host, ticket_id)) == already | {extra["display_id"]}

        table = pane.query_one("#related-assets")
        row = [a.display_id for a in pane.assets].index(extra["display_id"])
        table.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.press("u")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("n")  # changed my mind: nothing happens
        await settle(pilot, screen)
        assert extra["display_id"] in await linked_on_server(host, ticket_id)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(host.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(
            pilot,
            lambda: all(a.display_id != extra["display_id"] for a in pane.assets),
            what="asset unlinked",
        )
        await settle(pilot, screen)
        assert set(await linked_on_server(host, ticket_id)) == already
        # The link writes moved updated_at; a property edit now must not see a false conflict.
        await pilot.press("P")
        await until(pilot, lambda: host.screen is not screen, what="picker")
        await type_text(pilot, "low")
        await pilot.press("enter")
        await settle(pilot, screen)
        assert not isinstance(host.screen, ConfirmScreen)
        assert screen.ticket is not None and screen.ticket.priority == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_related_tab_snapshot(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(RelatedPane)
        await pilot.press("5")
        await until(pilot, lambda: pane.loaded, what="related")
        await until(pilot, lambda: not busy(screen), what="idle")
        await pilot.pause()

    assert snap_compare(
        TicketHost(tmp_path, need="related"), terminal_size=size, run_before=run_before
    )


async def test_requester_assets_opens_the_browser_narrowed_to_that_user(tmp_path: Path) -> None:
    from fstui.ui.screens.assets import AssetScreen
    from fstui.ui.widgets.fast_table import FastTable

    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        requester = screen.ticket.requester_id  # type: ignore[union-attr]
        assert host.session is not None
        db = sandbox_db(host.session)
        used = sorted(a["display_id"] for a in db.assets.values() if a.get("user_id") == requester)
        assert used, "the demo ticket's requester should use at least one asset"
        await pilot.press("R")
        await until(pilot, lambda: isinstance(host.screen, AssetScreen), what="assets")
        table = host.screen.query_one(FastTable)
        await until(pilot, lambda: not host.screen.fetching, what="asset rows")
        shown = sorted(k for k in table.visible_keys() if isinstance(k, int))
        assert shown == used


async def test_an_unknown_tag_keeps_the_link_dialog_open_with_the_reason(tmp_path: Path) -> None:
    """Issue #18 item 14: the dialog used to close on an unknown tag (start over)."""
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen, pane = await open_related(pilot)
        assert host.session is not None
        already = set(await linked_on_server(host, screen.ticket_id))
        pane.query_one("#related-assets").focus()
        await pilot.press("l")
        await until(pilot, lambda: isinstance(host.screen, PromptScreen), what="prompt")
        await type_text(pilot, "NO-SUCH-TAG")
        await pilot.press("enter")
        problem = lambda: str(host.screen.query_one("#prompt-problem").render())  # noqa: E731
        await until(pilot, lambda: "No asset with tag NO-SUCH-TAG" in problem(), what="reason")
        assert isinstance(host.screen, PromptScreen), "the dialog stays to fix the tag"
        assert host.screen.query_one(Input).value == "NO-SUCH-TAG"
        assert set(await linked_on_server(host, screen.ticket_id)) == already


async def test_links_that_cannot_be_read_leave_the_assets_shown_and_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The links and the assets are asked together: one failing does not hide the other."""
    from fstui.ui.screens.ticket import related

    async def unavailable(*args: Any, **kwargs: Any) -> Any:
        raise ServerError("Service Unavailable", status=503)

    monkeypatch.setattr(related, "ticket_links", unavailable)
    host = TicketHost(tmp_path, need="related")
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        pane = screen.query_one(RelatedPane)
        await pilot.press("5")
        await until(pilot, lambda: pane.loaded, what="the related tab")
        await settle(pilot, screen)
        on_server = await linked_on_server(host, screen.ticket_id)
        assert on_server and [a.display_id for a in pane.assets] == on_server
        status = str(pane.query_one(".pane-status", Static).render())
        assert "503" in status or "unavailable" in status.lower(), status
