"""Issue #20's screens in the whole app (the 300-ticket demo, frozen clock): My approvals (key
V and the palette) opening the ticket, and the knowledge base from the palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from fstui.ui.commands import ItsmCommands
from fstui.ui.messages import SearchKnowledge
from fstui.ui.modals.knowledge_search import KnowledgeSearch
from fstui.ui.modals.web_only import WebOnlyScreen
from fstui.ui.screens.approvals import MyApprovalsScreen
from fstui.ui.screens.knowledge import ArticleScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import until

from .harness import loaded, make_app, other_client, type_text


async def test_my_approvals_lists_what_waits_for_me_and_enter_opens_the_ticket(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        session = app.session
        assert session is not None
        me = session.store.reference_snapshot().me
        assert me is not None and me.id is not None
        async with other_client(session) as client:
            waiting = [  # reference line 11717: parent=ticket&approver_id=me&status=requested
                a async for a in client.list_approvals(approver_id=me.id, status="requested")
            ]
        assert waiting  # the demo keeps a few waiting for its agent
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, MyApprovalsScreen), "my approvals")
        screen = app.screen
        assert isinstance(screen, MyApprovalsScreen)
        await until(pilot, lambda: screen.loaded, "approvals loaded")
        assert [a.parent_id for a in screen.approvals] == [a.parent_id for a in waiting]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TicketScreen), "ticket opened")
        ticket_screen = app.screen
        assert isinstance(ticket_screen, TicketScreen)
        assert ticket_screen.ticket_id == waiting[0].parent_id


async def test_the_palette_offers_my_approvals_and_a_knowledge_search(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        provider = ItsmCommands(app.screen)
        found = [str(hit.prompt) async for hit in provider.search("kb vpn")]
        assert "Knowledge base: vpn" in found
        found = [str(hit.prompt) async for hit in provider.search("approvals")]
        assert any("My approvals" in f for f in found)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await type_text(pilot, "my approvals")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MyApprovalsScreen), "from palette")


async def test_a_knowledge_search_from_the_palette_reads_an_article(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.post_message(SearchKnowledge(term="password"))
        await until(pilot, lambda: isinstance(app.screen, KnowledgeSearch), "search")
        search = app.screen
        assert isinstance(search, KnowledgeSearch)
        await until(pilot, lambda: bool(search.hits) and search.preview is not None, "hits")
        assert search.mode == "read"
        chosen = search.hits[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "article")
        article = app.screen
        assert isinstance(article, ArticleScreen)
        await until(pilot, lambda: article.article is not None, "article loaded")
        await pilot.pause()
        header = str(article.query_one("#article-header").render())
        assert (chosen.title or "")[:30] in header
        body = str(article.query_one("#article-body").render())
        assert body.strip() and "<p>" not in body


async def test_rejecting_from_my_approvals_is_web_only_and_y_copies_that_ticket(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        session = app.session
        assert session is not None
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, MyApprovalsScreen), "my approvals")
        screen = app.screen
        assert isinstance(screen, MyApprovalsScreen)
        await until(pilot, lambda: screen.loaded and bool(screen.approvals), "loaded")
        await pilot.press("down")
        chosen = screen.selected
        assert chosen is not None and chosen.parent_id is not None
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, WebOnlyScreen), "web only")
        modal = app.screen
        assert isinstance(modal, WebOnlyScreen)
        assert "Rejecting this request" in str(modal.query_one("#webonly-body").render())
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen, "closed")
        assert app.clipboard == session.ticket_url(chosen.parent_id)
        async with other_client(session) as client:
            pager = client.list_approvals(approver_id=chosen.approver_id, status="requested")
            assert chosen.id in [a.id async for a in pager]  # nothing approved or rejected
