"""Shared set-up for the ITSM tests (issue #20): demo tickets of each kind, and the few cases
the generated 200-ticket demo lacks arranged on the in-process sandbox.

Holds no tests itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fstui.session import Session

from .ticket_harness import TicketHost, demo_session, sandbox_db


def service_request_with_items(session: Session) -> int:
    """The first service request that has requested items (the demo's catalog orders)."""
    db = sandbox_db(session)
    ids = sorted(t for t, rows in db.desk.requested_items.items() if rows)
    assert ids, "no demo service request with requested items"
    return ids[0]


def waiting_for_me(session: Session, ticket_id: int) -> dict[str, Any]:
    """Make the ticket's first approval wait for the demo agent (the frozen 200-ticket demo
    has every approval answered); the ticket's approval status follows (Requested)."""
    db = sandbox_db(session)
    me = db.agent_by_id[db.me_id]
    approval: dict[str, Any] = db.desk.approvals[ticket_id][0]
    approval["approval_status"] = {"id": 0, "name": "requested"}
    approval["approver_id"] = me["id"]
    approval["approver_name"] = f"{me['first_name']} {me['last_name']}"
    approval["latest_remark"] = ""
    db.tickets[ticket_id]["_approval_status"] = 0
    return approval


def approvals_on_server(session: Session, ticket_id: int) -> list[dict[str, Any]]:
    return list(sandbox_db(session).desk.approvals.get(ticket_id, []))


def parent_with_child(session: Session) -> tuple[int, int]:
    db = sandbox_db(session)
    child, parent = sorted(db.desk.parent_of.items())[0]
    return parent, child


def ticket_with_problem(session: Session) -> tuple[int, int]:
    db = sandbox_db(session)
    ticket_id, problem = sorted(db.itsm.ticket_problem.items())[0]
    return ticket_id, problem


def incident_for_child(session: Session) -> int:
    """An incident that may take a child: not a child itself, not a service request."""
    db = sandbox_db(session)
    for ticket_id, row in sorted(db.tickets.items()):
        if (
            row.get("type") == "Incident"
            and ticket_id not in db.desk.parent_of
            and not row.get("deleted")
            and not row.get("spam")
            and row["status"] == 2
        ):
            return ticket_id
    raise AssertionError("no open incident for a child ticket")


class ItsmHost(TicketHost):
    """The ticket host on a ticket chosen from the demo session once it exists (snapshots
    cannot open a session before the app runs), with the case arranged first."""

    def __init__(
        self,
        cache_dir: Path,
        choose: Callable[[Session], int],
        arrange: Callable[[Session, int], object] | None = None,
    ) -> None:
        super().__init__(cache_dir)
        self._choose = choose
        self._arrange = arrange

    async def _start(self) -> None:
        session = await demo_session(self._cache_dir)
        ticket_id = self._choose(session)
        if self._arrange is not None:
            self._arrange(session, ticket_id)
        self._given_session = session
        self._ticket_id = ticket_id
        self._queue_ids = [ticket_id]
        await super()._start()


def ticket_with_problem_and_change(session: Session) -> int:
    """A ticket whose Related tab shows a problem and a change."""
    db = sandbox_db(session)
    both = sorted(set(db.itsm.ticket_problem) & set(db.itsm.change_initiating))
    return both[0] if both else sorted(db.itsm.ticket_problem)[0]
