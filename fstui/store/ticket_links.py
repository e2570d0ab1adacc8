"""What a ticket is linked to, in one read: parent and child tickets, the problem it belongs to,
the change it initiated and the change that caused it (issue #20's Related tab).

Why one read: ``GET /tickets/{id}?include=related_tickets,problem,change`` (reference lines
909-913) answers all of it in one call at one credit per embed, where three separate looks
would each pay for the view too. Cached under the ticket's keys (``ticket:{id}:links``), so a
delivered write on the ticket (a child created, say) forgets it; it follows the queue freshness
like the ticket's other child lists.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from fstui.api import Priority, Ticket
from fstui.store.freshness import Cached, Kind
from fstui.store.plumbing import Plumbing, dump, load_model

__all__ = [
    "CHANGE_STATUSES",
    "PROBLEM_STATUSES",
    "LinkedRecord",
    "TicketLinks",
    "links_of",
    "record_status",
    "ticket_links",
]

PROBLEM_STATUSES = {1: "Open", 2: "Change Requested", 3: "Closed"}
"""Reference line 4752."""
CHANGE_STATUSES = {
    1: "Open",
    2: "Planning",
    3: "Awaiting Approval",
    4: "Pending Release",
    5: "Pending Review",
    6: "Closed",
}
"""Change statuses by code (reference line 6899 names the field; the web UI's words)."""


def record_status(kind: str, code: int | None) -> str:
    """A problem's or change's status in words ("—" when unknown)."""
    table = PROBLEM_STATUSES if kind == "problem" else CHANGE_STATUSES
    if code is None:
        return "—"
    return table.get(code, f"status {code}")


class LinkedRecord(BaseModel):
    """A problem or change as the ticket's embed names it (display id, subject, status...);
    the raw text is the server's: the UI sanitises it before showing it."""

    kind: str
    display_id: int
    subject: str = ""
    status: int | None = None
    priority: int | None = None
    relation: str = ""


class TicketLinks(BaseModel):
    parent_ids: list[int] = []
    child_ids: list[int] = []
    records: list[LinkedRecord] = []


def _record(kind: str, relation: str, embed: dict[str, Any] | None) -> LinkedRecord | None:
    if not isinstance(embed, dict):
        return None
    display_id = embed.get("display_id")
    if not isinstance(display_id, int):
        return None
    status, priority, subject = embed.get("status"), embed.get("priority"), embed.get("subject")
    return LinkedRecord(
        kind=kind,
        display_id=display_id,
        subject=subject if isinstance(subject, str) else "",
        status=status if isinstance(status, int) else None,
        priority=priority if isinstance(priority, int) else None,
        relation=relation,
    )


def links_of(ticket: Ticket) -> TicketLinks:
    """The links a ticket read with those embeds carries (missing embeds: none)."""
    records = [
        _record("problem", "belongs to", ticket.problem),
        _record("change", "raised here", ticket.change_initiating_ticket),
        _record("change", "caused this", ticket.change_initiated_by_ticket),
    ]
    return TicketLinks(
        parent_ids=list(ticket.parent_ids),
        child_ids=list(ticket.child_ids),
        records=[r for r in records if r is not None],
    )


async def ticket_links(
    plumbing: Plumbing, ticket_id: int, *, force: bool = False
) -> Cached[TicketLinks]:
    """The ticket's links, from the cache when fresh, else one view with three embeds."""
    key = f"ticket:{ticket_id}:links"
    cached = plumbing.cached(Kind.QUEUE, key)
    if cached is not None and not cached.stale and not force:
        plumbing.calls_saved += 1
        return Cached(
            load_model(TicketLinks, cached.value),
            cached.age_seconds,
            False,
            "cache",
            cached.stored_at,
        )

    async def load() -> dict[str, Any]:
        ticket = await plumbing.call(
            plumbing.client.get_ticket(
                ticket_id,
                include=("related_tickets", "problem", "change"),
                priority=Priority.INTERACTIVE,
            )
        )
        body = dump(links_of(ticket))
        plumbing.cache.set(key, body)
        return body

    body = await plumbing.flight.run(key, load)
    return plumbing.network(Kind.QUEUE, load_model(TicketLinks, body))
