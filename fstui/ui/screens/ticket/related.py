"""Related tab: the ticket's family and records (parent and child tickets, the problem it
belongs to, the changes it initiated or was caused by), the requester's other open tickets, and
the assets linked to this ticket.

All answer "have we seen this before?" without leaving the ticket. The requester's tickets come
from the local mirror (free); the links cost one view with three embeds and the assets one
`include=assets` read, so the tab loads only when shown. Enter posts a navigation message for the
app (a ticket, a problem or change read-only, an asset); `l`/`u` link and unlink an asset, here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import Asset, NotFound, Ticket
from fstui.store.labels import Labels
from fstui.store.ticket_links import TicketLinks, record_status, ticket_links
from fstui.store.writes import WriteEvent
from fstui.text import literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors, describe_error
from fstui.ui.messages import BrowseAssets, NewTicket, OpenAsset, OpenItsmRecord, OpenTicket
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.screens.ticket.context import (
    ReloadTicket,
    StatusNote,
    TicketContext,
    is_current,
)


class RelatedPane(WorkerErrors, Vertical):
    BINDINGS = [
        Binding("l", "link_asset", "Link asset", id="ticket.related.link"),
        Binding("u", "unlink_asset", "Unlink asset", id="ticket.related.unlink"),
    ]
    DEFAULT_CSS = """
    RelatedPane { height: 1fr; }
    RelatedPane .related-title { height: 1; padding: 0 1; text-style: bold; }
    RelatedPane DataTable { overflow-x: hidden; }
    RelatedPane #related-links { height: auto; max-height: 30%; }
    RelatedPane #related-tickets { height: auto; max-height: 35%; }
    RelatedPane #related-assets { height: 1fr; min-height: 3; }
    RelatedPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.tickets: list[Ticket] = []
        self.assets: list[Asset] = []
        self.links: TicketLinks | None = None
        self.link_keys: list[str] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Parent, children, problem and change", classes="related-title")
        links: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="related-links"
        )
        yield links
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
        self._unlisten = self.context.writes.add_listener(self._child_created)
        links = self.query_one("#related-links", DataTable)
        links.add_column("Link", key="kind", width=20)
        links.add_column("#", key="id", width=8)
        links.add_column("Status", key="status", width=16)
        links.add_column("Subject", key="subject")
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

    def show_links(self, links: TicketLinks | None, labels: Labels) -> None:
        """Parent and children (their subjects from what the store holds), then the problem
        and changes as the ticket's embeds name them."""
        self.links = links
        table = self.query_one("#related-links", DataTable)
        table.clear()
        self.link_keys = []
        if links is None:
            table.add_row(Text("…", style="dim"), "", "", Text("loading", style="dim"))
            return
        family = [("Parent ticket", i) for i in links.parent_ids]
        family += [("Child ticket", i) for i in links.child_ids]
        for kind, ticket_id in family:
            subject, status = self._known_ticket(ticket_id, labels)
            key = f"ticket:{ticket_id}"
            self.link_keys.append(key)
            table.add_row(Text(kind), Text(f"#{ticket_id}"), status, subject, key=key)
        for record in links.records:
            noun = "Problem" if record.kind == "problem" else "Change"
            key = f"{record.kind}:{record.display_id}"
            self.link_keys.append(key)
            prefix = "PRB" if record.kind == "problem" else "CHN"
            table.add_row(
                Text(f"{noun} ({record.relation})" if record.kind == "change" else noun),
                Text(f"{prefix}-{record.display_id}"),
                Text(record_status(record.kind, record.status)),
                literal(one_line(record.subject or "(no subject)", 300)),
                key=key,
            )
        if not self.link_keys:
            table.add_row(Text("—", style="dim"), "", "", Text("no links", style="dim"))

    def _known_ticket(self, ticket_id: int, labels: Labels) -> tuple[Text, Text]:
        """Subject and status from the mirror or the cache (free); unknown says so."""
        store = self.context.store
        row = store.mirror.get(ticket_id)
        if row is not None:
            subject, status = row.get("subject"), row.get("status")
        else:
            cached = store.peek_ticket(ticket_id)
            ticket = cached.value if cached is not None else None
            subject = ticket.subject if ticket is not None else None
            status = ticket.status if ticket is not None else None
        shown = (
            literal(one_line(subject, 300))
            if isinstance(subject, str) and subject
            else Text("(enter to open)", style="dim")
        )
        words = labels.status(status) if isinstance(status, int) else "—"
        return shown, literal(one_line(words, 20))

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

    @on(DataTable.RowSelected, "#related-links")
    def _link_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        kind, _, number = (event.row_key.value or "").partition(":")
        if not number.isdigit():
            return
        if kind == "ticket":
            self.post_message(OpenTicket(int(number)))
        elif kind in ("problem", "change"):
            self.post_message(OpenItsmRecord(kind, int(number)))

    @on(DataTable.RowSelected, "#related-assets")
    def _asset_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.post_message(OpenAsset(int(key)))

    # --- loading --------------------------------------------------------------------------

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        if worker.group == "ticket-related":
            self.show_error(message)
        else:
            self.post_message(StatusNote(error=message))

    @work(exclusive=True, group="ticket-related", exit_on_error=False)
    async def load(self, force: bool = False) -> None:
        """Requester's tickets from the mirror at once (free); the links and the assets, one
        call each, asked together and shown together: one wait and one layout instead of two
        in a row (the tab was ~166 ms to settle, issue #18 wants 100). Either one failing
        still shows the other, then says why in the pane's status line.

        `force` is taken like every tab's loader; the links and assets are read anew each time."""
        context = self.context
        ticket_id = context.ticket_id
        ticket = context.ticket
        requester_id = ticket.requester_id if ticket is not None else None
        others = context.store.tickets.requester_open(requester_id, besides=ticket_id)
        self.show_tickets(others, context.labels, now_of(self.app))
        self.show_links(None, context.labels)
        links, assets = await asyncio.gather(
            ticket_links(context.store.plumbing, ticket_id),
            context.store.assets.linked_assets(ticket_id),
            return_exceptions=True,
        )
        if not is_current(context, ticket_id):
            return
        if not isinstance(links, BaseException):
            self.show_links(links.value, context.labels)
        if not isinstance(assets, BaseException):
            self.show_assets(assets)
        for outcome in (links, assets):
            if isinstance(outcome, BaseException):
                raise outcome

    def focus_content(self) -> None:
        """The family and the requester's tickets first; the assets when only they have rows."""
        target = "#related-tickets" if self.tickets or not self.assets else "#related-assets"
        self.query_one(target, DataTable).focus()

    def clear(self) -> None:
        self.show_links(TicketLinks(), self.context.labels)
        self.show_tickets([], self.context.labels, now_of(self.app))
        self.show_assets([])
        self.loaded = False

    # --- links ----------------------------------------------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_link_asset(self) -> None:
        context = self.context
        ticket_id = context.ticket_id
        found: dict[str, int] = {}

        async def problem(term: str) -> str | None:
            """Checked before the dialog closes: an unknown tag or number stays to be fixed."""
            try:
                display_id = await context.store.assets.find(term)
            except Exception as exc:  # offline, budget: said in the dialog, the text kept
                return describe_error(exc)
            if display_id is None:
                return f"No asset with tag {one_line(term, 40)}: check it, or type its number."
            if term.strip().lstrip("#").isdigit():
                try:
                    await context.store.assets.asset(display_id)
                except NotFound:
                    return f"No asset #{display_id}: check the number, or type its tag."
            found["id"] = display_id
            return None

        tag = next((a.asset_tag for a in self.assets if a.asset_tag), None)
        example = f"e.g. 42 or {one_line(tag, 20)}" if tag else "e.g. 42 or the asset's tag"
        prompt = PromptScreen(
            f"Link an asset to #{ticket_id}",
            "Asset display id or asset tag",
            placeholder=example,
            verb="link",
            check=problem,
        )
        if await self.app.push_screen_wait(prompt) is None:
            return
        display_id = found["id"]
        linked = await context.store.assets.link(ticket_id, display_id)
        if linked:
            self.notify(f"Asset {display_id} linked to #{ticket_id}.", timeout=3)
        else:
            self.notify(f"Asset {display_id} was already linked.", timeout=3)
        self._after_asset_change(ticket_id)

    @work(group="ticket-write", exit_on_error=False)
    async def action_unlink_asset(self) -> None:
        ticket_id = self.context.ticket_id
        asset = self.selected_asset
        if asset is None or asset.display_id is None:
            self.notify("No asset selected.", timeout=2)
            return
        body = Text(f"Unlink asset {asset.display_id} (")
        body.append_text(literal(one_line(asset.name or "unnamed", 80)))
        body.append(f") from #{ticket_id}?\nThe asset itself is kept.")
        if not await self.app.push_screen_wait(ConfirmScreen("Unlink asset?", body)):
            return
        await self.context.store.assets.unlink(ticket_id, asset.display_id)
        self.notify(f"Asset {asset.display_id} unlinked.", timeout=3)
        self._after_asset_change(ticket_id)

    def action_child_ticket(self) -> None:
        """A child ticket under this one, in the new-ticket form prefilled from this ticket
        (the app routes it); the family list shows the child once it is created."""
        parent = self.context.ticket
        if parent is None or parent.id is None:
            self.notify("The ticket is still loading.", timeout=2)
            return
        if parent.type == "Service Request":
            # Reference line 1859: "Association of child tickets to a service request is not
            # possible." Said before the agent types anything.
            self.notify("A service request cannot have child tickets.", severity="warning")
            return
        self.post_message(NewTicket(parent=parent))

    def on_unmount(self) -> None:
        self._unlisten()

    def _child_created(self, event: WriteEvent) -> None:
        """A child of this ticket was created (now, or later by the outbox): list it."""
        mine = event.ticket_id == self.context.ticket_id and event.kind == "create_ticket"
        if mine and event.what == "delivered" and self.loaded:
            self.load()

    def action_requester_assets(self) -> None:
        """The asset browser narrowed to what the requester uses (asset filter user_id:N)."""
        ticket = self.context.ticket
        requester_id = ticket.requester_id if ticket is not None else None
        if requester_id is None:
            self.notify("This ticket has no requester.", severity="warning")
            return
        self.post_message(BrowseAssets(query=f"user_id:{requester_id}"))

    def _after_asset_change(self, ticket_id: int) -> None:
        """The link write moved the ticket's updated_at; the store took the answer, so the
        re-read costs nothing and keeps later property edits free of false conflicts."""
        if is_current(self.context, ticket_id):
            self.post_message(ReloadTicket(force=False, ticket_id=ticket_id))
            self.load()
