"""The asset browser against the in-process sandbox: types, paging, query, search, opening."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from fstui.ui.screens.assets import AssetDetailScreen, AssetScreen
from fstui.ui.screens.assets.columns import asset_state
from fstui.ui.widgets.fast_table import FastTable
from tests.pilot_support import sandbox_db, until

from .harness import AssetsTestApp


def browser_app(tmp_path: Path) -> AssetsTestApp:
    return AssetsTestApp(tmp_path, AssetScreen)


def screen_of(app: AssetsTestApp) -> AssetScreen:
    screen = app.screen
    assert isinstance(screen, AssetScreen)
    return screen


def loaded(screen: AssetScreen) -> list[Any]:
    table = screen.table
    return [table.row_for_key(key) for key in table.visible_keys()]


def title(screen: AssetScreen) -> str:
    return str(screen.query_one("#assets-title", Static).render())


async def ready(pilot: Any) -> AssetScreen:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, AssetScreen)
            and not app.screen.fetching
            and app.screen.table.total_count > 0
            and bool(app.screen.types_tree.type_tree.types)
        ),
        settle=True,
    )
    return screen_of(app)


async def test_first_page_shows_at_once_and_more_load_near_the_end(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        total = len([a for a in sandbox_db(app.session).assets.values() if not a["deleted"]])
        assert total > 200, "the demo inventory should span several pages"
        assert screen.table.total_count == 100
        assert screen.paging.more
        # the tree's count is the total while the list API reports none (one wording for both)
        await until(pilot, lambda: f"100 of {total} assets" in title(screen), settle=True)
        await pilot.press("G")
        await until(
            pilot, lambda: screen.table.total_count == 200 and not screen.fetching, settle=True
        )
        await pilot.press("G")
        await until(
            pilot, lambda: screen.table.total_count == total and not screen.paging.more, settle=True
        )
        assert f"{total} of {total} assets" in title(screen)


async def test_choosing_a_type_lists_it_and_its_subtypes(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        db = sandbox_db(app.session)
        by_name = {t["name"]: t["id"] for t in db.asset_types}
        await pilot.press("right_square_bracket")  # the first type in the tree: Hardware
        tree = screen.types_tree.type_tree
        hardware = set(tree.subtree(by_name["Hardware"]))
        assert by_name["Laptop"] in hardware and by_name["Software"] not in hardware
        await until(
            pilot, lambda: screen.listing.type_ids != () and not screen.fetching, settle=True
        )
        rows = loaded(screen)
        assert rows and all(row.asset.asset_type_id in hardware for row in rows)
        assert title(screen).startswith("Hardware")

        # Laptop through the tree itself: cursor onto its node, enter.
        screen.types_tree.focus()
        screen.types_tree.select_type(by_name["Laptop"])
        await pilot.press("enter")
        await until(
            pilot,
            lambda: screen.listing.type_ids == (by_name["Laptop"],) and not screen.fetching,
            settle=True,
        )
        expected = sum(
            1
            for a in db.assets.values()
            if a["asset_type_id"] == by_name["Laptop"] and not a["deleted"]
        )
        assert screen.paging.total == expected
        assert all(row.asset.asset_type_id == by_name["Laptop"] for row in loaded(screen))
        assert screen.table.has_focus


async def test_type_counts_add_up_the_subtree(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        db = sandbox_db(app.session)
        by_name = {t["name"]: t["id"] for t in db.asset_types}
        hardware = screen.types_tree._type_nodes[by_name["Hardware"]]
        live = [a for a in db.assets.values() if not a["deleted"]]
        subtree = set(screen.types_tree.type_tree.subtree(by_name["Hardware"]))
        want = sum(1 for a in live if a["asset_type_id"] in subtree)
        await until(pilot, lambda: str(hardware.label) == f"Hardware {want}", settle=True)
        assert str(screen.types_tree.root.label) == f"All assets {len(live)}"


async def test_a_good_query_filters_on_the_server(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon")
        await pilot.press(*"asset_state:'In Stock'")
        await pilot.press("enter")
        await until(pilot, lambda: screen.listing.query != "" and not screen.fetching, settle=True)
        rows = loaded(screen)
        assert rows and all(asset_state(row.asset) == "In Stock" for row in rows)
        assert not screen.query_one("#assets-error").display
        await pilot.press("escape")  # clears the query and shows everything again
        await until(pilot, lambda: screen.listing.query == "" and not screen.fetching, settle=True)
        assert screen.table.total_count == 100


async def test_a_malformed_query_is_explained_and_never_sent(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        calls_before = screen.store.client.budget().calls_made
        await pilot.press("colon")
        await pilot.press(*"asset_state:'In Stock' AND")
        await pilot.press("enter")
        await pilot.pause()
        error = screen.query_one("#assets-error", Static)
        assert error.display
        shown = str(error.render())
        assert "expected a condition after 'AND'" in shown
        assert shown.splitlines()[-1].strip() == "^"
        assert screen.listing.query == ""
        assert screen.table.total_count == 100
        assert screen.store.client.budget().calls_made == calls_before
        # an unknown field is caught too, pointing at it
        query_box = screen.query_one("#assets-query", Input)
        query_box.value = "colour:'red'"
        await pilot.press("enter")
        await pilot.pause()
        assert "unknown field 'colour'" in str(error.render())


async def test_search_by_tag_and_by_name(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        await pilot.press(*"tag:ASSET-12")
        await pilot.press("enter")
        await until(
            pilot, lambda: screen.listing.search is not None and not screen.fetching, settle=True
        )
        tags = {row.asset.asset_tag for row in loaded(screen)}
        assert "ASSET-12" in tags
        assert all(tag.startswith("ASSET-12") for tag in tags)
        assert "search: tag ~ ASSET-12" in title(screen)

        box = screen.query_one("#assets-search", Input)
        box.value = "dell"
        box.focus()
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                screen.listing.search is not None
                and screen.listing.search.field == "name"
                and not screen.fetching
            ),
            settle=True,
        )
        rows = loaded(screen)
        assert rows and all("dell" in (row.asset.name or "").lower() for row in rows)


async def test_slash_filters_loaded_rows_without_calls(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        calls_before = screen.store.client.budget().calls_made
        first = loaded(screen)[0].asset
        await pilot.press("slash")
        await pilot.press(*(first.asset_tag or ""))
        await pilot.pause()
        keys = screen.table.visible_keys()
        assert first.display_id in keys
        assert "loaded" in title(screen)
        assert screen.store.client.budget().calls_made == calls_before


async def test_sort_by_number_asks_the_api_for_that_order(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("s", "s")  # updated (newest first), then number (lowest first)
        await until(
            pilot, lambda: screen.listing.sort_column == "id" and not screen.fetching, settle=True
        )
        ids = [row.asset.display_id for row in loaded(screen)]
        assert ids == list(range(1, 101)) or ids == sorted(ids)
        assert ids[0] == min(
            a["display_id"] for a in sandbox_db(app.session).assets.values() if not a["deleted"]
        )
        await pilot.press("S")
        await until(pilot, lambda: screen.listing.sort_reverse and not screen.fetching, settle=True)
        ids = [row.asset.display_id for row in loaded(screen)]
        assert ids == sorted(ids, reverse=True)


async def test_enter_opens_the_asset_and_escape_comes_back(tmp_path: Path) -> None:
    app = browser_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        key = screen.table.cursor_key
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AssetDetailScreen), settle=True)
        detail = app.screen
        assert isinstance(detail, AssetDetailScreen) and detail.display_id == key
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, settle=True)
        assert screen.table.cursor_key == key
        assert isinstance(screen.query_one("#assets-table"), FastTable)
