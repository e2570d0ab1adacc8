"""Issue #19: new tickets and files through the writes service, against the in-process sandbox.

What a user would notice: a ticket created offline appears once when back online; a create
whose answer was lost is recognised, not made twice; the server's validation error names the
field; a form marks what is missing before sending; a reply carries files, CC and BCC; a file
over the 40 MB ticket limit (reference line 393) or gone before sending is refused with a
sentence, not sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fstui.api import TicketField
from fstui.store.new_tickets import (
    NEW_TICKET,
    AttachmentProblem,
    attachment_entry,
    check_new_ticket,
    find_created,
)
from fstui.store.outbox import Outcome, body_has_token
from fstui.store.writes import InvalidAddresses

from .harness import World


def _fields(subject: str, **more: object) -> dict[str, object]:
    return {
        "subject": subject,
        "description": "<p>Called in from the front desk</p>",
        "email": "caller@acme.example",
        "source": 3,
        "status": 2,
        "priority": 2,
        **more,
    }


def _on_server(w: World, subject: str) -> list[dict[str, object]]:
    rows = w.app.state.sandbox.db.tickets.values()
    return [r for r in rows if r["subject"] == subject]


def _write_file(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


async def test_create_with_custom_fields_and_a_file_lands_once(
    world: World, tmp_path: Path
) -> None:
    w = world
    log = _write_file(tmp_path / "files", "printer.log", b"jam in tray 2\n")
    result = await w.writes.create_ticket(
        _fields("Printer jams on floor 3", custom_fields={"affected_users": 5}),
        attachments=[log],
    )
    assert result.outcome is Outcome.SENT
    created = _on_server(w, "Printer jams on floor 3")
    assert len(created) == 1
    row = created[0]
    assert row["custom_fields"]["affected_users"] == 5  # type: ignore[index]
    assert [a["name"] for a in row["_attachments"]] == ["printer.log"]  # type: ignore[attr-defined]
    description = w.app.state.sandbox.db.descriptions[row["id"]][0]
    assert body_has_token(description, result.write.idempotency_token)
    assert w.store.peek_ticket(int(row["id"])) is not None, "the new ticket opens from the store"


async def test_offline_create_is_delivered_exactly_once(world: World) -> None:
    w = world
    w.faults.offline = True
    w.connectivity.mark_offline()
    result = await w.writes.create_ticket(_fields("Walk-up: badge reader dead"))
    assert result.outcome is Outcome.QUEUED
    assert _on_server(w, "Walk-up: badge reader dead") == []
    w.faults.offline = False
    w.outbox.start()
    await w.delivered(NEW_TICKET)
    await w.outbox.flush()  # a second pass must not make a second ticket
    assert len(_on_server(w, "Walk-up: badge reader dead")) == 1
    assert w.outbox.pending() == []


async def test_a_lost_answer_is_recognised_not_sent_twice(world: World) -> None:
    w = world
    w.transport.lose(lambda r: r.method == "POST" and r.url.path.endswith("/tickets"))
    first = await w.writes.create_ticket(_fields("Phone: VPN drops every hour"))
    assert not first.delivered
    assert len(_on_server(w, "Phone: VPN drops every hour")) == 1  # the server has it
    outcome = await w.settled(first)
    assert outcome is Outcome.ALREADY_DELIVERED
    assert len(_on_server(w, "Phone: VPN drops every hour")) == 1
    posts = [p for m, p in w.transport.requests if m == "POST" and p.endswith("/tickets")]
    assert len(posts) == 1


async def test_a_server_validation_error_names_its_field(world: World) -> None:
    w = world
    result = await w.writes.create_ticket(
        _fields("Broken date", custom_fields={"needed_by": "next week"})
    )
    assert result.outcome is Outcome.REJECTED
    assert [f for f, _ in result.field_errors] == ["needed_by"]
    assert _on_server(w, "Broken date") == []


async def test_the_form_check_marks_fields_before_sending(world: World) -> None:
    form: list[TicketField] = await world.client.list_ticket_form_fields()
    problems = check_new_ticket(
        {
            "subject": "",
            "priority": 9,
            "category": "Hardware",
            "sub_category": "Not a sub category",
            "custom_fields": {
                "affected_users": "lots",
                "needed_by": "2025-02-30",
                "office": "Berlin",
                "building": "Canary Wharf",
            },
            "cc_emails": ["not an address"],
        },
        form,
    )
    marked = {p.field for p in problems}
    assert marked == {
        "requester",
        "subject",
        "priority",
        "sub_category",
        "affected_users",
        "needed_by",
        "building",
        "cc_emails",
    }
    assert check_new_ticket(_fields("Fine", category="Hardware"), form) == []
    floor_only = {"custom_fields": {"floor": "3"}}
    assert [p.field for p in check_new_ticket(_fields("x", **floor_only), form)] == ["floor"]


async def test_reply_with_a_file_cc_and_bcc(world: World, tmp_path: Path) -> None:
    w = world
    ticket_id = next(iter(w.app.state.sandbox.db.tickets))
    shot = _write_file(tmp_path, "screen.png", b"\x89PNG\r\n\x1a\n....")
    result = await w.writes.send_reply(
        ticket_id,
        "<p>Screenshot attached</p>",
        cc=["manager@acme.example"],
        bcc=["audit@acme.example"],
        attachments=[shot],
    )
    assert result.delivered
    conversations = w.app.state.sandbox.db.thread(ticket_id).conversations
    mine = [c for c in conversations if body_has_token(c["body"], result.write.idempotency_token)]
    assert len(mine) == 1
    assert mine[0]["cc_emails"] == ["manager@acme.example"]
    assert mine[0]["bcc_emails"] == ["audit@acme.example"]
    assert [a["name"] for a in mine[0]["attachments"]] == ["screen.png"]
    with pytest.raises(InvalidAddresses) as caught:
        await w.writes.send_reply(ticket_id, "<p>x</p>", cc=["boss@acme", "ok@acme.example"])
    assert caught.value.addresses == ("boss@acme",)


async def test_a_file_over_the_limit_is_refused_when_attached(tmp_path: Path) -> None:
    big = tmp_path / "disk.img"
    with big.open("wb") as stream:
        stream.truncate(40 * 1024 * 1024 + 1)  # sparse: no 40 MB written
    with pytest.raises(AttachmentProblem, match="40 MB"):
        attachment_entry(big)
    with pytest.raises(AttachmentProblem, match="not a file"):
        attachment_entry(tmp_path)


async def test_a_file_gone_before_sending_rejects_the_write(world: World, tmp_path: Path) -> None:
    w = world
    note = _write_file(tmp_path, "trace.txt", b"trace\n")
    w.faults.offline = True
    w.connectivity.mark_offline()
    result = await w.writes.create_ticket(_fields("Queued with a file"), attachments=[note])
    assert result.outcome is Outcome.QUEUED
    note.unlink()
    w.faults.offline = False
    outcome = await w.settled(result)
    assert outcome is Outcome.REJECTED
    (entry,) = w.writes.entries()
    assert "trace.txt" in entry.message
    assert _on_server(w, "Queued with a file") == []


class _StrippingClient:
    """A server whose sanitiser drops HTML comments (the marker with them)."""

    def __init__(self, tickets: list[dict[str, object]]) -> None:
        self.tickets = tickets

    async def list_tickets(self, **params: object) -> AsyncIterator[dict[str, object]]:
        for ticket in self.tickets:
            yield ticket

    async def get_ticket(self, ticket_id: int) -> dict[str, object]:
        return next(t for t in self.tickets if t["id"] == ticket_id)


async def test_a_created_ticket_is_found_even_when_the_marker_was_stripped() -> None:
    fields = {"subject": "Scanner", "email": "a@acme.example", "description": "<p>Floor 2</p>"}
    ours = {"id": 7, "subject": "Scanner", "description": "<div>Floor 2</div>"}
    other = {"id": 8, "subject": "Scanner", "description": "<div>Floor 5</div>"}
    found = await find_created(_StrippingClient([other, ours]), fields, "tok12345", 0.0)
    assert found == ours
    twice = await find_created(_StrippingClient([ours, {**ours, "id": 9}]), fields, "tok12345", 0.0)
    assert twice is None, "two look-alikes: not a guess"


async def test_the_form_searches_requesters_as_the_agent_types(world: World) -> None:
    w = world
    someone = next(r for r in w.app.state.sandbox.db.requesters if r["last_name"])
    typed = someone["last_name"][:3]
    found = await w.store.new_tickets.search_requesters(typed.upper())
    assert found
    for person in found:
        names = [person.first_name or "", person.last_name or "", person.primary_email or ""]
        assert any(n.lower().startswith(typed.lower()) for n in names)
    assert await w.store.new_tickets.search_requesters("j") == [], "one letter: no call"


async def test_the_form_check_uses_the_cached_form(world: World) -> None:
    w = world
    problems = await w.store.new_tickets.check(
        {"email": "a@acme.example", "custom_fields": {"office": "Paris"}}
    )
    assert {p.field for p in problems} == {"subject", "office"}
