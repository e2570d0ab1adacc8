"""Requested items tab: what a service request asks for (service item, quantity, stage, custom
fields), and the two edits the API allows on it (stage and quantity, through the outbox).

A fulfilment agent works a service request item by item: "two monitors, still Requested" is the
whole story, so the table shows just that and the selected item's custom fields below it. The
item names come from the service catalog (one read the store caches); the tab loads only when
shown, so an incident never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from fstui.api import RequestedItem
from fstui.store.itsm_words import STAGE_NAMES
from fstui.store.service_catalog import service_item_names
from fstui.text import literal, one_line
from fstui.ui.errors import WorkerErrors
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.screens.ticket.context import StatusNote, TicketContext, is_current, settled

__all__ = ["RequestedItemsPane", "custom_field_lines", "item_name"]

STAGE_STYLES = {1: "yellow", 2: "green", 3: "dim strike", 4: "green", 5: "cyan"}


def item_name(item: RequestedItem, names: Mapping[int, str]) -> str:
    """The catalog's name for the item (the update answer embeds it as ``item.name``)."""
    embedded = (item.item or {}).get("name")
    if isinstance(embedded, str) and embedded:
        return embedded
    service_item = item.service_item
    if service_item is not None and service_item in names:
        return names[service_item]
    return f"Service item {service_item}" if service_item is not None else "(unknown item)"


def custom_field_lines(item: RequestedItem) -> Text:
    """The item's custom fields as "name: value" lines; empty values say so."""
    fields = item.custom_fields or {}
    if not fields:
        return Text("No custom fields.", style="dim")
    out = Text()
    for index, (name, value) in enumerate(sorted(fields.items())):
        if index:
            out.append("\n")
        out.append_text(literal(one_line(str(name).replace("_", " "), 40), "dim"))
        out.append(": ")
        shown = "—" if value in (None, "") else one_line(str(value), 200)
        out.append_text(literal(shown, "dim" if value in (None, "") else ""))
    return out


class RequestedItemsPane(WorkerErrors, Vertical):
    BINDINGS = [
        Binding("g", "stage", "Stage", id="ticket.items.stage"),
        Binding("plus,Q", "quantity", "Quantity", id="ticket.items.quantity"),
    ]
    DEFAULT_CSS = """
    RequestedItemsPane { height: 1fr; }
    RequestedItemsPane DataTable { height: auto; max-height: 60%; overflow-x: hidden; }
    RequestedItemsPane #item-fields { height: 1fr; padding: 0 1; }
    RequestedItemsPane .pane-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.items: list[RequestedItem] = []
        self.names: dict[int, str] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Loading requested items…", classes="pane-status")
        table: DataTable[Text | str] = DataTable(
            cursor_type="row", zebra_stripes=True, id="items-table"
        )
        yield table
        yield Static("", id="item-fields")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Item", key="name", width=44)
        table.add_column("Qty", key="quantity", width=4)
        table.add_column("Stage", key="stage", width=20)

    def show_error(self, message: str) -> None:
        self.loaded = True
        self.query_one(".pane-status", Static).update(literal(message, "red"))

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        if worker.group == "ticket-items":
            self.show_error(message)
        else:
            self.post_message(StatusNote(error=message))

    def show(self, items: Sequence[RequestedItem], names: Mapping[int, str]) -> None:
        self.items = list(items)
        self.names = dict(names)
        self.loaded = True
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for item in self.items:
            stage = item.stage_id
            table.add_row(
                literal(one_line(item_name(item, self.names), 200)),
                Text(str(item.quantity if item.quantity is not None else "—")),
                Text(item.stage_name or "—", style=STAGE_STYLES.get(stage or 0, "")),
                key=str(item.id),
            )
        if self.items:
            table.move_cursor(row=min(max(keep, 0), len(self.items) - 1))
        ticket = self.context.ticket
        if self.items:
            words = f"{len(self.items)} item{'s' if len(self.items) != 1 else ''}. "
            words += "g stage · + quantity"
        elif ticket is not None and ticket.type != "Service Request":
            words = "Not a service request: no requested items."
        else:
            words = "No requested items."
        self.query_one(".pane-status", Static).update(Text(words))
        self._show_fields()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_fields()

    def _show_fields(self) -> None:
        item = self.selected
        shown = custom_field_lines(item) if item is not None else Text("")
        self.query_one("#item-fields", Static).update(shown)

    @property
    def selected(self) -> RequestedItem | None:
        table = self.query_one(DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    # --- loading --------------------------------------------------------------------------

    @work(exclusive=True, group="ticket-items", exit_on_error=False)
    async def load(self, force: bool) -> None:
        context = self.context
        ticket_id = context.ticket_id
        ticket = context.ticket
        if ticket is not None and ticket.type and ticket.type != "Service Request":
            self.show([], {})  # an incident has no requested items: no call to learn that
            return
        items = (await context.store.itsm.requested_items(ticket_id, force=force)).value
        names = await self._catalog_names() if items else {}
        if is_current(context, ticket_id):
            self.show(items, names)

    async def _catalog_names(self) -> dict[int, str]:
        """Service item names by display id; a catalog that fails to load leaves ids shown."""
        try:
            names = await service_item_names(self.context.store.plumbing)
        except Exception:  # the names are a nicety; the items themselves loaded
            return {}
        return {key: one_line(name, 120) for key, name in names.items()}

    def clear(self) -> None:
        self.show([], {})
        self.loaded = False

    # --- writes ---------------------------------------------------------------------------

    @work(group="ticket-write", exit_on_error=False)
    async def action_stage(self) -> None:
        item = self.selected
        if item is None or item.id is None:
            self.notify("No requested item selected.", timeout=2)
            return
        choices = [
            Choice(code, name, hint=str(code), current=code == item.stage_id)
            for code, name in sorted(STAGE_NAMES.items())
        ]
        title = f"Stage of {one_line(item_name(item, self.names), 40)}"
        stage = await self.app.push_screen_wait(PickerScreen(title, choices))
        if stage is None or stage == item.stage_id:
            return
        await self._update(item.id, stage=stage, what=f"Stage set to {STAGE_NAMES[stage]}.")

    @work(group="ticket-write", exit_on_error=False)
    async def action_quantity(self) -> None:
        item = self.selected
        if item is None or item.id is None:
            self.notify("No requested item selected.", timeout=2)
            return
        prompt = PromptScreen(
            f"Quantity of {one_line(item_name(item, self.names), 40)}",
            f"How many (now {item.quantity or 1})",
            kind="integer",
            verb="set",
        )
        answer = await self.app.push_screen_wait(prompt)
        if answer is None:
            return
        try:
            quantity = int(str(answer).strip())
        except ValueError:
            self.notify("The quantity is a whole number.", severity="warning")
            return
        if quantity < 1:
            self.notify("The quantity is at least 1.", severity="warning")
            return
        if quantity == item.quantity:
            return
        await self._update(item.id, quantity=quantity, what=f"Quantity set to {quantity}.")

    async def _update(
        self, item_id: int, *, what: str, stage: int | None = None, quantity: int | None = None
    ) -> None:
        context = self.context
        result = await context.writes.update_requested_item(
            context.ticket_id, item_id, stage=stage, quantity=quantity
        )
        if settled(self, context, result, "Requested item"):
            self.notify(what, timeout=3)
        self.load(True)
