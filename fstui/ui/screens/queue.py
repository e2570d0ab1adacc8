"""The screen an agent lives in: queues on the left, the tickets of one on the right.

Everything shown comes from the store's local mirror, so switching queues,
filtering and sorting cost no API calls; refreshes are delta syncs in a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.api import Ticket, backoff_delay
from fstui.store.budget_words import describe_budget, room_for
from fstui.store.events import ReferenceChanged, StoreEvent, TicketsChanged
from fstui.store.labels import labels_from
from fstui.store.queues import MY_OPEN
from fstui.text import inert_line, literal, one_line, relative_time
from fstui.ui.context import clock_of, now_of
from fstui.ui.errors import describe_error
from fstui.ui.heap import settle_after_start
from fstui.ui.messages import BrowseAssets, OpenTicket
from fstui.ui.modals.bulk_progress import BulkProgressScreen, BulkResult, BulkStep
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.queue_bulk import bulk_confirmation
from fstui.ui.screens.queue_columns import (
    COLUMNS,
    Row,
    make_cells,
    make_search_text,
    make_sort_key,
)
from fstui.ui.widgets.fast_table import FastTable
from fstui.ui.widgets.key_bar import KeyBar
from fstui.ui.widgets.movement import MOVEMENT_BINDINGS, MovementKeys
from fstui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from fstui.session import Session
    from fstui.ui.modals.picker import Choice

URGENT = 4
UPDATE_CREDITS = 1  # PUT /tickets/{id}: one credit each, against the update-ticket sub-limit


SIDEBAR_WIDTH = 26  # queue.tcss: #queue-list is 27 wide, one of them its border


def sidebar_label(name: str, count: int | None) -> Text:
    """`name (count)` on one sidebar line: a long name is cut with … so the count stays."""
    suffix = f" ({'…' if count is None else count})"
    room = max(4, SIDEBAR_WIDTH - len(suffix))
    shown = name if len(name) <= room else name[: room - 1] + "…"
    return Text(shown + suffix, no_wrap=True, overflow="ellipsis")


class QueueScreen(MovementKeys, Screen[None]):
    """Queues sidebar, ticket table, filter line, status bar."""

    CSS_PATH = str(Path(__file__).with_name("queue.tcss"))

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="queue.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="queue.clear_filter"),
        Binding("colon", "query", "Query", id="queue.query"),
        Binding("d", "forget_query", "Forget query", show=False, id="queue.forget_query"),
        Binding("s", "sort_next", "Sort", id="queue.sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="queue.sort_reverse"),
        Binding("m", "mark_all", "Mark all", show=False, id="queue.mark_all"),
        Binding("M", "mark_none", "Mark none", show=False, id="queue.mark_none"),
        Binding("t", "assign_me", "Take", id="queue.assign_me"),
        Binding("a", "assign_agent", "Assign", id="queue.assign_agent"),
        Binding("w", "set_group", "Group", show=False, id="queue.set_group"),
        Binding("x", "set_status", "Status", id="queue.set_status"),
        Binding("p", "set_priority", "Priority", id="queue.set_priority"),
        Binding("r,f5", "refresh", "Refresh", id="queue.refresh"),
        Binding("right_square_bracket", "next_queue", "Next queue", show=False, id="queue.next"),
        Binding("left_square_bracket", "prev_queue", "Prev queue", show=False, id="queue.prev"),
        Binding("b", "toggle_queues", "Queues", show=False, id="queue.toggle_queues"),
        Binding("tab", "app.focus_next", "Switch pane", show=False, id="queue.focus_next"),
        Binding("A", "assets", "Assets", show=False, id="queue.assets"),
        Binding("q", "app.quit", "Quit", id="queue.quit"),
        *MOVEMENT_BINDINGS,
    ]

    AUTO_FOCUS = "#queue-table"
    NARROW = 100  # below this many columns the queue list hides and the table gets the room

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.queue_name = ""
        self._queue_names: list[str] = []
        self._return_to: int | None = None
        self._message = ""
        self._new_ids: set[int] = set()
        self._loaded_once = False
        self._first_load_retries = 0
        self._redraw_pending = False
        self._sidebar_labels: list[Text] = []
        self._title_shown: Text | None = None

    # layout -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        names = self.store.names
        table: FastTable[Row] = FastTable(COLUMNS, id="queue-table")
        table.row_style(self._row_style)
        self._cells = make_cells(names, clock_of(self.app))
        self._sort_key = make_sort_key(names)
        self._search_text = make_search_text(names)
        with Horizontal(id="queue-main"):
            yield OptionList(id="queue-list")
            with Vertical(id="queue-pane"):
                yield Static("", id="queue-title")
                yield table
                yield Input(placeholder="filter: subject, requester or #id", id="queue-filter")
                yield Input(placeholder="query, e.g. priority:4 AND status:2", id="queue-query")
                yield Static("", id="queue-error")
        yield StatusBar(id="status-bar")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#queue-filter").display = False
        self.query_one("#queue-query").display = False
        self.query_one("#queue-error").display = False
        self.query_one(FastTable).focus()
        self.table.empty_filtered_text = "No ticket matches the filter (esc clears it)"
        self._show_saved_queue_problems()
        self._load(initial=True)
        self.set_interval(max(5.0, self.session.refresh_interval), self._refresh_tick)
        self._unlisten = self.session.connectivity.add_listener(self._connectivity_changed)
        self._unlisten_store = self.store.events.subscribe(self._store_event)
        self._unlisten_writes = self.session.writes.add_listener(self._write_event)

    def _show_saved_queue_problems(self) -> None:
        """A saved queue whose query does not parse is not listed; say which and where."""
        problems = self.store.queues.invalid_saved()
        if not problems:
            return
        from fstui.config import SavedQueue, SavedQueueProblem

        text = Text(style="red")
        for name, query, error in problems:
            problem = SavedQueueProblem(SavedQueue(name=name, query=query), error)
            text.append_text(literal(f"{problem.describe()}: not listed\n{problem.caret()}\n"))
        text.append("Fix it in the config file (fstui doctor checks it).", style="dim")
        error_box = self.query_one("#queue-error", Static)
        error_box.update(text)
        error_box.display = True

    def on_unmount(self) -> None:
        self._unlisten()
        self._unlisten_store()
        self._unlisten_writes()

    @property
    def _widgets_gone(self) -> bool:
        """The app is shutting down: the widgets go before the store's last events and the
        last refresh's answer arrive, which then have nothing to draw on."""
        return not self.is_attached or not self.query(FastTable)

    def _store_event(self, event: StoreEvent) -> None:
        """The store changed: rows and counts redraw (coalesced: a fill sends many pages);
        progress and budget waits show in the status line at once."""
        if self._widgets_gone:
            return
        if isinstance(event, TicketsChanged | ReferenceChanged):
            if isinstance(event, ReferenceChanged):
                self.table.invalidate_cells()
            self._schedule_redraw()
        else:
            self._update_status()

    def _write_event(self, event: object) -> None:
        """A write was queued, delivered (maybe minutes later) or held: rows and the status
        bar's outbox count follow."""
        self._schedule_redraw()

    def _schedule_redraw(self) -> None:
        if not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(0.2, self._redraw_now)

    def _redraw_now(self) -> None:
        self._redraw_pending = False
        if self._widgets_gone or not self.query("#queue-list"):
            return  # closing: the widgets are gone before a last timer fires
        self._show_queue_list()
        if self.queue_name or self._queue_names:
            self._show_queue(self.queue_name or self._queue_names[0])
        self._update_status()

    def on_screen_resume(self) -> None:
        """Back from a ticket: what was changed there shows now (from the mirror, no call),
        with the cursor on the ticket last shown (after ]/[ that is not the one opened)."""
        if self.queue_name:
            self._show_queue(self.queue_name)
            self._update_status()
        ticket_id, self._return_to = self._return_to, None
        if ticket_id is not None:
            self.table.move_cursor_to_key(ticket_id)

    def return_to_ticket(self, ticket_id: int) -> None:
        """The ticket screen closing over this one names the ticket it showed last."""
        self._return_to = ticket_id

    def _connectivity_changed(self, state: object) -> None:
        """Offline and back: the status bar says so at once, and a return refreshes (after
        the request that noticed it has finished, and only if no load is running)."""
        self._update_status()
        if self.session.connectivity.is_online:
            self.call_later(self._refresh_tick)

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def action_toggle_queues(self) -> None:
        showing = not self.has_class("-show-queues")
        self.set_class(showing, "-show-queues")
        if self.has_class("-narrow"):
            (self.query_one("#queue-list") if showing else self.table).focus()

    @property
    def table(self) -> FastTable[Row]:
        return self.query_one(FastTable)

    # data -------------------------------------------------------------------
    @work(exclusive=True, group="queue-load")
    async def _load(self, initial: bool = False) -> None:
        """Show what the cache has at once, then run the store's refresh sequence (first contact
        and the fill behind it on a cold cache, else one delta); the store's events redraw.

        An idle tick that changed nothing rebuilds nothing: only the cells whose words move with
        the clock (ages, countdowns) and the title's "refreshed" are drawn again."""
        if not self._loaded_once:
            self._show_queue_list()
            self._show_queue(self.queue_name or self._queue_names[0])
        before = {row.id for row in self.store.queue(MY_OPEN).value or []}
        said = self._message
        try:
            await self.store.refresh(self.queue_name, initial=initial or not self._loaded_once)
            if self._widgets_gone:
                return
        except Exception as exc:  # shown in the status line; the cached view stays
            self._message = describe_error(exc)
            if not self.session.connectivity.is_online:
                self._message = "Offline: showing cached tickets; retrying. " + self._message
            if not self._loaded_once:
                # A fault at start-up (a 500, a timeout) must not leave the first load stalled
                # until the next tick or `r`: try again soon, backing off.
                self._first_load_retries += 1
                delay = backoff_delay(self._first_load_retries, base=2.0, maximum=30.0)
                self.set_timer(delay, self._refresh_tick)
        else:
            self._message = ""
            self._first_load_retries = 0
            first = not self._loaded_once
            if not first:
                self._note_new_tickets(before)
            self._loaded_once = True
            if first:
                self._redraw_now()
                settle_after_start()
        if self._message != said:
            self._update_status()
        self.table.refresh_changed_cells()  # "5m ago", "in 2h": only lines whose words moved
        self._update_title()

    def _note_new_tickets(self, before: set[int | None]) -> None:
        """Highlight tickets that just landed in My open; ring the bell for urgent ones."""
        rows = {row.id: row for row in self.store.queue(MY_OPEN).value or []}
        new = {i for i in rows if i is not None and i not in before}
        self._new_ids |= new
        if self.session.bell_on_urgent and any(rows[i].priority == URGENT for i in new):
            self.app.bell()

    def _refresh_tick(self) -> None:
        if not any(w.group == "queue-load" and w.is_running for w in self.workers):
            self._load()

    def _show_queue_list(self) -> None:
        """The sidebar, rebuilt only when a label changed: an idle refresh that moved no
        count writes nothing to the terminal for it (over SSH every byte is latency)."""
        counts = self.store.queue_counts()
        self._queue_names = list(counts)
        labels = [sidebar_label(name, count) for name, count in counts.items()]
        options = self.query_one("#queue-list", OptionList)
        if labels != self._sidebar_labels:
            self._sidebar_labels = labels
            options.clear_options()
            options.add_options(
                [Option(label, id=name) for name, label in zip(counts, labels, strict=True)]
            )
        if self._queue_names:
            current = self.queue_name or self._queue_names[0]
            index = self._queue_names.index(current) if current in self._queue_names else 0
            options.highlighted = index

    @work(exclusive=True, group="queue-names", exit_on_error=False)
    async def _fetch_names(self, name: str) -> None:
        """Names for the requesters of the queue just shown (a paging pass only for ids nobody
        looked for yet; names appear page by page through the store's events)."""
        await self.store.names_for_queue(name)

    def _show_queue(self, name: str) -> None:
        if name != self.queue_name and self._loaded_once:
            self._fetch_names(name)
        self.queue_name = name
        cached = self.store.queue(name)
        rows: Sequence[Row] = self._with_pending(cached.value or [])
        # Empty and never answered is not the same as empty: say which.
        self.table.empty_text = (
            "Loading…" if cached.stale and cached.stored_at == 0.0 else "No tickets in this queue"
        )
        self.table.set_rows(
            rows,
            key=lambda row: row.id,
            cells=self._cells,
            sort_keys=self._sort_key,
            search_text=self._search_text,
        )
        self._update_title()

    def _update_title(self) -> None:
        table = self.table
        shown = (
            f"{table.visible_count} of {table.total_count}"
            if table.filter_text
            else str(table.total_count)
        )
        name = inert_line(self.queue_name, 80)  # a saved queue's name is the config's words
        title = Text(f"{name}  ", style="bold")
        if self.has_class("-narrow") and self._queue_names:
            index = (
                self._queue_names.index(self.queue_name) + 1
                if self.queue_name in self._queue_names
                else 0
            )
            title = Text(f"[{index}/{len(self._queue_names)}] {name}  ", style="bold")
        title.append(f"{shown} tickets", style="")
        if table.marked_keys:
            title.append(f"  {len(table.marked_keys)} marked", style="bold")
        last = self.store.last_sync
        if last is not None:
            now = now_of(self.app)
            when = datetime.fromtimestamp(last, UTC)
            title.append(f"  refreshed {relative_time(when, now)}", style="dim")
        if title != self._title_shown:  # unchanged words are not drawn again
            self._title_shown = title
            self.query_one("#queue-title", Static).update(title)

    def _update_status(self) -> None:
        if not self.is_attached:
            return
        stats = self.store.stats()
        events = self.store.events
        progress = events.last_progress
        note = events.waiting or self._message
        if not note and progress is not None and not progress.complete:
            note = progress.message
        remaining, limit, bucket = describe_budget(
            self.store.limiter.stats() if self.store.limiter is not None else None
        )
        team = self.store.syncer.coordinator.status()  # team mode: leading, following, down
        plan = self.store.plan
        left = self.session.profile_name + (f" · {plan.capitalize()}" if plan else "")
        self.query_one(StatusBar).show(
            left=left + (f" · {one_line(team, 40)}" if team else ""),
            remaining=remaining if bucket else stats.remaining,
            limit=limit if bucket else stats.limit,
            bucket=bucket,
            online=stats.online,
            note=note,
            outbox=self.session.writes.counts(),
        )

    def _with_pending(self, rows: Sequence[Row]) -> list[Row]:
        """Rows with the changes still queued in the outbox shown as they will be (and marked:
        `_row_style`), so an offline bulk edit does not look as if nothing happened."""
        writes = self.session.writes
        self._pending_ids = writes.pending_ticket_ids()
        shown: list[Row] = []
        for row in rows:
            queued = writes.pending_fields(row.id) if row.id in self._pending_ids else {}
            updates = {k: new for k, (_, new) in queued.items() if k in type(row).model_fields}
            shown.append(row.model_copy(update=updates) if updates else row)
        return shown

    def _row_style(self, row: Row) -> str | None:
        if row.id in getattr(self, "_pending_ids", ()):
            return "italic yellow"  # a change of this ticket is queued, not delivered yet
        return "bold" if row.id in self._new_ids and self.queue_name == MY_OPEN else None

    # queue switching --------------------------------------------------------
    @on(OptionList.OptionSelected, "#queue-list")
    def _queue_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._show_queue(event.option.id)
            self.remove_class("-show-queues")
            self.table.focus()

    def select_queue(self, name: str) -> None:
        if name in self._queue_names:
            self.query_one("#queue-list", OptionList).highlighted = self._queue_names.index(name)
            self._show_queue(name)
            self.table.focus()

    def visible_ids(self) -> list[int]:
        return [k for k in self.table.visible_keys() if isinstance(k, int)]

    def _step_queue(self, step: int) -> None:
        if not self._queue_names:
            return
        index = (
            self._queue_names.index(self.queue_name) if self.queue_name in self._queue_names else 0
        )
        name = self._queue_names[(index + step) % len(self._queue_names)]
        self.query_one("#queue-list", OptionList).highlighted = self._queue_names.index(name)
        self._show_queue(name)

    def action_forget_query(self) -> None:
        """Remove a `:` query from the sidebar: the highlighted one when the sidebar has focus,
        else the one shown. Built-in and configured queues stay."""
        sidebar = self.query_one("#queue-list", OptionList)
        name = self.queue_name
        if self.focused is sidebar and sidebar.highlighted is not None:
            name = self._queue_names[sidebar.highlighted]
        query = self.store.queues.adhoc_query(name) if name else None
        if query is None:
            self.notify("Only a : query can be removed from the list.", timeout=3)
            return
        self.store.remove_adhoc_queue(query)
        if name == self.queue_name:
            self.queue_name = ""
        self._show_queue_list()
        self._show_queue(self.queue_name or self._queue_names[0])
        self.notify(f"Removed {one_line(name or '')}", timeout=2)

    def action_next_queue(self) -> None:
        self._step_queue(1)

    def action_prev_queue(self) -> None:
        self._step_queue(-1)

    @property
    def keeps_first_frame(self) -> bool:
        """Quitting from here keeps the frame the next start paints first (fstui.ui.first_frame),
        unless a filter or marks are on it: the live queue opens without them, and the frame
        must look like what replaces it."""
        boxes = (self.query_one(s, Input).display for s in ("#queue-filter", "#queue-query"))
        return not any(boxes) and not self.table.marked_keys

    # filter and query -------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#queue-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._update_title()

    @on(Input.Submitted, "#queue-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        for selector in ("#queue-filter", "#queue-query"):
            box = self.query_one(selector, Input)
            if selector == "#queue-filter":
                box.value = ""
            box.display = False
        self.query_one("#queue-error").display = False
        self.table.set_filter("")
        self.table.focus()
        self._update_title()

    def action_query(self) -> None:
        box = self.query_one("#queue-query", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#queue-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self._run_query(event.value.strip())

    @work(exclusive=True, group="queue-query")
    async def _run_query(self, text: str) -> None:
        """Validate locally first: a bad query never reaches the API and changes nothing."""
        from fstui.query import QueryError

        error = self.query_one("#queue-error", Static)
        try:
            name = self.store.add_adhoc_queue(text)
            await self.store.refresh_queue(name)
        except QueryError as exc:
            error.update(literal(f"{exc.message}\n{exc.caret(text)}", "red"))
            error.display = True
            return
        except Exception as exc:  # the server refused it: say why, keep the screen as it was
            self.store.remove_adhoc_queue(text)
            error.update(Text(describe_error(exc), style="red"))
            error.display = True
            return
        error.display = False
        self.query_one("#queue-query", Input).display = False
        self._show_queue_list()
        self._show_queue(name)
        self.table.focus()

    # sorting and marking ----------------------------------------------------
    def action_sort_next(self) -> None:
        """The next sortable column among those on screen: sorting by a column the terminal
        dropped would show no arrow and look like a random reorder."""
        shown = set(self.table.shown_column_keys())
        keys = [c.key for c in COLUMNS if c.sortable and c.key in shown]
        current = self.table.sort_column
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self.table.sort_by(following, reverse=False)

    def action_sort_reverse(self) -> None:
        if self.table.sort_column is not None:
            self.table.sort_by(self.table.sort_column, reverse=not self.table.sort_reverse)

    def action_mark_all(self) -> None:
        self.table.mark_all()
        self._update_title()

    def action_mark_none(self) -> None:
        self.table.mark_none()
        self._update_title()

    @on(FastTable.MarksChanged)
    def _marks_changed(self) -> None:
        self._update_title()

    # opening ----------------------------------------------------------------
    @on(FastTable.RowActivated)
    def _open_ticket(self, event: FastTable.RowActivated) -> None:
        if isinstance(event.key, int):
            ids = self.visible_ids()
            self.post_message(OpenTicket(event.key, ids, queue_name=self.queue_name or None))

    def action_refresh(self) -> None:
        self._load()

    def action_assets(self) -> None:
        self.post_message(BrowseAssets())

    # bulk actions -----------------------------------------------------------
    def _targets(self) -> list[int]:
        marked = [k for k in self.table.marked_keys if isinstance(k, int)]
        if marked:
            return sorted(marked)
        key = self.table.cursor_key
        return [key] if isinstance(key, int) else []

    def action_assign_me(self) -> None:
        me = self.store.reference_snapshot().me
        if me is None or me.id is None:
            self.notify("Your agent record is not known yet; try again after a refresh.")
            return
        self._bulk({"responder_id": me.id}, f"assign to {me.name}")

    def action_assign_agent(self) -> None:
        """The ticket screen's agent picker (— unassigned —, (me), e-mails): bulk unassign too."""
        from fstui.ui.modals.people_choices import NO_CURRENT, agent_choices, field_value

        labels = labels_from(self.store.reference_snapshot())
        self._pick_choices(
            "Assign to agent",
            agent_choices(labels, NO_CURRENT),
            lambda v: ({"responder_id": field_value(v)}, "assign"),
        )

    def action_set_group(self) -> None:
        from fstui.ui.modals.people_choices import NO_CURRENT, field_value, group_choices

        labels = labels_from(self.store.reference_snapshot())
        self._pick_choices(
            "Set group",
            group_choices(labels, NO_CURRENT),
            lambda v: ({"group_id": field_value(v)}, "set group"),
        )

    def action_set_status(self) -> None:
        labels = self.store.reference_snapshot().labels.get("status", {})
        self._pick(
            "Set status", [(n, c) for c, n in labels.items()], lambda v: ({"status": v}, "status")
        )

    def action_set_priority(self) -> None:
        labels = self.store.reference_snapshot().labels.get("priority", {})
        choices = [(n, c) for c, n in labels.items()]
        self._pick("Set priority", choices, lambda v: ({"priority": v}, "priority"))

    def _pick(
        self,
        title: str,
        choices: Sequence[tuple[str, Any]],
        change: Callable[[Any], tuple[Mapping[str, Any], str]],
    ) -> None:
        from fstui.ui.modals.picker import Choice

        options = [Choice(value=value, label=label) for label, value in choices]
        self._pick_choices(title, options, change)

    def _pick_choices(
        self,
        title: str,
        options: Sequence[Choice[Any]],
        change: Callable[[Any], tuple[Mapping[str, Any], str]],
    ) -> None:
        from fstui.ui.modals.picker import PickerScreen

        if not self._targets():
            return

        def chosen(value: Any) -> None:
            if value is not None:
                fields, verb = change(value)
                label = next((c.label for c in options if c.value == value), str(value))
                self._bulk(fields, f"{verb}: {label}")

        self.app.push_screen(PickerScreen(title, options), chosen)

    def _bulk(self, fields: Mapping[str, Any], what: str) -> None:
        ids = self._targets()
        if not ids:
            return
        if self._closure_fields_asked(ids, fields, what):
            return
        budget = self.store.limiter.stats() if self.store.limiter is not None else None
        body = bulk_confirmation(
            what,
            self._as_seen(ids),
            fields,
            labels_from(self.store.reference_snapshot()),
            cost=len(ids) * UPDATE_CREDITS,
            room=room_for(budget, "update_ticket"),
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run_bulk(ids, fields, what)

        self.app.push_screen(ConfirmScreen("Confirm change", body), confirmed)

    def _closure_fields_asked(self, ids: list[int], fields: Mapping[str, Any], what: str) -> bool:
        """Resolving or closing: the fields the account requires for it are asked once for
        all the tickets that lack them (ticket/closing.py), then the bulk goes on with them."""
        from fstui.ui.screens.ticket.closing import asks_for_closure  # not at start: 0.3 s

        form = self.store.reference_snapshot().ticket_fields
        tickets = self._as_seen(ids)
        return asks_for_closure(self, tickets, form, fields, lambda f: self._bulk(f, what))

    def _as_seen(self, ids: Sequence[int]) -> list[Ticket | Mapping[str, Any]]:
        """The marked tickets as the agent last saw them: the mirror's copy, else the queue's
        row, else only the id (the write's conflict check then reads the ticket)."""
        shown = {row.id: row for row in self.store.queue(self.queue_name).value}
        return [self.store.mirror.get(i) or shown.get(i) or {"id": i} for i in ids]

    def _run_bulk(self, ids: list[int], fields: Mapping[str, Any], what: str) -> None:
        """Every ticket through the outbox with the version the agent saw: offline it queues
        like a single edit; a conflict or refusal fails that ticket only, which stays marked."""
        from fstui.ui.screens.ticket.closing import closing_fields

        writes = self.session.writes
        form = self.store.reference_snapshot().ticket_fields

        async def apply(ticket_id: int) -> BulkStep:
            [row] = self._as_seen([ticket_id])  # as it is now: a delta may have updated it
            item = await writes.bulk_item(row, closing_fields(row, fields, form))
            return None if item.state == "done" else (item.state, item.message)

        def finished(result: BulkResult | None) -> None:
            if result is not None:
                failed = len(result.failed)
                self.table.mark_only(result.failed)  # the failed ones, ready to retry
                message = f"{what}: {len(result.done)} done"
                if result.queued:
                    message += f", {len(result.queued)} queued until back online"
                if failed:
                    message += f", {failed} failed (still marked: fix and retry)"
                self.notify(message, severity="error" if failed else "information")
            self._redraw_now()

        screen = BulkProgressScreen(what[:1].upper() + what[1:], ids, apply)
        self.app.push_screen(screen, finished)
