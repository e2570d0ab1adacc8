"""What the asset browser's heading and type pane say (issue #18 item 15 and polish).

Against the in-process demo sandbox: `R`'s listing names whose assets it shows, a typed query is
shown as typed, every count reads `<shown> of <total> assets`, and a type name too long for the
pane at 80x24 is cut with an ellipsis while its count stays in view.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.widgets import Static

from fstui.session import Session
from fstui.ui.screens.assets import AssetScreen
from tests.pilot_support import sandbox_db, until

from .harness import AssetsTestApp

LONG_TYPE = "Mobile Device Management Fleet"


def title(app: Any) -> str:
    return str(app.screen.query_one("#assets-title", Static).render())


def screen_lines(app: Any) -> list[str]:
    """The composed screen as the terminal would show it, one string per row."""
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def settled(app: Any) -> bool:
    screen = app.screen
    return (
        isinstance(screen, AssetScreen)
        and not screen.fetching
        and any(ch.isdigit() for ch in str(screen.types_tree.root.label))
    )


def a_requester_with_assets(session: Session) -> tuple[int, str, int]:
    db = sandbox_db(session)
    used: dict[int, int] = {}
    for asset in db.assets.values():
        if asset["user_id"] is not None and not asset["deleted"]:
            used[asset["user_id"]] = used.get(asset["user_id"], 0) + 1
    user_id = min(used)
    person = db.requester_by_id[user_id]
    return user_id, f"{person['first_name']} {person['last_name']}", used[user_id]


async def test_requester_assets_say_whose_they_are(tmp_path: Path) -> None:
    """`R` on a ticket opens the browser on `user_id:N`: the heading names the person."""
    chosen: dict[str, Any] = {}

    def make(session: Session) -> AssetScreen:
        chosen["user"] = a_requester_with_assets(session)
        return AssetScreen(session, query=f"user_id:{chosen['user'][0]}")

    app = AssetsTestApp(tmp_path, make)
    async with app.run_test(size=(120, 40)) as pilot:
        _, name, count = chosen["user"]
        await until(pilot, lambda: settled(app) and f"used by {name}" in title(app), settle=True)
        assert f"{count} of {count} assets" in title(app)
        assert "query" not in title(app)


async def test_a_typed_query_is_shown_in_the_heading(tmp_path: Path) -> None:
    app = AssetsTestApp(tmp_path, AssetScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: settled(app), settle=True)
        await pilot.press("colon", *"asset_state:'In Stock'", "enter")
        await until(
            pilot, lambda: app.screen.listing.query != "" and not app.screen.fetching, settle=True
        )
        assert "query asset_state:'In Stock'" in title(app)


async def test_counts_read_one_way_for_the_inventory_and_for_a_type(tmp_path: Path) -> None:
    """The whole inventory used to say `100+ assets`, a type `60 of 1107 assets`."""
    app = AssetsTestApp(tmp_path, AssetScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: settled(app), settle=True)
        live = [a for a in sandbox_db(app.session).assets.values() if not a["deleted"]]
        assert re.search(rf"\b100 of {len(live)} assets\b", title(app)), title(app)
        assert "+" not in title(app)
        await pilot.press("right_square_bracket")  # Hardware and its subtypes
        await until(pilot, lambda: app.screen.listing.type_ids != () and settled(app), settle=True)
        screen = app.screen
        hardware = set(screen.types_tree.type_tree.subtree(screen.listing.type_ids[0]))
        want = sum(1 for a in live if a["asset_type_id"] in hardware)
        shown = screen.table.total_count
        assert re.search(rf"\b{shown} of {want} assets\b", title(app)), title(app)
        await pilot.press("slash", *"dell")  # `/` narrows what is loaded, said the same way
        await until(pilot, lambda: screen.table.visible_count < shown, settle=True)
        assert re.search(rf"\b{screen.table.visible_count} of {want} assets\b", title(app))


async def test_a_long_type_name_is_cut_with_an_ellipsis_and_keeps_its_count(
    tmp_path: Path,
) -> None:
    def make(session: Session) -> AssetScreen:
        db = sandbox_db(session)
        for asset_type in db.asset_types:
            if asset_type["name"] == "Mobile Device":
                asset_type["name"] = LONG_TYPE
        return AssetScreen(session)

    app = AssetsTestApp(tmp_path, make)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: settled(app), settle=True)
        tree = app.screen.types_tree
        type_id = next(i for i, t in tree.type_tree.types.items() if t.name == LONG_TYPE)
        subtree = set(tree.type_tree.subtree(type_id))
        live = [a for a in sandbox_db(app.session).assets.values() if not a["deleted"]]
        count = sum(1 for a in live if a["asset_type_id"] in subtree)
        pane = [line[: tree.outer_size.width] for line in screen_lines(app)]
        row = next(line for line in pane if "Mobile Dev" in line)
        assert re.search(rf"Mobile Dev\w*…\s{count}\s*▕?$", row), row
        assert all("…" not in line for line in pane if "Hardware" in line or "Phone" in line)


async def test_with_a_scrollbar_every_type_label_still_ends_in_its_count(tmp_path: Path) -> None:
    """Many types: the tree scrolls, its scrollbar takes columns, and no label loses its count."""

    def make(session: Session) -> AssetScreen:
        db = sandbox_db(session)
        for i in range(30):
            extra = dict(db.asset_types[0], id=21000009000 + i, parent_asset_type_id=None)
            extra["name"] = f"Extra Type Number {i} With A Long Name"
            db.asset_types.append(extra)
        return AssetScreen(session)

    app = AssetsTestApp(tmp_path, make)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: settled(app), settle=True)
        width = app.screen.types_tree.outer_size.width
        rows = [line[:width] for line in screen_lines(app) if "Extra Type" in line[:width]]
        assert len(rows) > 10
        assert all(re.search(r"Extra Type Num\w*… 0\b", row) for row in rows), rows


async def test_a_requester_using_no_asset_is_told_so(tmp_path: Path) -> None:
    """`R` for someone who uses nothing: the list says so in words, with their name."""
    chosen: dict[str, Any] = {}

    def make(session: Session) -> AssetScreen:
        db = sandbox_db(session)
        users = {a["user_id"] for a in db.assets.values() if not a["deleted"]}
        user_id = min(i for i in db.requester_by_id if i not in users)
        person = db.requester_by_id[user_id]
        chosen["name"] = f"{person['first_name']} {person['last_name']}"
        return AssetScreen(session, query=f"user_id:{user_id}")

    app = AssetsTestApp(tmp_path, make)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: settled(app) and "used by" in title(app), settle=True)
        name = chosen["name"]
        assert f"0 of 0 assets  used by {name}" in title(app)
        assert any(f"No assets used by {name}" in line for line in screen_lines(app))
