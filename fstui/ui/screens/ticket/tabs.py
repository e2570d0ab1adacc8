"""The ticket's tab bar and bodies: which rooms there are, and what showing one does.

A tab loads when first shown (opening a ticket cold costs only the shell's ticket read) and then
hands focus to its main widget; both are the tab bar's concern, not the shell's. Each room keeps
its own loader (`load(force)`), its `clear()` for the next ticket, and its keys.
"""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import DataTable, TabbedContent, TabPane

from fstui.ui.screens.ticket.activity import ActivitiesPane
from fstui.ui.screens.ticket.approvals import ApprovalsPane
from fstui.ui.screens.ticket.context import TicketContext
from fstui.ui.screens.ticket.conversation import ConversationTab
from fstui.ui.screens.ticket.related import RelatedPane
from fstui.ui.screens.ticket.requested_items import RequestedItemsPane
from fstui.ui.screens.ticket.tasks import TasksPane
from fstui.ui.screens.ticket.time import TimeEntriesPane

__all__ = ["TAB_IDS", "TicketTabs"]

TAB_IDS = (
    "tab-conversation",
    "tab-time",
    "tab-tasks",
    "tab-activities",
    "tab-related",
    "tab-items",
    "tab-approvals",
)

Room = (
    TimeEntriesPane | TasksPane | ActivitiesPane | RelatedPane | RequestedItemsPane | ApprovalsPane
)


class TicketTabs(TabbedContent):
    """The ticket's tabs: only a key, a click or the shell switches the tab.

    Textual's TabbedContent shows the pane of any widget that gains focus. When a tab is left,
    the table that had focus is hidden and Textual hands its focus to a sibling inside the same,
    now hidden, pane; that brought the old tab back, its focus request ran again, and two tabs
    took turns for as long as one watched (issue #18 item 1). Focus that lands in a pane which
    is not showing is reported instead (`StrayFocus`) and put back on the shown tab.
    """

    class StrayFocus(Message):
        """Something in a hidden pane took focus; the shown tab keeps showing."""

    def __init__(self, context: TicketContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        # TabbedContent builds its tab bar from the children it was handed (as the `with`
        # syntax would hand them), so the tabs are added here rather than in a compose.
        for pane in (
            ConversationTab(context, id="tab-conversation"),
            TabPane("Time", TimeEntriesPane(context, id="time-pane"), id="tab-time"),
            TabPane("Tasks", TasksPane(context, id="tasks-pane"), id="tab-tasks"),
            TabPane("Activity", ActivitiesPane(context, id="activities-pane"), id="tab-activities"),
            TabPane("Related", RelatedPane(context, id="related-pane"), id="tab-related"),
            TabPane("Items", RequestedItemsPane(context, id="items-pane"), id="tab-items"),
            TabPane("Approvals", ApprovalsPane(context, id="approvals-pane"), id="tab-approvals"),
        ):
            self.compose_add_child(pane)

    def rooms(self) -> dict[str, Room]:
        """The tabs besides the conversation (which the shell draws with the ticket)."""
        rooms: tuple[type[Room], ...] = (
            TimeEntriesPane,
            TasksPane,
            ActivitiesPane,
            RelatedPane,
            RequestedItemsPane,
            ApprovalsPane,
        )
        return {tab: self.query_one(room) for tab, room in zip(TAB_IDS[1:], rooms, strict=True)}

    def show_index(self, index: int) -> None:
        self.active = TAB_IDS[index]

    def load_shown(self, *, force: bool) -> None:
        """Read the shown tab again (F5, another ticket); the conversation comes with the
        ticket itself."""
        room = self.rooms().get(self.active)
        if room is not None:
            room.load(force)

    def clear_rooms(self) -> None:
        """Empty every tab: a key pressed before the next ticket's rows arrive must not act on
        an entry, task or asset of the ticket just left."""
        for room in self.rooms().values():
            room.clear()

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # not TabbedContent's handler: it would switch to that pane
        if event.tab_pane.id != self.active:
            self.post_message(self.StrayFocus())

    @on(StrayFocus)
    def _focus_strayed(self, event: StrayFocus) -> None:
        event.stop()
        self._focus_content(self.active)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        room = self.rooms().get(pane_id)
        if room is not None and not room.loaded:
            room.load(False)
        self.call_after_refresh(self._focus_content, pane_id)

    def _focus_content(self, pane_id: str) -> None:
        """Focus the shown tab's main widget; a request for a tab no longer shown is dropped
        (after a burst of digit keys only the last tab's request may act)."""
        if pane_id != self.active:
            return
        if pane_id == "tab-conversation":
            self.query_one(ConversationTab).focus_content()
            return
        room = self.rooms().get(pane_id)
        if room is None:
            return
        if isinstance(room, RelatedPane):
            room.focus_content()
        elif room.can_focus:
            room.focus()
        else:
            room.query_one(DataTable).focus()
