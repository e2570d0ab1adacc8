"""Related tab: the requester's other open tickets and the assets linked to this ticket.

Both answer "have we seen this before?" without leaving the ticket. The tickets come from the
local mirror (free); the assets cost one `include=assets` read, so the tab loads only when shown.
Like the other panes it only shows: enter posts a message, `l`/`u` run actions on the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from fstui.api.models import Asset, Ticket
from fstui.text import literal, one_line, relative_time
from fstui.ui.messages import OpenAsset, OpenTicket
from fstui.ui.screens.ticket.labels import Labels


class RelatedPane(Vertical):
    BINDINGS = [
        Binding("l", "screen.link_asset", "Link asset", id="ticket.related.link"),
        Binding("u", "screen.unlink_asset", "Unlink asset", id="ticket.related.unlink"),
    ]
    DEFAULT_CSS = """
    RelatedPane { height: 1fr; }
    RelatedPane .related-title { height: 1; padding: 0 1; text-style: bold; }
    RelatedPane DataTable { overflow-x: hidden; }
    RelatedPane #related-tickets { height: auto; max-height: 50%; }
    RelatedPane #related-assets { height: 1fr; min-height: 3; }
    RelatedPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tickets: list[Ticket] = []
        self.assets: list[Asset] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Other open tickets of the requester", classes="related-title")
        tickets: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="related-tickets"
        )
        yield tickets
        yield Static("Linked assets", classes="related-title")
        assets: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="related-assets"
        )
        yield assets
        yield Static("Loading assets…", classes="pane-status")

    def on_mount(self) -> None:
        tickets = self.query_one("#related-tickets", DataTable)
        tickets.add_column("#", key="id", width=7)
        tickets.add_column("Status", key="status", width=16)
        tickets.add_column("Updated", key="updated", width=9)
        tickets.add_column("Subject", key="subject")
        assets = self.query_one("#related-assets", DataTable)
        assets.add_column("Asset", key="id", width=7)
        assets.add_column("Tag", key="tag", width=14)
        assets.add_column("Name", key="name")

    def show_tickets(self, tickets: Sequence[Ticket], labels: Labels, now: datetime) -> None:
        self.tickets = list(tickets)
        table = self.query_one("#related-tickets", DataTable)
        table.clear()
        for ticket in self.tickets:
            updated = ticket.updated_at
            table.add_row(
                Text(f"#{ticket.id}"),
                literal(one_line(labels.status(ticket.status), 20)),
                Text(relative_time(updated, now) if isinstance(updated, datetime) else "—"),
                literal(one_line(ticket.subject or "(no subject)", 300)),
                key=str(ticket.id),
            )
        if not self.tickets:
            table.add_row(Text("—", style="dim"), "", "", Text("none open", style="dim"))

    def show_assets(self, assets: Sequence[Asset]) -> None:
        self.assets = list(assets)
        self.loaded = True
        table = self.query_one("#related-assets", DataTable)
        keep = table.cursor_row
        table.clear()
        for asset in self.assets:
            table.add_row(
                Text(f"{asset.display_id}"),
                literal(one_line(asset.asset_tag or "—", 30)),
                literal(one_line(asset.name or "(unnamed)", 200)),
                key=str(asset.display_id),
            )
        if self.assets:
            table.move_cursor(row=min(keep, len(self.assets) - 1))
        count = f"{len(self.assets)} linked. " if self.assets else "No linked assets. "
        self._status(Text(count + "enter open · l link · u unlink · tab switch list"))

    def show_error(self, message: str) -> None:
        self.loaded = True
        self._status(literal(message, "red"))

    def _status(self, text: Text) -> None:
        self.query_one(".pane-status", Static).update(text)

    @property
    def selected_asset(self) -> Asset | None:
        table = self.query_one("#related-assets", DataTable)
        if not self.assets or not 0 <= table.cursor_row < len(self.assets):
            return None
        return self.assets[table.cursor_row]

    @on(DataTable.RowSelected, "#related-tickets")
    def _ticket_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.post_message(OpenTicket(int(key)))

    @on(DataTable.RowSelected, "#related-assets")
    def _asset_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.post_message(OpenAsset(int(key)))
