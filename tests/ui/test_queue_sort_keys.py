"""`s` sorts only by columns on screen, and the arrow never cuts a header (issue #18 item 6)."""

from __future__ import annotations

from pathlib import Path

from fstui.ui.screens.queue_columns import COLUMNS
from fstui.ui.widgets.fast_table import ASCENDING_GLYPH, DESCENDING_GLYPH, FastTable

from .harness import loaded, make_app


def header_of(table: FastTable[object]) -> str:
    return table.render_line(0).text


async def test_s_cycles_only_the_columns_on_screen_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        shown = table.shown_column_keys()
        sortable = [c.key for c in COLUMNS if c.sortable]
        assert set(sortable) - set(shown), "80 columns should drop some column"
        on_screen = [k for k in sortable if k in shown]
        seen: list[str] = []
        for _ in range(len(on_screen) + 1):
            await pilot.press("s")
            await pilot.pause()
            assert table.sort_column in shown
            assert ASCENDING_GLYPH in header_of(table)  # the arrow is always visible
            seen.append(table.sort_column or "")
        assert seen[:-1] == on_screen
        assert seen[-1] == seen[0]  # and it wraps round


async def test_the_arrow_does_not_cut_the_header(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        for key, label in (("priority", "Priority"), ("updated", "Updated"), ("status", "Status")):
            table.sort_by(key, reverse=False)
            await pilot.pause()
            header = header_of(table)
            assert label in header and "…" not in header, header
            assert f"{label}{ASCENDING_GLYPH}" in header or f"{label} {ASCENDING_GLYPH}" in header
        table.sort_by("priority", reverse=True)
        await pilot.pause()
        assert f"Priority{DESCENDING_GLYPH}" in header_of(table)
