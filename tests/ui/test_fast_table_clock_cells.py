"""An idle minute redraws only the lines whose words moved (issue #22: idle bytes).

The queue's minute tick used to invalidate every cell and repaint the whole table (about 7 KB to
the terminal a minute when one age changed). `refresh_changed_cells` recomputes the rows on
screen, asks for a repaint of the changed lines only, and shows their new words.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from fstui.ui.widgets.fast_table import Column, FastTable

COLUMNS = (Column("id", "ID", width=6, align="right"), Column("age", "Age", min_width=10))


class ClockApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.minute = 0

    def compose(self) -> ComposeResult:
        yield FastTable[int](COLUMNS)

    def on_mount(self) -> None:
        self.query_one(FastTable).set_rows(
            list(range(1, 41)), key=lambda i: i, cells=self.cells, sort_keys=lambda i, c: i
        )

    def cells(self, row: int) -> Sequence[str | Text]:
        # rows 3 and 7 are "young": their age moves with the minute; the rest say "old"
        return (str(row), f"{self.minute}m ago" if row in (3, 7) else "old")


async def test_only_the_lines_whose_words_moved_are_redrawn() -> None:
    app = ClockApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        assert "0m ago" in table.render_line(3).text
        asked: list[Region] = []
        original = table.refresh

        def spy(*regions: Region, **kwargs: object) -> object:
            asked.extend(regions)
            return original(*regions, **kwargs)  # type: ignore[arg-type]

        table.refresh = spy  # type: ignore[method-assign]
        app.minute = 1
        assert table.refresh_changed_cells() == 2
        assert sorted(r.y for r in asked) == [3, 7]  # header is line 0: rows 3 and 7
        assert all(r.height == 1 for r in asked)
        await pilot.pause()
        assert "1m ago" in table.render_line(3).text and "1m ago" in table.render_line(7).text
        asked.clear()
        assert table.refresh_changed_cells() == 0 and asked == []  # nothing moved: no paint


async def test_rows_off_screen_show_fresh_words_when_scrolled_in() -> None:
    app = ClockApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        app.minute = 5
        table.refresh_changed_cells()  # rows 3 is on screen; row 7 is not
        await pilot.press("end")
        await pilot.press("home")
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(1, 6)]
        assert any("5m ago" in line for line in lines)
        table.scroll_to(y=4, animate=False)
        await pilot.pause()
        assert any("5m ago" in table.render_line(y).text for y in range(1, 6))
