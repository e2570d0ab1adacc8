"""What an agent sees of issue #20, with demo data and a fixed clock, at 80x24 and 120x40: the
requested items, approvals and Related tabs, a problem's read-only view, My approvals, the
knowledge search, an article, the web-only approve modal and the child ticket form.

Regenerate after a deliberate visual change with
`.venv/bin/pytest tests/ui/test_itsm_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fstui.ui.messages import OpenItsmRecord, SearchKnowledge
from fstui.ui.modals.knowledge_search import KnowledgeSearch
from fstui.ui.modals.web_only import WebOnlyScreen
from fstui.ui.screens.approvals import MyApprovalsScreen
from fstui.ui.screens.itsm_record import ItsmRecordScreen
from fstui.ui.screens.knowledge import ArticleScreen
from fstui.ui.screens.new_ticket import NewTicketScreen
from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare, sandbox_db, until

from .harness import (
    ItsmHost,
    busy,
    incident_for_child,
    loaded,
    make_app,
    service_request_with_items,
    ticket_with_problem_and_change,
    wait_loaded,
    waiting_for_me,
)


def tab(key: str, pane: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        await pilot.press(key)
        widget = screen.query_one(pane)
        await until(pilot, lambda: bool(getattr(widget, "loaded", False)), what=pane)
        await until(pilot, lambda: not busy(screen), what="idle")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_requested_items_tab(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    host = ItsmHost(tmp_path, service_request_with_items)
    assert snap_compare(host, terminal_size=size, run_before=tab("6", "RequestedItemsPane"))


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_approvals_tab_with_one_waiting(
    snap_compare: SnapCompare, tmp_path: Path, size: Any
) -> None:
    host = ItsmHost(tmp_path, service_request_with_items, waiting_for_me)
    assert snap_compare(host, terminal_size=size, run_before=tab("7", "ApprovalsPane"))


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_related_tab_with_problem_and_change(
    snap_compare: SnapCompare, tmp_path: Path, size: Any
) -> None:
    host = ItsmHost(tmp_path, ticket_with_problem_and_change)
    assert snap_compare(host, terminal_size=size, run_before=tab("5", "RelatedPane"))


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_problem_view(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    host = ItsmHost(tmp_path, ticket_with_problem_and_change)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        assert host.session is not None
        problem = sandbox_db(host.session).itsm.ticket_problem[host.ticket_screen.ticket_id]
        host.post_message(OpenItsmRecord("problem", problem))
        await until(pilot, lambda: isinstance(host.screen, ItsmRecordScreen), what="view")
        view = host.screen
        assert isinstance(view, ItsmRecordScreen)
        await until(pilot, lambda: view.record is not None, what="loaded", settle=True)
        await pilot.pause()

    assert snap_compare(host, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_my_approvals(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("V")
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, MyApprovalsScreen), "screen")
        screen = app.screen
        assert isinstance(screen, MyApprovalsScreen)
        await until(pilot, lambda: screen.loaded, "loaded", settle=True)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_knowledge_search(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        app = pilot.app
        app.post_message(SearchKnowledge(term="vpn"))
        await until(pilot, lambda: isinstance(app.screen, KnowledgeSearch), "search")
        search = app.screen
        assert isinstance(search, KnowledgeSearch)
        await until(pilot, lambda: search.preview is not None, "preview", settle=True)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_article(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        app = pilot.app
        app.post_message(SearchKnowledge(term="vpn"))
        await until(pilot, lambda: isinstance(app.screen, KnowledgeSearch), "search")
        search = app.screen
        assert isinstance(search, KnowledgeSearch)
        await until(pilot, lambda: search.preview is not None, "preview")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "article")
        article = app.screen
        assert isinstance(article, ArticleScreen)
        await until(pilot, lambda: article.article is not None, "loaded", settle=True)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


def modal_after(key: str, tab_key: str | None, modal: type[Any]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await wait_loaded(pilot)
        if tab_key is not None:
            await pilot.press(tab_key)
            await until(pilot, lambda: not busy(screen), what="tab idle")
            screen.query_one("#approvals-table").focus()
        await pilot.press(key)
        await until(pilot, lambda: isinstance(pilot.app.screen, modal), what="modal")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_approve_is_web_only(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    host = ItsmHost(tmp_path, service_request_with_items, waiting_for_me)
    run_before = modal_after("a", "7", WebOnlyScreen)
    assert snap_compare(host, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_child_ticket_form(snap_compare: SnapCompare, tmp_path: Path, size: Any) -> None:
    """`c`: the new-ticket form for a child, prefilled from the parent."""
    host = ItsmHost(tmp_path, incident_for_child)
    opened = modal_after("c", None, NewTicketScreen)

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened(pilot)
        form = pilot.app.screen
        await until(pilot, lambda: bool(getattr(form, "rows", None)), what="form fields")
        await pilot.pause()

    assert snap_compare(host, terminal_size=size, run_before=run_before)
