"""Where the user wants to go next: the messages screens, widgets and palette providers post.

The app is the only router. A screen that wants another screen shown says so with one of these
messages instead of importing and pushing that screen, so no screen depends on another and none
depends on the app (the import contracts in pyproject.toml hold that line). Messages bubble
from the widget that posts them through its screen to the app, which opens the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from fstui.api import Ticket

__all__ = [
    "BrowseAssets",
    "NewTicket",
    "OpenArticle",
    "OpenAsset",
    "OpenItsmRecord",
    "OpenTicket",
    "SearchKnowledge",
    "ShowMyApprovals",
    "ShowNotifications",
    "ShowOutbox",
    "ShowQueue",
]


@dataclass
class OpenTicket(Message):
    """Show ticket `ticket_id`.

    `queue_ids` (the queue it was opened from, in order) enables next/previous and `queue_name`
    lets triage move on once the ticket leaves that queue; `from_queue` asks the app to take
    both from the queue screen underneath (the palette's "#123" knows no queue itself).
    """

    ticket_id: int
    queue_ids: list[int] | None = None
    queue_name: str | None = None
    from_queue: bool = False


@dataclass
class OpenAsset(Message):
    """Show the detail of the asset with this display id."""

    display_id: int


@dataclass
class BrowseAssets(Message):
    """Open the asset browser, optionally narrowed by a filter `query` or a `search` term."""

    query: str = field(default="")
    search: str = field(default="")


@dataclass
class ShowQueue(Message):
    """Go back to the queue screen and select the queue of this name."""

    name: str


@dataclass
class ShowOutbox(Message):
    """Show the writes still on their way (queued, held, needing the agent)."""


@dataclass
class ShowNotifications(Message):
    """Show the notifications told so far."""


@dataclass
class OpenItsmRecord(Message):
    """Show a problem or a change read-only; `kind` is "problem" or "change"."""

    kind: str
    display_id: int


@dataclass
class ShowMyApprovals(Message):
    """Show the approvals waiting for me across tickets."""


@dataclass
class SearchKnowledge(Message):
    """Search the knowledge base (solution articles), starting from `term`."""

    term: str = field(default="")


@dataclass
class OpenArticle(Message):
    """Show one solution article read-only."""

    article_id: int


@dataclass
class NewTicket(Message):
    """Show the new-ticket form (a ticket logged from a call or a walk-up); with `parent`,
    the same form for a child of that ticket, prefilled from it."""

    parent: Ticket | None = None
