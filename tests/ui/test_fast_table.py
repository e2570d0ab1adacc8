"""FastTable as an agent drives it: keys, filter, sort, marks and data refreshes."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import App, ComposeResult
from textual.message import Message
from textual.strip import Strip

from fstui.ui.widgets.fast_table import Column, FastTable, layout_columns

COLUMNS = (
    Column("id", "ID", width=6, align="right"),
    Column("subject", "Subject", min_width=10),
    Column("status", "Status", width=8, drop_order=1),
    Column("agent", "Agent", min_width=8, drop_order=2),
    Column("group", "Group", min_width=8, drop_order=3),
)


@dataclass(frozen=True)
class Ticket:
    id: int
    subject: str
    status: str
    agent: str
    group: str


def make_tickets(count: int, start: int = 0) -> list[Ticket]:
    statuses = ("Open", "Pending", "Resolved")
    return [
        Ticket(i, f"Printer {i} on floor {i % 5}", statuses[i % 3], f"Agent {i % 4}", "Desk")
        for i in range(start, start + count)
    ]


def cells(ticket: Ticket) -> Sequence[str | Text]:
    status = Text(ticket.status, style="red" if ticket.status == "Open" else "")
    return (str(ticket.id), ticket.subject, status, ticket.agent, ticket.group)


def sort_key(ticket: Ticket, column: str) -> object:
    return getattr(ticket, column)


class TableApp(App[None]):
    def __init__(self, tickets: Sequence[Ticket]) -> None:
        super().__init__()
        self.tickets = tickets
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield FastTable[Ticket](COLUMNS)

    def on_mount(self) -> None:
        table = self.table
        table.set_rows(self.tickets, key=lambda t: t.id, cells=cells, sort_keys=sort_key)
        table.focus()

    @property
    def table(self) -> FastTable[Ticket]:
        return self.query_one(FastTable)

    def on_fast_table_cursor_moved(self, message: FastTable.CursorMoved) -> None:
        self.messages.append(message)

    def on_fast_table_row_activated(self, message: FastTable.RowActivated) -> None:
        self.messages.append(message)

    def on_fast_table_marks_changed(self, message: FastTable.MarksChanged) -> None:
        self.messages.append(message)

    def on_fast_table_sort_changed(self, message: FastTable.SortChanged) -> None:
        self.messages.append(message)


def screen_lines(table: FastTable[Ticket]) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def cursor_of(table: FastTable[Ticket]) -> Hashable | None:
    """The cursor key, read through a call so each assert sees the live value."""
    return table.cursor_key


def row_line(table: FastTable[Ticket], key: Hashable) -> str:
    """The on-screen line showing the ticket with this id."""
    for line in screen_lines(table)[1:]:
        words = line.replace("●", " ").split()
        if words and words[0] == str(key):
            return line
    raise AssertionError(f"row {key} not on screen")


async def test_up_down_and_vim_keys_move_the_cursor() -> None:
    app = TableApp(make_tickets(50))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("down", "down", "j")
        assert table.cursor_row == 3
        assert cursor_of(table) == 3
        await pilot.press("up", "k")
        assert cursor_of(table) == 1
        await pilot.press("up", "up", "up")
        assert table.cursor_row == 0, "the cursor stops at the first row"


async def test_page_keys_move_by_one_screen_of_rows() -> None:
    app = TableApp(make_tickets(100))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        page = table.size.height - 1  # one line is the header
        await pilot.press("pagedown")
        assert table.cursor_row == page
        await pilot.press("ctrl+f")
        assert table.cursor_row == 2 * page
        await pilot.press("ctrl+b")
        assert table.cursor_row == page
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert str(table.cursor_key) in "".join(screen_lines(table)), "cursor row is scrolled in"


async def test_g_and_shift_g_jump_to_first_and_last_row() -> None:
    app = TableApp(make_tickets(500))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("G")
        await pilot.pause()
        assert cursor_of(table) == 499
        lines = screen_lines(table)
        assert lines[-1].split()[0] == "499", "the last row is at the bottom of the screen"
        assert lines[0].split()[:2] == ["ID", "Subject"], "the header stays pinned"
        await pilot.press("g")
        await pilot.pause()
        assert cursor_of(table) == 0
        assert screen_lines(table)[1].split()[0] == "0"
        await pilot.press("end", "home")
        assert cursor_of(table) == 0


async def test_filter_narrows_and_clears() -> None:
    tickets = make_tickets(300)
    app = TableApp(tickets)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("down")
        typed = ""
        for char in "FLOOR 3":
            typed += char
            table.set_filter(typed)
            expected = [
                t.id
                for t in tickets
                if typed.casefold()
                in " ".join(c.plain if isinstance(c, Text) else c for c in cells(t)).casefold()
            ]
            assert table.visible_keys() == expected, typed
        assert table.visible_count == 60
        assert table.total_count == 300
        assert cursor_of(table) == 3, "the cursor leaves a row the filter hid for the first match"
        table.set_filter("floor")  # backspacing widens the filter again
        assert table.visible_count == 300
        assert cursor_of(table) == 3
        table.set_filter("no such ticket")
        assert table.visible_count == 0
        assert cursor_of(table) is None
        assert table.current_row is None
        await pilot.press("down", "space", "enter")  # harmless on an empty view
        table.set_filter("")
        assert table.visible_count == 300


async def test_filter_uses_search_text_when_given() -> None:
    app = TableApp(make_tickets(10))
    async with app.run_test(size=(80, 20)):
        table = app.table
        table.set_rows(
            make_tickets(10),
            key=lambda t: t.id,
            cells=cells,
            search_text=lambda t: "needle" if t.id == 7 else "hay",
        )
        table.set_filter("NEEDLE")
        assert table.visible_keys() == [7]


async def test_sort_toggles_direction_and_keeps_the_cursor_row() -> None:
    app = TableApp(make_tickets(200))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("down", "down", "down", "down", "down")
        table.sort_by("agent")
        await pilot.pause()
        assert cursor_of(table) == 5
        header = screen_lines(table)[0]
        assert "Agent ▲" in header
        assert "5" in row_line(table, 5), "the cursor row stays on screen"
        agents = [t.agent for t in map(table.row_for_key, table.visible_keys()) if t]
        assert agents == sorted(agents)

        table.sort_by("agent")
        await pilot.pause()
        assert "Agent ▼" in screen_lines(table)[0]
        agents = [t.agent for t in map(table.row_for_key, table.visible_keys()) if t]
        assert agents == sorted(agents, reverse=True)
        assert cursor_of(table) == 5

        table.sort_by("id", reverse=True)
        assert table.visible_keys()[:3] == [199, 198, 197]
        await pilot.pause()
        sorts = [m for m in app.messages if isinstance(m, FastTable.SortChanged)]
        assert [(m.column_key, m.reverse) for m in sorts] == [
            ("agent", False),
            ("agent", True),
            ("id", True),
        ]


async def test_sort_without_sort_keys_orders_by_cell_text() -> None:
    app = TableApp(make_tickets(20))
    async with app.run_test(size=(80, 20)):
        table = app.table
        table.set_rows(make_tickets(20), key=lambda t: t.id, cells=cells)
        table.sort_by("status")
        statuses = [t.status for t in map(table.row_for_key, table.visible_keys()) if t]
        assert statuses == sorted(statuses)


async def test_clicking_a_header_sorts_by_that_column() -> None:
    app = TableApp(make_tickets(30))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        x = screen_lines(table)[0].index("Status")
        await pilot.click(FastTable, offset=(x, 0))
        assert table.sort_column == "status"


async def test_space_marks_and_moves_down_mark_all_and_none() -> None:
    app = TableApp(make_tickets(40))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("space", "space")
        await pilot.pause()
        assert table.marked_keys == {0, 1}
        assert cursor_of(table) == 2
        assert row_line(table, 0).startswith("●")
        assert not row_line(table, 2).startswith("●")
        await pilot.press("up", "space")
        assert table.marked_keys == {0}

        table.set_filter("floor 2")
        table.mark_all()
        assert table.marked_keys == {0} | {t.id for t in make_tickets(40) if t.id % 5 == 2}
        table.set_filter("")
        table.mark_none()
        await pilot.pause()
        assert table.marked_keys == frozenset()
        assert not any(line.startswith("●") for line in screen_lines(table))
        counts = [m.count for m in app.messages if isinstance(m, FastTable.MarksChanged)]
        assert counts == [1, 2, 1, 9, 0]


async def test_set_rows_keeps_cursor_and_marks_by_key() -> None:
    app = TableApp(make_tickets(100))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        table.cursor_row = 30
        await pilot.pause()
        table.toggle_mark(3)
        table.toggle_mark(31)
        screen_row = table.cursor_row - round(table.scroll_y)
        # A refresh arrives: the first 5 tickets were closed and five new ones came in.
        refreshed = make_tickets(100, start=5)
        table.set_rows(refreshed, key=lambda t: t.id, cells=cells, sort_keys=sort_key)
        await pilot.pause()
        assert cursor_of(table) == 30
        assert table.cursor_row == 25
        assert table.cursor_row - round(table.scroll_y) == screen_row, "the row did not jump"
        assert table.marked_keys == {31}


async def test_set_rows_when_cursor_row_vanishes_keeps_the_position() -> None:
    app = TableApp(make_tickets(50))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("down", "down", "down")
        survivors = [t for t in make_tickets(50) if t.id != 3]
        table.set_rows(survivors, key=lambda t: t.id, cells=cells)
        assert cursor_of(table) == 4, "the next row slides under the cursor"


async def test_update_rows_replaces_and_adds_without_moving_the_view() -> None:
    tickets = make_tickets(100)
    app = TableApp(tickets)
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        table.sort_by("id", reverse=True)
        await pilot.press("g", "down", "down", "down", "down", "down")
        await pilot.pause()
        assert cursor_of(table) == 94
        before = screen_lines(table)
        changed = replace(tickets[90], subject="Printer on fire")
        table.update_rows([changed, Ticket(100, "New ticket", "Open", "Agent 1", "Desk")])
        await pilot.pause()
        assert cursor_of(table) == 94
        assert table.total_count == 101
        assert "Printer on fire" in row_line(table, 90)
        after = screen_lines(table)
        assert before.index(row_line_in(before, 94)) == after.index(row_line(table, 94)), (
            "the cursor row stays on the same screen line"
        )
        await pilot.press("g")
        assert cursor_of(table) == 100, "the new ticket sorts in at the top"


async def test_remove_rows_drops_rows_and_their_marks() -> None:
    app = TableApp(make_tickets(20))
    async with app.run_test(size=(80, 20)) as pilot:
        table = app.table
        await pilot.press("down", "down", "space")
        assert table.marked_keys == {2}
        assert cursor_of(table) == 3
        table.remove_rows([2, 3, 999])
        assert table.total_count == 18
        assert table.marked_keys == frozenset()
        assert cursor_of(table) == 4


def row_line_in(lines: list[str], key: int) -> str:
    return next(line for line in lines[1:] if line.split()[0] == str(key))


async def test_narrow_terminal_drops_columns_by_drop_order() -> None:
    for width, expected in (
        (80, ["ID", "Subject", "Status", "Agent", "Group"]),
        (46, ["ID", "Subject", "Status", "Agent", "Group"]),
        (45, ["ID", "Subject", "Status", "Agent"]),
        (36, ["ID", "Subject", "Status"]),
        (27, ["ID", "Subject"]),
    ):
        app = TableApp(make_tickets(5))
        async with app.run_test(size=(width, 10)):
            header = screen_lines(app.table)[0]
            assert header.split() == expected, width


def test_layout_shares_spare_width_between_flexible_columns() -> None:
    slots = layout_columns(COLUMNS, 80)
    widths = {slot.column.key: slot.width for slot in slots}
    assert widths["id"] == 6 and widths["status"] == 8
    assert (
        max(widths["subject"], widths["agent"], widths["group"])
        - min(widths["subject"], widths["agent"], widths["group"])
        <= 2
    )
    last = slots[-1]
    assert last.x + last.width == 80, "the columns fill the width exactly"


def test_layout_never_drops_columns_with_drop_order_zero() -> None:
    slots = layout_columns(COLUMNS, 10)
    assert [slot.column.key for slot in slots] == ["id", "subject"]


async def test_hostile_cell_text_is_shown_literally() -> None:
    hostile = "[bold]x[/] [@click=app.quit]y[/]"
    tickets = [
        Ticket(1, hostile, "Open", "A", "G"),
        Ticket(2, "line\nbreak\x1b[31m", "Open", "A", "G"),
    ]
    app = TableApp(tickets)
    async with app.run_test(size=(140, 10)) as pilot:
        table = app.table
        assert hostile in row_line(table, 1)
        assert "line break [31m" in row_line(table, 2), "control characters cannot break the line"
        await pilot.click(FastTable, offset=(12, 1))
        await pilot.pause()
        assert app.is_running, "markup in a subject is not an action"


async def test_text_cells_keep_their_style() -> None:
    app = TableApp(make_tickets(5))
    async with app.run_test(size=(80, 10)):
        table = app.table
        strip = table.render_line(1)  # ticket 0 is Open
        open_segments = [s for s in strip if s.text.strip() == "Open"]
        assert open_segments and open_segments[0].style is not None
        assert open_segments[0].style.color is not None
        assert open_segments[0].style.color.name == "red"


async def test_long_cells_are_truncated_with_an_ellipsis() -> None:
    tickets = [Ticket(1, "A very long subject " * 10, "Open", "Agent", "Group")]
    app = TableApp(tickets)
    async with app.run_test(size=(60, 10)):
        line = row_line(app.table, 1)
        assert "…" in line
        assert len(line) == app.table.scrollable_content_region.width


async def test_enter_activates_and_cursor_moves_are_announced() -> None:
    app = TableApp(make_tickets(10))
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        moved = [m.key for m in app.messages if isinstance(m, FastTable.CursorMoved)]
        assert moved == [0, 1, 2]
        activated = [m.key for m in app.messages if isinstance(m, FastTable.RowActivated)]
        assert activated == [2]


async def test_cells_are_computed_only_for_rows_on_screen() -> None:
    computed: list[int] = []

    def counting_cells(ticket: Ticket) -> Sequence[str | Text]:
        computed.append(ticket.id)
        return cells(ticket)

    app = TableApp([])
    async with app.run_test(size=(80, 20)) as pilot:
        app.table.set_rows(make_tickets(10_000), key=lambda t: t.id, cells=counting_cells)
        await pilot.pause()
        assert 0 < len(set(computed)) <= 20
        computed.clear()
        await pilot.press("down")
        await pilot.pause()
        assert computed == [], "moving the cursor reuses the cached cells"


async def test_bindings_are_described_and_remappable() -> None:
    bindings = [b for b in FastTable.BINDINGS if not isinstance(b, tuple)]
    assert all(b.id and b.description for b in bindings)
    app = TableApp(make_tickets(10))
    async with app.run_test(size=(80, 20)) as pilot:
        app.set_keymap({"fast_table.cursor_down": "n"})
        await pilot.press("n", "n")
        assert cursor_of(app.table) == 2


class CountingTable(FastTable[Ticket]):
    lines_rendered = 0

    def render_line(self, y: int) -> Strip:
        CountingTable.lines_rendered += 1
        return super().render_line(y)


async def test_an_idle_table_does_not_repaint() -> None:
    class IdleApp(TableApp):
        def compose(self) -> ComposeResult:
            yield CountingTable(COLUMNS)

    app = IdleApp(make_tickets(1000))
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        before = CountingTable.lines_rendered
        await pilot.pause(0.4)
        assert CountingTable.lines_rendered == before
        await pilot.press("down")
        await pilot.pause()
        assert 0 < CountingTable.lines_rendered - before <= 2, "a cursor move repaints two lines"
