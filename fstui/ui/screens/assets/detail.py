"""One asset: its fields in the type's own sections, who uses it, and the tickets around it.

Left: base fields and type fields, labelled with the asset type's field names. Right: the
requests linked to the asset (enter opens a ticket; `l` links one more, `u` unlinks the one under
the cursor: the room in ticket_links.py) and the open tickets of the person using it, which come
from the local ticket mirror at no cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from fstui.api import Asset, AssetRequest
from fstui.store.assets import ticket_number
from fstui.store.freshness import parse_timestamp
from fstui.text import one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors, describe_error
from fstui.ui.messages import OpenTicket
from fstui.ui.screens.assets.sections import Section, base_section, type_sections
from fstui.ui.screens.assets.table import AssetTable
from fstui.ui.screens.assets.ticket_links import TicketLinks
from fstui.ui.screens.assets.type_tree import TypeTree
from fstui.ui.widgets.fast_table import Column, FastTable
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.session import Session

REQUEST_COLUMNS = (
    Column("request", "Request", width=9),
    Column("details", "Details", min_width=12),
    Column("status", "Status", width=10, drop_order=1),
)
TICKET_COLUMNS = (
    Column("id", "#", width=6, align="right"),
    Column("subject", "Subject", min_width=12),
    Column("status", "Status", width=9, drop_order=2),
    Column("updated", "Updated", width=8, drop_order=1),
)

TicketRow = Mapping[str, Any]


def render_sections(sections: Sequence[Section]) -> Group:
    """Label/value grids under bold headers; every value a literal Text."""
    parts: list[Any] = []
    for section in sections:
        if parts:
            parts.append(Text(""))
        parts.append(Text(section.title, style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True, min_width=16, max_width=20)
        grid.add_column(overflow="fold")
        for label, value in section.rows:
            grid.add_row(Text(label), Text(value))
        parts.append(grid)
    return Group(*parts)


class AssetDetailScreen(WorkerErrors, Screen[None]):
    CSS_PATH = str(Path(__file__).with_name("assets.tcss"))
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="asset.back"),
        Binding("l", "link", "Link ticket", id="asset.link"),
        Binding("u", "unlink", "Unlink", id="asset.unlink"),
        Binding("r,f5", "refresh", "Refresh", id="asset.refresh"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="asset.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Prev pane", show=False, id="asset.focus_prev"),
    ]

    def __init__(self, session: Session, display_id: int) -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.data = session.store.assets
        self.display_id = display_id
        self.asset: Asset | None = None
        self.requests: list[AssetRequest] = []
        self.user_tickets: Sequence[TicketRow] = []
        self._types = TypeTree({})
        self.links = TicketLinks(self, session.store)

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Asset #{self.display_id}", style="bold"), id="asset-title")
        with Horizontal(id="asset-body"):
            with VerticalScroll(id="asset-fields"):
                yield Static(Text("loading…", style="dim"), id="asset-fields-body")
            with Vertical(id="asset-side"):
                yield Static(Text("Linked requests", style="bold"), id="asset-requests-title")
                yield AssetTable[AssetRequest](REQUEST_COLUMNS, id="asset-requests")
                yield Static(Text("Open tickets of the user", style="bold"), id="asset-user-title")
                yield AssetTable[TicketRow](TICKET_COLUMNS, id="asset-user-tickets")
        yield Static("", id="asset-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#asset-requests", FastTable).focus()
        self._load()

    # loading ------------------------------------------------------------------------------
    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.status(message, error=True)

    @work(exclusive=True, group="asset-detail", exit_on_error=False)
    async def _load(self, force: bool = False) -> None:
        await self.store.reference()
        self._types = TypeTree.build(await self.data.types())
        asset = await self.data.asset(self.display_id, force=force)
        self.asset = asset
        self._show_fields(asset, [])
        if asset.user_id is not None:
            await self._resolve_user(asset.user_id)
            self._show_fields(asset, [])
        layout = []
        if asset.asset_type_id is not None:
            try:
                layout = await self.data.type_fields(asset.asset_type_id)
            except Exception as exc:  # unlabelled values still show, under "Other fields"
                self.status(describe_error(exc), error=True)
        self._show_fields(asset, layout)
        await self._load_requests(force)
        await self._load_user_tickets(asset.user_id)

    async def _resolve_user(self, user_id: int) -> None:
        try:
            await self.store.resolve_requesters([user_id])
        except Exception:  # "requester 12" stays; nothing else depends on the name
            return

    async def _load_requests(self, force: bool) -> None:
        try:
            self.requests = await self.data.requests(self.display_id, force=force)
        except Exception as exc:
            self.status(describe_error(exc), error=True)
            return
        table: FastTable[AssetRequest] = self.query_one("#asset-requests", FastTable)
        table.set_rows(
            self.requests,
            key=lambda r: r.id if r.id is not None else (r.request_id or ""),
            cells=lambda r: (
                one_line(r.request_id),
                one_line(r.request_details),
                one_line(r.request_status),
            ),
        )
        title = Text("Linked requests", style="bold")
        title.append(f" ({len(self.requests)})", style="dim")
        self.query_one("#asset-requests-title", Static).update(title)

    async def _load_user_tickets(self, user_id: int | None) -> None:
        store = self.store
        if user_id is not None and not store.mirror.loaded:
            try:
                await store.sync()
            except Exception as exc:
                self.status(describe_error(exc), error=True)
        self.user_tickets = self.data.user_open_tickets(user_id)
        names = store.names
        now = now_of(self.app)

        def cells(row: TicketRow) -> tuple[str, str, str, str]:
            updated = parse_timestamp(row.get("updated_at"))
            return (
                str(row.get("id", "")),
                one_line(row.get("subject")),
                one_line(names.status(row.get("status"))),
                relative_time(updated, now) if updated is not None else "",
            )

        table: FastTable[TicketRow] = self.query_one("#asset-user-tickets", FastTable)
        table.set_rows(self.user_tickets, key=lambda row: row.get("id"), cells=cells)
        if user_id is None:
            title = Text("Not assigned to anyone", style="bold")
        else:
            title = Text("Open tickets of ", style="bold")
            title.append(one_line(names.requester(user_id)), style="bold")
            title.append(f" ({len(self.user_tickets)})", style="dim")
        self.query_one("#asset-user-title", Static).update(title)

    def _show_fields(self, asset: Asset, layout: Sequence[Any]) -> None:
        now = now_of(self.app)
        sections = [base_section(asset, self.store.names, self._types.name, now)]
        sections.extend(type_sections(asset, layout, now))
        self.query_one("#asset-fields-body", Static).update(render_sections(sections))
        title = Text(f"Asset #{self.display_id}  ", style="bold")
        title.append(one_line(asset.name), style="bold")
        if asset.asset_tag:
            title.append(f"  {one_line(asset.asset_tag)}", style="dim")
        self.query_one("#asset-title", Static).update(title)

    def status(self, message: str, *, error: bool = False) -> None:
        self.query_one("#asset-status", Static).update(
            Text(message, style="red" if error else "italic")
        )

    # opening tickets ----------------------------------------------------------------------
    @on(FastTable.RowActivated, "#asset-requests")
    def _open_request(self, event: FastTable.RowActivated) -> None:
        table: FastTable[AssetRequest] = self.query_one("#asset-requests", FastTable)
        request = table.row_for_key(event.key)
        number = ticket_number(request) if request is not None else None
        if number is None:
            self.notify("Only tickets open here; problems and changes live in the web app.")
            return
        self._open_ticket(number)

    @on(FastTable.RowActivated, "#asset-user-tickets")
    def _open_user_ticket(self, event: FastTable.RowActivated) -> None:
        if isinstance(event.key, int):
            self._open_ticket(event.key)

    def _open_ticket(self, ticket_id: int) -> None:
        self.post_message(OpenTicket(ticket_id))

    # links (the room in ticket_links.py) -------------------------------------------------
    def action_link(self) -> None:
        self.links.ask_link()

    def action_unlink(self) -> None:
        self.links.ask_unlink()

    def current_request(self) -> AssetRequest | None:
        table: FastTable[AssetRequest] = self.query_one("#asset-requests", FastTable)
        return table.current_row

    @work(exclusive=True, group="asset-link", exit_on_error=False)
    async def run_link(self, ticket_id: int, *, link: bool) -> None:
        await (self.links.link(ticket_id) if link else self.links.unlink(ticket_id))

    async def reload_requests(self) -> None:
        await self._load_requests(force=True)

    def action_refresh(self) -> None:
        self._load(force=True)

    def action_back(self) -> None:
        self.app.pop_screen()
