"""The outbox's promises where the third mutation run found them unguarded (issue 17).

Each test is a way "nothing lost, exactly once, nothing overwritten silently" could break that
no earlier test noticed: a send cut off by the app quitting, a reply to a ticket that is gone,
a file deleted before its reply went, a write discarded while it was in flight, the order of
two writes to one ticket, a held write and the writes behind it, our own edits re-basing the
next one (only on the same ticket), the agent's "send anyway" while the network drops, a check
that fails on a server error, a new ticket's answer lost within its grace.

Real cache folders in tmp_path; a restart is a new Outbox on the same folder; the client is the
shared write fake of tests/store/harness.py, extended where a kind needs more.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from fstui.api import Ticket
from fstui.api.errors import NetworkError, NotFound, ServerError
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Backoff
from fstui.store.new_tickets import attachment_entry
from fstui.store.outbox import Outbox, Outcome, SubmitResult, Write

from . import harness
from .harness import NOW, Clock, FakeWriteClient, Fault, offline, settle

SEEN = "2024-05-01T10:00:00Z"  # FakeWriteClient.ticket's updated_at


class Client(FakeWriteClient):
    """The write fake plus files on replies, new tickets, and asset lists read as the real
    client returns them (a Ticket model whose `assets` is an extra field)."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[tuple[str, bytes]] = []
        self.created: list[dict[str, Any]] = []
        self.assets: list[int] = []
        self.cut_off = False
        """The next reply reaches the server, then the app quits before the answer."""

    async def reply(
        self,
        ticket_id: int,
        body: str,
        *,
        cc_emails: Sequence[str] = (),
        bcc_emails: Sequence[str] = (),
        attachments: Sequence[Any] = (),
    ) -> Any:
        self.files += [(f.name, f.data) for f in attachments]
        if self.cut_off:
            self.cut_off = False
            self._add_conversation(ticket_id, body, private=False)
            raise asyncio.CancelledError  # the app quit while the answer was on its way
        return await super().reply(ticket_id, body, cc_emails=cc_emails, bcc_emails=bcc_emails)

    async def create_ticket(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            row = {"id": 900 + len(self.created), **fields}
            self.created.append(row)
            return row

        return self._write("create_ticket", apply)  # type: ignore[no-any-return]

    async def list_tickets(self, **params: Any) -> AsyncIterator[dict[str, Any]]:
        self._read("list_tickets")
        for row in list(self.created):
            yield dict(row)

    async def get_ticket(self, ticket_id: int, include: Any = ()) -> Any:
        if "assets" not in include:
            return await super().get_ticket(ticket_id)
        self._read("get_ticket")
        body = {**self.tickets[ticket_id], "assets": [{"display_id": d} for d in self.assets]}
        return Ticket.model_validate(body)

    async def update_ticket(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        if "assets" in fields:
            self.assets = [int(a["display_id"]) for a in fields["assets"]]
        return await super().update_ticket(ticket_id, fields)


@pytest.fixture
def client() -> Client:
    fake = Client()
    fake.ticket(1)
    fake.ticket(2)
    return fake


def open_box(folder: Path, caches: list[JsonCache], client: Any, **kwargs: Any) -> Outbox:
    """harness.open_box with no resend grace unless given (these tests are not about it)."""
    kwargs.setdefault("resend_grace", 0.0)
    return harness.open_box(folder, caches, client, **kwargs)


def reply(body: str, ticket_id: int = 1, **payload: Any) -> Write:
    return Write("reply", ticket_id, {"body": body, **payload})


def edit(ticket_id: int, seen: Mapping[str, Any] | None = None, **fields: Any) -> Write:
    """An update made on the ticket as the agent saw it (`seen`: the fields' values then)."""
    return Write(
        "update_ticket",
        ticket_id,
        fields,
        expected_updated_at=SEEN,
        base=dict(seen) if seen is not None else None,
    )


def sent(client: FakeWriteClient, ticket_id: int = 1) -> list[str]:
    return [b.split("\n")[0] for b in client.bodies(ticket_id)]


# ---- exactly once, when a send is cut off or refused ---------------------------------------------


async def test_a_reply_cut_off_by_quitting_mid_send_is_not_sent_twice_after_a_restart(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The app quit while the reply was on its way (it arrived): the record on disk already
    says "in doubt", so the next start looks for it on the ticket instead of sending it again."""
    first = open_box(folder, caches, client)
    client.cut_off = True
    with pytest.raises(asyncio.CancelledError):
        await first.submit(reply("sent as we quit"))

    again = open_box(folder, caches, client)
    [result] = await again.flush()
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert sent(client) == ["sent as we quit"]
    assert again.pending() == []


async def test_a_reply_to_a_ticket_that_is_gone_is_refused_and_stays_refused(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """A 404 on a reply: the ticket was deleted. The write is held as rejected with the reason,
    also after a restart, and not tried again (each try would fail the same way)."""
    first = open_box(folder, caches, client)
    client.faults.append(Fault(NotFound("ticket 1 not found", status=404)))
    result = await first.submit(reply("too late"))
    assert result.outcome is Outcome.REJECTED and "not found" in (result.error or "")

    again = open_box(folder, caches, client)
    [held] = again.pending()
    assert held.outcome is Outcome.REJECTED and not held.in_doubt
    assert await again.flush() == []
    assert client.calls == ["reply"]


async def test_a_reply_whose_file_was_deleted_is_refused_and_stays_refused(
    folder: Path, caches: list[JsonCache], client: Client, tmp_path: Path
) -> None:
    """Queued offline with a file that is then deleted: the reply is not sent without it; it
    waits for the agent, saying which file, also after a restart."""
    report = tmp_path / "report.txt"
    report.write_text("numbers", encoding="utf-8")
    network = offline()
    first = open_box(folder, caches, client, connectivity=network)
    write = reply("see the file", attachments=[attachment_entry(report)])
    assert (await first.submit(write)).outcome is Outcome.QUEUED
    report.unlink()
    network.record_success()
    [result] = await first.flush()
    assert result.outcome is Outcome.REJECTED and "report.txt" in (result.error or "")

    again = open_box(folder, caches, client)
    [held] = again.pending()
    assert held.outcome is Outcome.REJECTED and "report.txt" in (held.last_error or "")
    assert not held.in_doubt  # nothing was sent: the outbox view must not say "may have arrived"
    assert await again.flush() == []
    assert client.calls == []
    await network.aclose()


async def test_a_reply_carries_its_files(
    folder: Path, caches: list[JsonCache], client: Client, tmp_path: Path
) -> None:
    """The file attached to a reply reaches the server with it, bytes as they are on disk."""
    log = tmp_path / "vpn.log"
    log.write_bytes(b"\x00tunnel down\n")
    box = open_box(folder, caches, client)
    result = await box.submit(reply("log attached", attachments=[attachment_entry(log)]))
    assert result.outcome is Outcome.SENT
    assert client.files == [("vpn.log", b"\x00tunnel down\n")]


async def test_a_write_discarded_while_in_flight_does_not_come_back(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The agent discards a reply while its send is under way and the send then fails: it is
    not put back in the outbox (nor found there after a restart)."""
    box = open_box(folder, caches, client)
    client.gate = asyncio.Event()
    write = reply("never mind")
    sending = asyncio.create_task(box.submit(write))
    assert await settle(lambda: len(box.pending()) == 1)
    await asyncio.sleep(0.02)  # inside the request
    assert box.drop(write.idempotency_token)
    client.faults.append(Fault(ServerError("503", status=503)))
    client.gate.set()
    await sending
    assert box.pending() == []
    assert open_box(folder, caches, client).pending() == []


# ---- order: earlier writes first, held writes hold their ticket ----------------------------------


async def test_an_earlier_reply_to_the_ticket_goes_before_a_new_one(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """A reply that failed stays queued; the agent's next reply to that ticket sends it first,
    so the requester reads them in the order they were written."""
    box = open_box(folder, caches, client)
    client.faults.append(Fault(ServerError("503", status=503)))
    assert (await box.submit(reply("first"))).outcome is Outcome.QUEUED
    assert (await box.submit(reply("second"))).outcome is Outcome.SENT
    assert sent(client) == ["first", "second"]


async def test_a_held_update_keeps_later_writes_to_its_ticket_waiting(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """An update held as a conflict (someone else changed the priority) keeps the reply queued
    behind it from going first; another ticket's reply in the same pass is sent."""
    network = offline()
    box = open_box(folder, caches, client, connectivity=network)
    client.tickets[1]["priority"] = 4  # someone else, after the agent looked
    assert (await box.submit(edit(1, {"priority": 1}, priority=2))).outcome is Outcome.QUEUED
    assert (await box.submit(reply("as discussed"))).outcome is Outcome.QUEUED
    assert (await box.submit(reply("other ticket", ticket_id=2))).outcome is Outcome.QUEUED
    network.record_success()
    outcomes = {(r.write.kind, r.write.ticket_id): r for r in await box.flush()}
    assert outcomes["update_ticket", 1].outcome is Outcome.CONFLICT
    assert outcomes["reply", 1].outcome is Outcome.QUEUED
    assert "earlier change" in outcomes["reply", 1].message
    assert outcomes["reply", 2].outcome is Outcome.SENT
    # The next pass finds the conflict already held: the reply still waits behind it.
    [still] = await box.flush()
    assert still.write.ticket_id == 1 and still.outcome is Outcome.QUEUED
    assert sent(client) == [] and client.tickets[1]["priority"] == 4
    await network.aclose()


async def test_a_conflict_found_by_a_retry_is_told_to_listeners(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """A write held on a later pass (not when submitted) still reaches the UI's listeners, so
    the agent learns of the conflict without opening the outbox."""
    network = offline()
    box = open_box(folder, caches, client, connectivity=network)
    heard: list[SubmitResult] = []
    box.add_listener(heard.append)
    await box.submit(edit(1, {"priority": 1}, priority=2))
    client.tickets[1]["priority"] = 4
    heard.clear()
    network.record_success()
    await box.flush()
    assert [r.outcome for r in heard] == [Outcome.CONFLICT]
    await network.aclose()


async def test_a_failed_manual_retry_hands_over_to_the_background_retry(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Another window left a reply queued; a retry by hand here fails on a 503; the background
    retry, idle until then, takes it over and sends it (once)."""
    backoff = Backoff(initial=0.01, maximum=0.05, jitter=0.0)
    box = open_box(folder, caches, client, backoff=backoff)
    box.start()
    try:
        await asyncio.sleep(0.05)  # the retry loop looked, found nothing, sleeps
        other = open_box(folder, caches, client, connectivity=offline())
        assert (await other.submit(reply("left by the other window"))).outcome is Outcome.QUEUED
        client.faults.append(Fault(ServerError("503", status=503)))
        [failed] = await box.flush()
        assert failed.outcome is Outcome.QUEUED
        assert await settle(lambda: not box.pending())
    finally:
        await box.aclose()
    assert sent(client) == ["left by the other window"]


class TimedBackoff(Backoff):
    """Remembers how many replies had been tried each time a delay was handed out."""

    def __init__(self, client: FakeWriteClient) -> None:
        super().__init__(initial=0.01, maximum=0.05, jitter=0.0)
        self.client = client
        self.handed_out_after: list[int] = []

    def next_delay(self) -> float:
        self.handed_out_after.append(self.client.calls.count("reply"))
        return super().next_delay()


async def test_the_background_retry_waits_after_a_failure_not_after_a_success(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """A retry pass that failed waits a delay before the next try; one that delivered does
    not wait (nothing is left to retry)."""
    backoff = TimedBackoff(client)
    box = open_box(folder, caches, client, backoff=backoff)
    client.faults.extend([Fault(ServerError("503", status=503))] * 2)
    assert (await box.submit(reply("third time lucky"))).outcome is Outcome.QUEUED
    box.start()
    try:
        assert await settle(lambda: not box.pending())
        await asyncio.sleep(0.1)
    finally:
        await box.aclose()
    assert client.calls.count("reply") == 3
    assert backoff.handed_out_after == [2]  # after the failed pass, before the third try


# ---- our own edits re-base the next one, and only on their ticket --------------------------------


async def test_two_edits_queued_on_one_ticket_both_go(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Two edits made offline on what the agent saw (no field base, only the ticket's stamp):
    the first moves the ticket's updated_at; the second is not taken for someone else's."""
    network = offline()
    box = open_box(folder, caches, client, connectivity=network)
    await box.submit(edit(1, priority=2))
    await box.submit(edit(1, status=3))
    network.record_success()
    results = await box.flush()
    assert [r.outcome for r in results] == [Outcome.SENT, Outcome.SENT]
    assert client.tickets[1]["priority"] == 2 and client.tickets[1]["status"] == 3
    await network.aclose()


async def test_our_edit_does_not_rebase_another_tickets_edit(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Ticket 1's delivered priority is ours on ticket 1 only: someone else set ticket 2 to
    that same priority, and ticket 2's queued edit still stops at the conflict."""
    network = offline()
    box = open_box(folder, caches, client, connectivity=network)
    await box.submit(edit(1, {"priority": 1}, priority=2))
    await box.submit(edit(2, {"priority": 1}, priority=3))
    client.tickets[2]["priority"] = 2  # someone else
    network.record_success()
    results = {r.write.ticket_id: r for r in await box.flush()}
    assert results[1].outcome is Outcome.SENT
    assert results[2].outcome is Outcome.CONFLICT
    assert client.tickets[2]["priority"] == 2


async def test_a_conflict_without_a_field_base_names_what_the_write_sets(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Only the stamp was known: the fields the write would overwrite are listed, each marked
    as one the agent set (the dialog offers to keep them)."""
    client.tickets[1].update(priority=4, updated_at="2024-05-01T10:30:00Z")
    box = open_box(folder, caches, client)
    result = await box.submit(edit(1, priority=2))
    assert result.outcome is Outcome.CONFLICT
    assert [(c.name, c.current, c.wanted, c.in_write) for c in result.changed_fields] == [
        ("priority", 4, 2, True)
    ]


async def test_custom_fields_gone_from_the_ticket_are_no_conflict(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The agent saw custom fields; the ticket now reads with none (null): nothing to compare,
    so the priority edit goes."""
    client.tickets[1]["custom_fields"] = None
    box = open_box(folder, caches, client)
    write = edit(1, {"priority": 1, "custom_fields": {"env": "prod"}}, priority=2)
    assert (await box.submit(write)).outcome is Outcome.SENT


async def test_tags_set_on_a_ticket_that_reads_with_none_go(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The ticket reads with `tags: null`: setting tags is a change to send, not a crash."""
    client.tickets[1]["tags"] = None
    box = open_box(folder, caches, client)
    assert (await box.submit(edit(1, tags=["vpn"]))).outcome is Outcome.SENT
    assert client.tickets[1]["tags"] == ["vpn"]


async def test_sending_a_conflict_anyway_while_offline_is_kept_after_a_restart(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The agent chose "send anyway"; the network was gone for the check. After a restart the
    write is queued (not a conflict asked again) and goes when back."""
    first = open_box(folder, caches, client)
    client.tickets[1].update(priority=4, updated_at="2024-05-01T10:30:00Z")
    held = await first.submit(edit(1, {"priority": 1}, priority=2))
    assert held.outcome is Outcome.CONFLICT
    client.read_faults.append(NetworkError("connection reset"))
    again = await first.override(held.write.idempotency_token)
    assert again.outcome is Outcome.QUEUED

    later = open_box(folder, caches, client)
    [queued] = later.pending()
    assert queued.outcome is Outcome.QUEUED
    [result] = await later.flush()
    assert result.outcome is Outcome.SENT and client.tickets[1]["priority"] == 2


# ---- checks that fail, results that say what happened -------------------------------------------


async def test_a_check_that_fails_on_a_server_error_stops_only_its_ticket(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Looking for an earlier reply fails with a 500 (the server answered: not offline): that
    reply waits; the next ticket's reply in the pass is sent."""
    box = open_box(folder, caches, client, connectivity=offline())
    await box.submit(reply("other ticket", ticket_id=2))
    box2 = open_box(folder, caches, client)
    client.faults.append(Fault(ServerError("502", status=502)))
    assert (await box2.submit(reply("lost answer"))).outcome is Outcome.QUEUED
    client.read_faults.append(ServerError("500", status=500))
    results = {r.write.ticket_id: r for r in await box2.flush()}
    assert results[1].outcome is Outcome.QUEUED and "could not check" in results[1].message
    assert results[2].outcome is Outcome.SENT


async def test_results_say_sent_or_already_delivered(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """What the status line shows: "sent", or that an earlier attempt had arrived."""
    box = open_box(folder, caches, client)
    assert (await box.submit(reply("plain"))).message == "sent"
    client.faults.append(Fault(ServerError("502", status=502), applied=True))
    assert (await box.submit(reply("answer lost"))).outcome is Outcome.QUEUED
    [found] = await box.flush()
    assert found.outcome is Outcome.ALREADY_DELIVERED
    assert found.message == "already delivered earlier; not resent"


# ---- new tickets and asset links ---------------------------------------------------------------


def new_ticket() -> Write:
    fields = {"subject": "printer", "description": "it jams on page 2", "requester_id": 3}
    return Write("create_ticket", 0, {"fields": fields})


async def test_a_new_ticket_keeps_its_description(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    box = open_box(folder, caches, client)
    assert (await box.submit(new_ticket())).outcome is Outcome.SENT
    [created] = client.created
    assert created["description"].startswith("it jams on page 2")


async def test_a_new_ticket_whose_answer_was_lost_is_looked_for_during_the_grace(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """Not found yet at 29 s (it may still be landing): looked for, not created again; at 30 s
    created once more, once."""
    clock = Clock()
    box = open_box(folder, caches, client, clock=clock, resend_grace=30.0)
    client.faults.append(Fault(ServerError("502", status=502)))
    assert (await box.submit(new_ticket())).outcome is Outcome.QUEUED
    clock.now = NOW + 29
    [waiting] = await box.flush()
    assert waiting.outcome is Outcome.QUEUED and "checking" in waiting.message
    assert client.created == []
    clock.now = NOW + 30
    [made] = await box.flush()
    assert made.outcome is Outcome.SENT and len(client.created) == 1


async def test_linking_an_asset_keeps_the_ones_already_linked(
    folder: Path, caches: list[JsonCache], client: Client
) -> None:
    """The API replaces the whole list: what the ticket has (read as the real client returns
    it, listed twice by a sloppy answer) is sent back once each, with the new one."""
    client.assets = [100, 200, 100]
    box = open_box(folder, caches, client)
    result = await box.submit(Write("link_asset", 1, {"display_id": 300}))
    assert result.outcome is Outcome.SENT
    assert client.assets == [100, 200, 300]
