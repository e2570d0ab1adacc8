"""A virtual table for queues of 100,000 rows.

Textual's DataTable measures every cell as rows arrive, which costs seconds for a big queue. This
table never measures data: column widths come from the widget width alone, cells are computed only
for the lines on screen, and each keystroke repaints at most the lines that changed. It knows
nothing about tickets; the queue screen and the asset browser hand it rows plus a few callables.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")
Cell = str | Text

GUTTER_WIDTH = 2
"""Room left of the first column for the mark glyph, so marking never shifts the columns."""
SEPARATOR_WIDTH = 1
MARK_GLYPH = "●"
ASCENDING_GLYPH = "▲"
DESCENDING_GLYPH = "▼"

_UNSAFE_CHARS = dict.fromkeys(
    [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
    " ",
)
"""Control, C1 and bidi-override characters become spaces: a hostile subject must not move the
terminal cursor, break the line or reverse the text of the row, and the cell keeps its length so
styled spans stay where the caller put them."""


@dataclass(frozen=True)
class Column:
    """A column as the screens describe it; the table decides the final widths."""

    key: str
    label: str
    width: int | None = None
    """Fixed width in cells; None shares what the fixed columns leave."""
    min_width: int = 4
    drop_order: int = 0
    """On a narrow terminal the highest drop_order vanishes first; 0 is never dropped."""
    align: Literal["left", "right"] = "left"
    sortable: bool = True


@dataclass(frozen=True)
class ColumnSlot:
    """Where a column lands on screen for one widget width."""

    index: int
    """Position of the column in the table's column list (and in each row's cells)."""
    column: Column
    x: int
    width: int


def layout_columns(columns: Sequence[Column], width: int) -> tuple[ColumnSlot, ...]:
    """Place columns for a widget `width` wide, from the column specs alone (never the data).

    Droppable columns go, highest drop_order first (the rightmost on a tie), until the minimum
    widths fit; flexible columns then share what is left evenly.
    """
    kept = list(range(len(columns)))

    def needed(indices: Sequence[int]) -> int:
        cells = sum(_minimum(columns[i]) for i in indices)
        return GUTTER_WIDTH + cells + SEPARATOR_WIDTH * max(0, len(indices) - 1)

    while needed(kept) > width:
        droppable = [i for i in kept if columns[i].drop_order > 0]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda i: (columns[i].drop_order, i)))

    flexible = [i for i in kept if columns[i].width is None]
    flexible_total = max(0, width - needed(kept)) + sum(columns[i].min_width for i in flexible)
    flexible_widths = _share(flexible_total, [columns[i].min_width for i in flexible])
    width_of = dict(zip(flexible, flexible_widths, strict=True))
    slots: list[ColumnSlot] = []
    x = GUTTER_WIDTH
    for i in kept:
        column = columns[i]
        cell_width = column.width if column.width is not None else width_of[i]
        slots.append(ColumnSlot(i, column, x, cell_width))
        x += cell_width + SEPARATOR_WIDTH
    return tuple(slots)


def _share(total: int, minimums: Sequence[int]) -> list[int]:
    """Split `total` cells as evenly as the minimums allow (a column never goes below its own)."""
    widths = list(minimums)
    open_ = [n for n in range(len(minimums))]
    remaining = total
    while open_:
        share = remaining // len(open_)
        pinned = [n for n in open_ if minimums[n] > share]
        if not pinned:
            break
        for n in pinned:
            remaining -= minimums[n]
            open_.remove(n)
    if open_:
        share, extra = divmod(max(0, remaining), len(open_))
        for rank, n in enumerate(open_):
            widths[n] = share + (1 if rank < extra else 0)
    return widths


def _minimum(column: Column) -> int:
    return column.width if column.width is not None else column.min_width


def safe_text(cell: Cell) -> Text:
    """A cell as a Text that cannot inject markup or terminal controls.

    Plain strings are never parsed as markup: ticket subjects are written by strangers.
    """
    if isinstance(cell, Text):
        text = cell.copy()
        plain = text.plain
        cleaned = plain.translate(_UNSAFE_CHARS)
        if cleaned != plain:
            text.plain = cleaned
    else:
        text = Text(cell.translate(_UNSAFE_CHARS))
    text.no_wrap = True
    text.end = ""
    return text


def fit_text(text: Text, width: int, align: Literal["left", "right"]) -> Text:
    """Truncate with an ellipsis and pad to exactly `width` cells, keeping the cell's styles."""
    if width <= 0:
        return Text("")
    fitted = text.copy()
    fitted.truncate(width, overflow="ellipsis")
    pad = width - fitted.cell_len
    if pad > 0:
        if align == "right":
            fitted.pad_left(pad)
        else:
            fitted.pad_right(pad)
    return fitted


def _sorted_positions(
    positions: Sequence[int], key_of: Callable[[int], Any], reverse: bool
) -> list[int]:
    """Sort row positions by key; rows whose key is None go last in both directions."""
    present: list[tuple[Any, int]] = []
    missing: list[int] = []
    for position in positions:
        value = key_of(position)
        if value is None:
            missing.append(position)
        else:
            present.append((value, position))
    try:
        present.sort(key=lambda pair: pair[0], reverse=reverse)
    except TypeError:
        # Mixed key types (an int beside a str) still sort, by text, rather than crash the view.
        present.sort(key=lambda pair: str(pair[0]), reverse=reverse)
    return [position for _, position in present] + missing


class FastTable(ScrollView, Generic[RowT], can_focus=True, inherit_bindings=False):
    """A line-rendered table: no widget per row, no layout per update."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous row", show=False, id="fast_table.cursor_up"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="fast_table.cursor_down"),
        Binding("pageup,ctrl+b", "cursor_page_up", "Page up", show=False, id="fast_table.page_up"),
        Binding(
            "pagedown,ctrl+f",
            "cursor_page_down",
            "Page down",
            show=False,
            id="fast_table.page_down",
        ),
        Binding("home,g", "cursor_first", "First row", show=False, id="fast_table.first"),
        Binding("end,G", "cursor_last", "Last row", show=False, id="fast_table.last"),
        Binding("space", "toggle_mark", "Mark row", id="fast_table.toggle_mark"),
        Binding("enter", "activate", "Open row", id="fast_table.activate"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "fast-table--header",
        "fast-table--cursor",
        "fast-table--marked",
    }

    DEFAULT_CSS = """
    FastTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        & > .fast-table--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .fast-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .fast-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .fast-table--marked {
            color: $text-accent;
            text-style: bold;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the cursor in the visible (filtered, sorted) rows."""

    class _TableMessage(Message):
        """A message about this table; `control` lets handlers match it by id (@on(..., "#x"))."""

        def __init__(self, table: FastTable[Any]) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FastTable[Any]:
            return self.table

    class CursorMoved(_TableMessage):
        """The cursor now rests on another row (or on none: key is None)."""

        def __init__(self, table: FastTable[Any], key: Hashable | None) -> None:
            super().__init__(table)
            self.key = key

    class RowActivated(_TableMessage):
        """The user asked to open the row under the cursor."""

        def __init__(self, table: FastTable[Any], key: Hashable) -> None:
            super().__init__(table)
            self.key = key

    class MarksChanged(_TableMessage):
        """The set of marked rows changed; count is how many are marked now."""

        def __init__(self, table: FastTable[Any], count: int) -> None:
            super().__init__(table)
            self.count = count

    class SortChanged(_TableMessage):
        """The rows are now ordered by another column or direction."""

        def __init__(self, table: FastTable[Any], column_key: str, reverse: bool) -> None:
            super().__init__(table)
            self.column_key = column_key
            self.reverse = reverse

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: tuple[Column, ...] = tuple(columns)
        self._rows: list[RowT] = []
        self._keys: list[Hashable] = []
        self._position_of: dict[Hashable, int] = {}
        self._order: list[int] = []
        """Positions into _rows in display order, before the filter."""
        self._visible: list[int] = []
        """Positions into _rows in display order, after the filter."""
        self._key_fn: Callable[[RowT], Hashable] = _no_key
        self._cells_fn: Callable[[RowT], Sequence[Cell]] = _no_cells
        self._sort_key_fn: Callable[[RowT, str], Any] | None = None
        self._search_text_fn: Callable[[RowT], str] | None = None
        self._search_texts: list[str] | None = None
        self._filter = ""
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._marks: set[Hashable] = set()
        self._row_style_fn: Callable[[RowT], str | None] | None = None
        self._parsed_styles: dict[str, Style] = {}
        self._cell_cache: LRUCache[Hashable, tuple[RowT, tuple[Text, ...]]] = LRUCache(4096)
        self._line_cache: LRUCache[tuple[Hashable, bool, bool, bool], tuple[RowT, Strip]] = (
            LRUCache(1024)
        )
        self._header_cache: Strip | None = None
        self._slots: tuple[ColumnSlot, ...] = ()
        self._slots_width = -1
        self._announced_key: Hashable | None = None
        self.empty_text = ""
        """Shown dimmed under the header when no row is shown (a screen says what empty means:
        "No tickets in this queue"); "" shows nothing."""
        self.empty_filtered_text = ""

    # ----------------------------------------------------------------- read-only state

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_key(self) -> Hashable | None:
        if not self._visible:
            return None
        return self._keys[self._visible[self._clamp(self.cursor_row)]]

    @property
    def current_row(self) -> RowT | None:
        if not self._visible:
            return None
        return self._rows[self._visible[self._clamp(self.cursor_row)]]

    @property
    def marked_keys(self) -> frozenset[Hashable]:
        return frozenset(self._marks)

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def sort_column(self) -> str | None:
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._sort_reverse

    def visible_keys(self) -> list[Hashable]:
        """Keys of the rows that pass the filter, in display order (bulk actions use this)."""
        keys = self._keys
        return [keys[position] for position in self._visible]

    def row_for_key(self, key: Hashable) -> RowT | None:
        position = self._position_of.get(key)
        return None if position is None else self._rows[position]

    # ----------------------------------------------------------------- data

    def set_rows(
        self,
        rows: Sequence[RowT],
        *,
        key: Callable[[RowT], Hashable],
        cells: Callable[[RowT], Sequence[Cell]],
        sort_keys: Callable[[RowT, str], Any] | None = None,
        search_text: Callable[[RowT], str] | None = None,
    ) -> None:
        """Replace the data; the cursor stays on its row and marks on rows that remain."""
        marks_before = len(self._marks)

        def replace_data() -> None:
            self._key_fn = key
            self._cells_fn = cells
            self._sort_key_fn = sort_keys
            self._search_text_fn = search_text
            self._rows = list(rows)
            self._keys = [key(row) for row in self._rows]
            self._position_of = {row_key: i for i, row_key in enumerate(self._keys)}
            self._search_texts = None
            self._line_cache.clear()
            self._marks.intersection_update(self._position_of)
            self._recompute_order()

        self._restructure(replace_data, fallback="following")
        if len(self._marks) != marks_before:
            self.post_message(self.MarksChanged(self, len(self._marks)))

    def invalidate_cells(self) -> None:
        """Recompute every cell on next paint: what they show changed outside the rows
        (names resolved, labels loaded), while the row objects stayed the same."""
        self._cell_cache.clear()
        self._line_cache.clear()
        self._search_texts = None
        self.refresh()

    def refresh_changed_cells(self) -> int:
        """The clock moved on ("5m ago", "in 2h"): recompute the cells of the rows on screen
        and redraw only the lines whose words changed; returns how many did.

        An idle minute changes an age or a countdown on a few rows; repainting the whole table
        sent ~7 KB to the terminal each minute for that (over SSH every byte is latency). Rows
        off screen forget their cells and are recomputed when they scroll in.
        """
        first = round(self.scroll_y)
        shown = range(first, min(first + max(0, self.size.height - 1), len(self._visible)))
        on_screen: set[Hashable] = set()
        changed = 0
        for index in shown:
            position = self._visible[index]
            row, key = self._rows[position], self._keys[position]
            on_screen.add(key)
            fresh = tuple(safe_text(cell) for cell in self._cells_fn(row))
            cached = self._cell_cache.get(key)
            if cached is not None and cached[0] is row and cached[1] == fresh:
                continue
            self._cell_cache.discard(key)  # LRUCache.set keeps an existing entry
            self._cell_cache.set(key, (row, fresh))
            for line_key in [k for k in self._line_cache.keys() if k[0] == key]:  # noqa: SIM118 (no __iter__)
                self._line_cache.discard(line_key)
            self.refresh(Region(0, index - first + 1, self.size.width, 1))
            changed += 1
        for key in [k for k in self._cell_cache.keys() if k not in on_screen]:  # noqa: SIM118
            self._cell_cache.discard(key)
        for line_key in [k for k in self._line_cache.keys() if k[0] not in on_screen]:  # noqa: SIM118
            self._line_cache.discard(line_key)
        self._search_texts = None
        return changed

    def update_rows(self, rows: Iterable[RowT]) -> None:
        """Replace rows by key and add new ones (a delta sync), keeping the view where it is."""
        incoming = list(rows)
        if not incoming:
            return

        def merge() -> None:
            search_texts = self._search_texts
            for row in incoming:
                row_key = self._key_fn(row)
                position = self._position_of.get(row_key)
                if position is None:
                    self._position_of[row_key] = len(self._rows)
                    self._rows.append(row)
                    self._keys.append(row_key)
                    if search_texts is not None:
                        search_texts.append(self._search_text_of(row))
                else:
                    self._rows[position] = row
                    if search_texts is not None:
                        search_texts[position] = self._search_text_of(row)
            self._recompute_order()

        self._restructure(merge, fallback="following")

    def remove_rows(self, keys: Iterable[Hashable]) -> None:
        """Drop rows by key (a ticket left the queue); the cursor moves to the row that follows."""
        gone = set(keys) & self._position_of.keys()
        if not gone:
            return
        kept = [
            row for row, row_key in zip(self._rows, self._keys, strict=True) if row_key not in gone
        ]
        self.set_rows(
            kept,
            key=self._key_fn,
            cells=self._cells_fn,
            sort_keys=self._sort_key_fn,
            search_text=self._search_text_fn,
        )

    def set_filter(self, text: str) -> None:
        """Show only rows whose search text contains `text`, ignoring case; "" shows all."""
        needle = text.casefold()
        if needle == self._filter:
            return
        previous, self._filter = self._filter, needle
        # Typing extends the filter, so each keystroke only rescans the rows still shown.
        narrowing = bool(previous) and previous in needle
        candidates = self._visible if narrowing else self._order
        self._restructure(lambda: self._apply_filter(candidates), fallback="first")

    def sort_by(self, column_key: str, *, reverse: bool | None = None) -> None:
        """Order rows by a column; naming the sorted column again flips the direction."""
        column = self._column(column_key)
        if not column.sortable:
            return
        if reverse is None:
            reverse = not self._sort_reverse if column_key == self._sort_column else False
        self._sort_column = column_key
        self._sort_reverse = reverse
        self._header_cache = None
        self._restructure(self._recompute_order, fallback="following")
        self.post_message(self.SortChanged(self, column_key, reverse))

    def row_style(self, fn: Callable[[RowT], str | None]) -> None:
        """Give rows an extra style (e.g. "bold" for tickets the agent has not seen).

        Rendered lines are cached per row object; call this again when what `fn` reads
        outside the row changes, so the rows on screen are styled afresh.
        """
        self._row_style_fn = fn
        self._line_cache.clear()
        self.refresh()

    def move_cursor_to_key(self, key: Hashable) -> bool:
        """Put the cursor on a row if it is visible; False when it is not."""
        position = self._position_of.get(key)
        if position is None:
            return False
        try:
            index = self._visible.index(position)
        except ValueError:
            return False
        self.cursor_row = index
        return True

    # ----------------------------------------------------------------- marks

    def toggle_mark(self, key: Hashable | None = None) -> None:
        """Mark or unmark a row (the cursor row by default)."""
        target = self.cursor_key if key is None else key
        if target is None or target not in self._position_of:
            return
        if target in self._marks:
            self._marks.discard(target)
        else:
            self._marks.add(target)
        self._refresh_key(target)
        self.post_message(self.MarksChanged(self, len(self._marks)))

    def mark_all(self) -> None:
        """Mark every row the filter shows; marks on hidden rows stay as they were."""
        self._marks.update(self.visible_keys())
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self._marks)))

    def mark_none(self) -> None:
        self._marks.clear()
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self, 0))

    def mark_only(self, keys: Iterable[Hashable]) -> None:
        """Exactly these rows marked (those present): a bulk action's failures, to retry."""
        self._marks = {k for k in keys if k in self._position_of}
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self, len(self._marks)))

    # ----------------------------------------------------------------- actions

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_cursor_page_up(self) -> None:
        self.cursor_row -= self._page_height()

    def action_cursor_page_down(self) -> None:
        self.cursor_row += self._page_height()

    def action_cursor_first(self) -> None:
        self.cursor_row = 0

    def action_cursor_last(self) -> None:
        self.cursor_row = self.visible_count - 1

    def action_toggle_mark(self) -> None:
        self.toggle_mark()
        self.cursor_row += 1

    def action_mark_all(self) -> None:
        self.mark_all()

    def action_mark_none(self) -> None:
        self.mark_none()

    def action_activate(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowActivated(self, key))

    # ----------------------------------------------------------------- cursor

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self._visible) - 1))

    def validate_cursor_row(self, value: int) -> int:
        return self._clamp(value)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self._announce_cursor()

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        if not self.scrollable_content_region.height:
            return
        page = self._page_height()
        top = round(self.scroll_y)
        cursor = self.cursor_row
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, force=True)
        elif cursor >= top + page:
            self.scroll_to(y=cursor - page + 1, animate=False, force=True)

    def _announce_cursor(self) -> None:
        key = self.cursor_key
        if key != self._announced_key:
            self._announced_key = key
            self.post_message(self.CursorMoved(self, key))

    # ----------------------------------------------------------------- restructuring

    def _restructure(
        self, recompute: Callable[[], None], *, fallback: Literal["following", "first"]
    ) -> None:
        """Recompute the visible rows, keeping the cursor row at the same place on screen.

        When the cursor row is gone, "following" puts the cursor on the nearest row that came
        after it (what an agent expects when a ticket leaves the queue); "first" goes to the top.
        """
        old_index = self.cursor_row
        old_following = [self._keys[p] for p in self._visible[old_index : old_index + 64]]
        screen_offset = old_index - round(self.scroll_y)
        recompute()
        new_index: int | None = None
        if fallback == "first":
            new_index = self._visible_index(old_following[:1])
        else:
            new_index = self._visible_index(old_following)
        if new_index is None:
            new_index = old_index if fallback == "following" else 0
        new_index = self._clamp(new_index)
        self.set_reactive(FastTable.cursor_row, new_index)
        self._update_virtual_size()
        if self.scrollable_content_region.height:
            page = self._page_height()
            offset = max(0, min(screen_offset, page - 1))
            self.scroll_to(y=max(0, new_index - offset), animate=False, force=True)
        self.refresh()
        self._announce_cursor()

    def _visible_index(self, candidates: Sequence[Hashable]) -> int | None:
        """Index of the first candidate key that is visible now (the cursor key comes first)."""
        if not candidates:
            return None
        first = self._position_of.get(candidates[0])
        if first is not None:
            try:
                return self._visible.index(first)
            except ValueError:
                pass
        if len(candidates) == 1:
            return None
        index_of = {position: index for index, position in enumerate(self._visible)}
        for key in candidates[1:]:
            position = self._position_of.get(key)
            if position is not None and position in index_of:
                return index_of[position]
        return None

    def _recompute_order(self) -> None:
        positions = range(len(self._rows))
        if self._sort_column is None:
            self._order = list(positions)
        else:
            key_of = self._sort_key_for(self._sort_column)
            self._order = _sorted_positions(positions, key_of, self._sort_reverse)
        self._apply_filter(self._order)

    def _apply_filter(self, candidates: Sequence[int]) -> None:
        needle = self._filter
        if not needle:
            self._visible = list(self._order)
            return
        texts = self._ensure_search_texts()
        self._visible = [position for position in candidates if needle in texts[position]]

    def _ensure_search_texts(self) -> list[str]:
        if self._search_texts is None:
            self._search_texts = [self._search_text_of(row) for row in self._rows]
        return self._search_texts

    def _search_text_of(self, row: RowT) -> str:
        if self._search_text_fn is not None:
            return self._search_text_fn(row).casefold()
        return " ".join(_plain(cell) for cell in self._cells_fn(row)).casefold()

    def _sort_key_for(self, column_key: str) -> Callable[[int], Any]:
        rows = self._rows
        sort_key_fn = self._sort_key_fn
        if sort_key_fn is not None:
            return lambda position: sort_key_fn(rows[position], column_key)
        index = self._columns.index(self._column(column_key))
        cells_fn = self._cells_fn
        return lambda position: _plain(cells_fn(rows[position])[index]).casefold()

    def _column(self, column_key: str) -> Column:
        for column in self._columns:
            if column.key == column_key:
                return column
        raise KeyError(f"no column {column_key!r}")

    def _update_virtual_size(self) -> None:
        # One line more than the rows: line 0 is the header, pinned by render_line.
        self.virtual_size = Size(self._content_width(), len(self._visible) + 1)

    # ----------------------------------------------------------------- rendering

    def _content_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def _layout(self) -> tuple[ColumnSlot, ...]:
        width = self._content_width()
        if width != self._slots_width:
            self._slots_width = width
            self._slots = layout_columns(self._columns, width)
            self._line_cache.clear()
            self._header_cache = None
        return self._slots

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()
        self._header_cache = None

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        slots = self._layout()
        if y == 0:
            return self._render_header(slots, width)
        index = round(self.scroll_y) + y - 1
        words = self.empty_filtered_text if self._filter and self._rows else self.empty_text
        if index == 0 and not self._visible and words:
            text = Text(" " * GUTTER_WIDTH + words, style="dim", no_wrap=True, end="")
            return self._to_strip(text, width, self.rich_style)
        if index >= len(self._visible):
            return Strip.blank(width, self.rich_style)
        return self._render_row(index, slots, width)

    def _render_header(self, slots: Sequence[ColumnSlot], width: int) -> Strip:
        if self._header_cache is not None:
            return self._header_cache
        style = self.rich_style + self.get_component_rich_style("fast-table--header")
        line = Text(" " * GUTTER_WIDTH, style=style, no_wrap=True, end="")
        spilled = False
        for n, slot in enumerate(slots):
            if n and not spilled:
                line.append(" " * SEPARATOR_WIDTH)
            label, spilled = self._header_label(slot)
            line.append_text(fit_text(label, slot.width, slot.column.align))
            if spilled:
                line.append(self._sort_glyph())
        strip = self._to_strip(line, width, style)
        self._header_cache = strip
        return strip

    def _sort_glyph(self) -> str:
        return DESCENDING_GLYPH if self._sort_reverse else ASCENDING_GLYPH

    def _header_label(self, slot: ColumnSlot) -> tuple[Text, bool]:
        """The header of one column, and whether its sort arrow spills into the separator.

        The arrow never costs the label its letters (`Prior… ▲` said less than `Priority▲`):
        `Label ▲` when it fits, else `Label▲`, else the whole label with the arrow in the
        separator after it; only a label wider than its column is cut, and then by the arrow.
        """
        column = slot.column
        label = safe_text(column.label)
        if column.key != self._sort_column:
            return label, False
        glyph = self._sort_glyph()
        length = label.cell_len
        if length + 2 <= slot.width:
            return Text.assemble(label, " ", glyph), False
        if length + 1 <= slot.width:
            return Text.assemble(label, glyph), False
        if length <= slot.width and SEPARATOR_WIDTH == 1:
            return label, True
        cut = fit_text(label, max(0, slot.width - 2), "left")
        cut.rstrip()
        return (Text.assemble(cut, " ", glyph) if cut.plain else Text(glyph)), False

    def shown_column_keys(self) -> list[str]:
        """The keys of the columns on screen at the current width, left to right (a narrow
        terminal drops some); what `s` cycles through."""
        return [slot.column.key for slot in self._layout()]

    def _render_row(self, index: int, slots: Sequence[ColumnSlot], width: int) -> Strip:
        position = self._visible[index]
        row = self._rows[position]
        row_key = self._keys[position]
        is_cursor = index == self.cursor_row
        is_marked = row_key in self._marks
        cache_key = (row_key, is_cursor, is_marked, self.has_focus)
        cached = self._line_cache.get(cache_key)
        if cached is not None and cached[0] is row:
            return cached[1]

        style = self.rich_style
        if self._row_style_fn is not None:
            extra = self._row_style_fn(row)
            if extra:
                style += self._parse_style(extra)
        if is_marked:
            style += self.get_component_rich_style("fast-table--marked", partial=True)
        if is_cursor:
            style += self.get_component_rich_style("fast-table--cursor", partial=True)

        cells = self._cells(row_key, row)
        line = Text(
            f"{MARK_GLYPH} " if is_marked else " " * GUTTER_WIDTH,
            style=style,
            no_wrap=True,
            end="",
        )
        for n, slot in enumerate(slots):
            if n:
                line.append(" " * SEPARATOR_WIDTH)
            cell = cells[slot.index] if slot.index < len(cells) else Text("")
            line.append_text(fit_text(cell, slot.width, slot.column.align))
        strip = self._to_strip(line, width, style)
        self._line_cache.set(cache_key, (row, strip))
        return strip

    def _cells(self, row_key: Hashable, row: RowT) -> tuple[Text, ...]:
        cached = self._cell_cache.get(row_key)
        if cached is not None and cached[0] is row:
            return cached[1]
        cells = tuple(safe_text(cell) for cell in self._cells_fn(row))
        self._cell_cache.set(row_key, (row, cells))
        return cells

    def _parse_style(self, definition: str) -> Style:
        style = self._parsed_styles.get(definition)
        if style is None:
            style = self._parsed_styles[definition] = Style.parse(definition)
        return style

    def _to_strip(self, line: Text, width: int, style: Style) -> Strip:
        segments: list[Segment] = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).simplify()

    # ----------------------------------------------------------------- repainting

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._visible):
            self.refresh_line(index + 1)

    def _refresh_key(self, key: Hashable) -> None:
        position = self._position_of.get(key)
        if position is None:
            return
        top = round(self.scroll_y)
        page = self._page_height()
        # Only rows on screen need a repaint; finding them costs a page, not the whole list.
        for index in range(top, min(top + page, len(self._visible))):
            if self._visible[index] == position:
                self._refresh_row(index)
                return

    # ----------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            for slot in self._layout():
                if slot.x <= offset.x < slot.x + slot.width:
                    self.sort_by(slot.column.key)
                    return
            return
        index = round(self.scroll_y) + offset.y - 1
        if index >= len(self._visible):
            return
        if index == self.cursor_row and event.chain >= 2:
            self.action_activate()
        self.cursor_row = index


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _no_key(row: object) -> Hashable:
    raise RuntimeError("FastTable.update_rows called before set_rows")


def _no_cells(row: object) -> Sequence[Cell]:
    return ()
