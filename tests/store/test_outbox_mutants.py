"""The outbox's "did my earlier attempt arrive?" answers, kind by kind (issue 17, mutation run).

Mutation testing found the recognition paths of the service-desk writes (approvals, requested
items), the time-entry/task item writes, the timer and the asset links never run by the
focused tests. Each test loses the answer of a first attempt (the server applied it, or did
not) and asserts what the agent would notice: the write is not sent twice, a write the server
never got is sent again once, one whose target is gone is rejected with the reason, one that
cannot be checked waits for the agent.

The client is a small fake of the calls the outbox makes for these kinds (the shared store
fakes cover replies, notes and ticket updates).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from fstui.api.errors import NetworkError, NotFound, ServerError
from fstui.store.cache import JsonCache
from fstui.store.outbox import Outbox, Outcome, Write

TICKET = 7
ME = 11


class DeskClient:
    """Approvals, requested items, time entries, tasks and asset links of one ticket."""

    def __init__(self) -> None:
        self.approvals: list[dict[str, Any]] = []
        self.items: list[dict[str, Any]] = [{"id": 1, "quantity": 1, "stage": 1}]
        self.time_entries: list[dict[str, Any]] = [
            {"id": 21, "agent_id": ME, "timer_running": False, "time_spent": "00:10", "note": ""}
        ]
        self.tasks: list[dict[str, Any]] = [{"id": 31, "title": "old", "status": 1}]
        self.assets: list[int] = [100]
        self.sent: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.created: list[dict[str, Any]] = []
        self.read_faults: list[Exception] = []
        """Raised by the next reads (lists, get_ticket), one each."""
        self.lose: list[bool] = []
        """One per write: True loses the answer after applying, False before applying."""
        self._next = 500

    def _write(self, name: str, apply: Callable[[], Any], *args: Any, **kw: Any) -> Any:
        self.sent.append((name, args, kw))
        lose = self.lose.pop(0) if self.lose else None
        if lose is False:
            raise ServerError("502 bad gateway", status=502)
        result = apply()
        if lose:
            raise ServerError("502 bad gateway", status=502)
        return result

    def _read(self) -> None:
        if self.read_faults:
            raise self.read_faults.pop(0)

    def names(self) -> list[str]:
        return [name for name, _a, _k in self.sent]

    # approvals and requested items ------------------------------------------------------

    async def request_approval(
        self,
        ticket_id: int,
        approver_id: int,
        *,
        approval_type: int = 1,
        email_content: str | None = None,
    ) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            self._next += 1
            row = {"id": self._next, "approver_id": approver_id, "approval_status": {"id": 0}}
            self.approvals.append(row)
            return row

        return self._write(  # type: ignore[no-any-return]
            "request_approval",
            apply,
            ticket_id,
            approver_id,
            approval_type=approval_type,
            email_content=email_content,
        )

    async def cancel_approval(self, ticket_id: int, approval_id: int) -> None:
        def apply() -> None:
            for row in self.approvals:
                if row["id"] == approval_id:
                    row["approval_status"] = {"id": 3}

        self._write("cancel_approval", apply, ticket_id, approval_id)

    async def remind_approval(self, ticket_id: int, approval_id: int) -> None:
        self._write("remind_approval", lambda: None, ticket_id, approval_id)

    async def list_ticket_approvals(self, ticket_id: int) -> list[dict[str, Any]]:
        self._read()
        return [dict(row) for row in self.approvals]

    async def update_requested_item(
        self, ticket_id: int, item_id: int, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            row = next(i for i in self.items if i["id"] == item_id)
            row.update(fields)
            return dict(row)

        return self._write("update_requested_item", apply, ticket_id, item_id)  # type: ignore[no-any-return]

    async def list_requested_items(self, ticket_id: int) -> list[dict[str, Any]]:
        self._read()
        return [dict(row) for row in self.items]

    # time entries and tasks -------------------------------------------------------------

    async def list_time_entries(self, ticket_id: int) -> AsyncIterator[dict[str, Any]]:
        self._read()
        for row in list(self.time_entries):
            yield dict(row)

    async def list_tasks(self, ticket_id: int) -> AsyncIterator[dict[str, Any]]:
        for row in list(self.tasks):
            yield dict(row)

    def _change(self, rows: list[dict[str, Any]], item_id: int, fields: Mapping[str, Any]) -> Any:
        for row in rows:
            if row["id"] == item_id:
                row.update(fields)
                return dict(row)
        raise NotFound("gone", status=404)

    async def update_time_entry(
        self, ticket_id: int, entry_id: int, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        return self._write(  # type: ignore[no-any-return]
            "update_time_entry", lambda: self._change(self.time_entries, entry_id, fields)
        )

    async def update_task(
        self, ticket_id: int, task_id: int, fields: Mapping[str, Any]
    ) -> dict[str, Any]:
        return self._write(  # type: ignore[no-any-return]
            "update_task", lambda: self._change(self.tasks, task_id, fields)
        )

    async def stop_timer(self, ticket_id: int, entry_id: int) -> dict[str, Any]:
        return self._write(  # type: ignore[no-any-return]
            "stop_timer",
            lambda: self._change(self.time_entries, entry_id, {"timer_running": False}),
        )

    async def create_time_entry(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            self._next += 1
            row = {"id": self._next, **fields}
            self.time_entries.append(row)
            return row

        return self._write("create_time_entry", apply, ticket_id)  # type: ignore[no-any-return]

    async def create_task(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            self._next += 1
            row = {"id": self._next, **fields}
            self.tasks.append(row)
            return row

        return self._write("create_task", apply, ticket_id)  # type: ignore[no-any-return]

    async def delete_task(self, ticket_id: int, task_id: int) -> None:
        def apply() -> None:
            before = len(self.tasks)
            self.tasks[:] = [t for t in self.tasks if t["id"] != task_id]
            if len(self.tasks) == before:
                raise NotFound("gone", status=404)

        self._write("delete_task", apply, ticket_id, task_id)

    # new tickets ------------------------------------------------------------------------

    async def create_ticket(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            self._next += 1
            row = {"id": self._next, **fields}
            self.created.append(row)
            return row

        return self._write("create_ticket", apply)  # type: ignore[no-any-return]

    async def list_tickets(self, **params: Any) -> AsyncIterator[dict[str, Any]]:
        self._read()
        for row in list(self.created):
            yield dict(row)

    # asset links ------------------------------------------------------------------------

    async def get_ticket(self, ticket_id: int, include: Any = ()) -> dict[str, Any]:
        self._read()
        return {
            "id": ticket_id,
            "updated_at": "2024-05-01T10:00:00Z",
            "assets": [{"display_id": d} for d in self.assets],
        }

    async def update_ticket(self, ticket_id: int, fields: Mapping[str, Any]) -> dict[str, Any]:
        def apply() -> dict[str, Any]:
            self.assets[:] = [int(a["display_id"]) for a in fields["assets"]]
            return {"id": ticket_id}

        return self._write("update_ticket", apply, ticket_id, dict(fields))  # type: ignore[no-any-return]


@pytest.fixture
def client() -> DeskClient:
    return DeskClient()


@pytest.fixture
def box(tmp_path: Path, client: DeskClient) -> Outbox:
    return Outbox(JsonCache(tmp_path / "cache"), client, resend_grace=0.0)  # type: ignore[arg-type]


async def after_a_lost_answer(box: Outbox, client: DeskClient, write: Write, applied: bool) -> Any:
    """Submit `write` whose first answer is lost (applied or not); return the next pass's."""
    client.lose.append(applied)
    first = await box.submit(write)
    assert first.outcome is Outcome.QUEUED
    results = await box.flush()
    assert len(results) == 1
    return results[0]


# ---- approvals ---------------------------------------------------------------------------------


def _request(approver: int = ME, **more: Any) -> Write:
    return Write("request_approval", TICKET, {"approver_id": approver, **more})


async def test_a_request_that_arrived_is_not_sent_again(box: Outbox, client: DeskClient) -> None:
    result = await after_a_lost_answer(box, client, _request(), applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["request_approval"]
    assert len(client.approvals) == 1
    assert box.pending() == []


async def test_a_request_that_never_arrived_is_sent_once_more(
    box: Outbox, client: DeskClient
) -> None:
    client.approvals.append({"id": 1, "approver_id": 99, "approval_status": {"id": 0}})
    client.approvals.append({"id": 2, "approver_id": ME, "approval_status": {"id": 1}})  # done
    result = await after_a_lost_answer(box, client, _request(), applied=False)
    assert result.outcome is Outcome.SENT
    assert client.names() == ["request_approval", "request_approval"]
    waiting = [a for a in client.approvals if a["approval_status"]["id"] == 0]
    assert [a["approver_id"] for a in waiting] == [99, ME]


async def test_within_the_grace_a_lost_request_is_looked_for_not_resent(
    tmp_path: Path, client: DeskClient
) -> None:
    box = Outbox(JsonCache(tmp_path / "c"), client, resend_grace=3600.0)  # type: ignore[arg-type]
    result = await after_a_lost_answer(box, client, _request(), applied=False)
    assert result.outcome is Outcome.QUEUED
    assert "checking" in result.message
    assert client.names() == ["request_approval"]


async def test_a_request_carries_its_type_and_message(box: Outbox, client: DeskClient) -> None:
    await box.submit(_request(approval_type=2, email_content="please"))
    await box.submit(_request(approver=12))
    (_name, args, kw), (_n2, args2, kw2) = client.sent
    assert args == (TICKET, ME) and kw == {"approval_type": 2, "email_content": "please"}
    assert args2 == (TICKET, 12) and kw2 == {"approval_type": 1, "email_content": None}


def _cancel(approval_id: int) -> Write:
    return Write("cancel_approval", TICKET, {"approval_id": approval_id})


async def test_a_cancel_that_arrived_is_not_sent_again(box: Outbox, client: DeskClient) -> None:
    client.approvals.append({"id": 5, "approver_id": ME, "approval_status": {"id": 0}})
    result = await after_a_lost_answer(box, client, _cancel(5), applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["cancel_approval"]


async def test_a_cancel_that_never_arrived_is_sent_again(box: Outbox, client: DeskClient) -> None:
    client.approvals.append({"id": 5, "approver_id": ME, "approval_status": {"id": 0}})
    result = await after_a_lost_answer(box, client, _cancel(5), applied=False)
    assert result.outcome is Outcome.SENT
    assert client.names() == ["cancel_approval", "cancel_approval"]
    assert client.sent[-1][1] == (TICKET, 5)


async def test_cancelling_an_approval_that_is_gone_is_rejected_with_the_reason(
    box: Outbox, client: DeskClient
) -> None:
    client.approvals.append({"id": 5, "approver_id": ME, "approval_status": {"id": 0}})
    client.lose.append(False)
    await box.submit(_cancel(5))
    client.approvals.clear()
    (result,) = await box.flush()
    assert result.outcome is Outcome.REJECTED
    assert client.names() == ["cancel_approval"]
    assert "gone" in (result.error or result.message)


async def test_a_reminder_is_simply_sent_again(box: Outbox, client: DeskClient) -> None:
    write = Write("remind_approval", TICKET, {"approval_id": 5})
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.SENT
    assert client.names() == ["remind_approval", "remind_approval"]
    assert client.sent[-1][1] == (TICKET, 5)


# ---- requested items ---------------------------------------------------------------------------


def _item(fields: dict[str, Any], item_id: int = 1) -> Write:
    return Write("update_requested_item", TICKET, {"item_id": item_id, "fields": fields})


async def test_an_item_change_that_arrived_is_not_sent_again(
    box: Outbox, client: DeskClient
) -> None:
    result = await after_a_lost_answer(box, client, _item({"quantity": 3}), applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["update_requested_item"]


async def test_an_item_change_that_never_arrived_is_sent_again(
    box: Outbox, client: DeskClient
) -> None:
    result = await after_a_lost_answer(
        box, client, _item({"quantity": 3, "stage": 1}), applied=False
    )
    assert result.outcome is Outcome.SENT
    assert client.names() == ["update_requested_item", "update_requested_item"]
    assert client.items[0]["quantity"] == 3
    assert client.sent[-1][1] == (TICKET, 1)


async def test_changing_a_requested_item_that_is_gone_is_rejected(
    box: Outbox, client: DeskClient
) -> None:
    client.lose.append(False)
    await box.submit(_item({"quantity": 3}))
    client.items.clear()
    (result,) = await box.flush()
    assert result.outcome is Outcome.REJECTED
    assert "gone" in (result.error or result.message)


# ---- time entries, tasks, the timer ------------------------------------------------------------


@pytest.mark.parametrize(
    ("write", "attr"),
    [
        (Write("update_time_entry", TICKET, {"entry_id": 21, "fields": {"note": "x"}}), "entry"),
        (Write("update_task", TICKET, {"task_id": 31, "fields": {"title": "new"}}), "task"),
    ],
    ids=["time entry", "task"],
)
async def test_an_item_update_that_arrived_is_not_sent_again(
    box: Outbox, client: DeskClient, write: Write, attr: str
) -> None:
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert len(client.sent) == 1


@pytest.mark.parametrize(
    "write",
    [
        Write("update_time_entry", TICKET, {"entry_id": 21, "fields": {"note": "x"}}),
        Write("update_task", TICKET, {"task_id": 31, "fields": {"title": "new"}}),
    ],
    ids=["time entry", "task"],
)
async def test_an_item_update_that_never_arrived_is_sent_again(
    box: Outbox, client: DeskClient, write: Write
) -> None:
    result = await after_a_lost_answer(box, client, write, applied=False)
    assert result.outcome is Outcome.SENT
    assert len(client.sent) == 2
    assert client.time_entries[0]["note"] == "x" or client.tasks[0]["title"] == "new"


@pytest.mark.parametrize(
    ("write", "what"),
    [
        (Write("update_time_entry", TICKET, {"entry_id": 21, "fields": {"note": "x"}}), "time"),
        (Write("update_task", TICKET, {"task_id": 31, "fields": {"title": "n"}}), "task"),
        (Write("stop_timer", TICKET, {"entry_id": 21}), "time"),
    ],
    ids=["time entry", "task", "timer"],
)
async def test_updating_an_item_that_is_gone_is_rejected_with_its_name(
    box: Outbox, client: DeskClient, write: Write, what: str
) -> None:
    client.time_entries[0]["timer_running"] = True
    client.lose.append(False)
    await box.submit(write)
    client.time_entries.clear()
    client.tasks.clear()
    (result,) = await box.flush()
    assert result.outcome is Outcome.REJECTED
    message = result.error or result.message
    assert "gone" in message and what in message
    assert "_" not in message.split("the ")[-1]  # "time entry", not "time_entrie"


async def test_a_stop_that_arrived_is_not_sent_again(box: Outbox, client: DeskClient) -> None:
    client.time_entries[0]["timer_running"] = True
    write = Write("stop_timer", TICKET, {"entry_id": 21})
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["stop_timer"]


async def test_a_stop_that_never_arrived_is_sent_again(box: Outbox, client: DeskClient) -> None:
    client.time_entries[0]["timer_running"] = True
    write = Write("stop_timer", TICKET, {"entry_id": 21})
    result = await after_a_lost_answer(box, client, write, applied=False)
    assert result.outcome is Outcome.SENT
    assert client.names() == ["stop_timer", "stop_timer"]
    assert client.time_entries[0]["timer_running"] is False


async def test_a_started_timer_that_arrived_is_recognised_by_its_agent(
    box: Outbox, client: DeskClient
) -> None:
    write = Write("start_timer", TICKET, {"agent_id": ME, "note": "n"})
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["create_time_entry"]
    running = [e for e in client.time_entries if e.get("timer_running")]
    assert len(running) == 1


async def test_another_agents_running_timer_is_not_mine(box: Outbox, client: DeskClient) -> None:
    client.time_entries.append({"id": 22, "agent_id": 99, "timer_running": True})
    write = Write("start_timer", TICKET, {"agent_id": ME, "note": "n"})
    result = await after_a_lost_answer(box, client, write, applied=False)
    assert result.outcome is Outcome.UNCERTAIN  # cannot tell: the agent decides
    assert client.names() == ["create_time_entry"]


async def test_a_timer_without_an_agent_is_recognised_by_any_running_one(
    box: Outbox, client: DeskClient
) -> None:
    client.time_entries.append({"id": 22, "agent_id": 99, "timer_running": True})
    write = Write("start_timer", TICKET, {"note": "n"})
    result = await after_a_lost_answer(box, client, write, applied=False)
    assert result.outcome is Outcome.ALREADY_DELIVERED


async def test_a_new_task_whose_answer_was_lost_waits_for_the_agent(
    box: Outbox, client: DeskClient
) -> None:
    write = Write("task", TICKET, {"title": "call back"})
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.UNCERTAIN
    assert client.names() == ["create_task"]
    assert [q.write.kind for q in box.pending()] == ["task"]
    await box.flush()  # held: not resent without the agent
    assert client.names() == ["create_task"]


async def test_a_delete_whose_answer_was_lost_is_sent_again_and_a_404_means_done(
    box: Outbox, client: DeskClient
) -> None:
    write = Write("delete_task", TICKET, {"task_id": 31})
    result = await after_a_lost_answer(box, client, write, applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["delete_task", "delete_task"]


# ---- asset links -------------------------------------------------------------------------------


async def test_linking_an_asset_keeps_the_others_and_a_link_already_there_is_not_sent(
    box: Outbox, client: DeskClient
) -> None:
    first = await box.submit(Write("link_asset", TICKET, {"display_id": 200}))
    assert first.outcome is Outcome.SENT
    assert client.assets == [100, 200]
    again = await box.submit(Write("link_asset", TICKET, {"display_id": 100}))
    assert again.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["update_ticket"]


async def test_unlinking_keeps_the_others_and_an_absent_link_is_not_sent(
    box: Outbox, client: DeskClient
) -> None:
    client.assets[:] = [100, 200, 300]
    first = await box.submit(Write("unlink_asset", TICKET, {"display_id": 200}))
    assert first.outcome is Outcome.SENT
    assert client.assets == [100, 300]
    again = await box.submit(Write("unlink_asset", TICKET, {"display_id": 200}))
    assert again.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["update_ticket"]


# ---- new tickets, the resend grace, the network gone during a check ------------------------------


def _new_ticket() -> Write:
    fields = {"subject": "printer", "description": "it jams", "requester_id": 3}
    return Write("create_ticket", 0, {"fields": fields})


async def test_a_new_ticket_that_was_created_is_not_created_again(
    box: Outbox, client: DeskClient
) -> None:
    result = await after_a_lost_answer(box, client, _new_ticket(), applied=True)
    assert result.outcome is Outcome.ALREADY_DELIVERED
    assert client.names() == ["create_ticket"] and len(client.created) == 1


async def test_a_new_ticket_that_was_not_created_is_created_once(
    box: Outbox, client: DeskClient
) -> None:
    result = await after_a_lost_answer(box, client, _new_ticket(), applied=False)
    assert result.outcome is Outcome.SENT
    assert client.names() == ["create_ticket", "create_ticket"] and len(client.created) == 1


@pytest.mark.parametrize("now", [5000.0, 0.0], ids=["clock", "clock at zero"])
@pytest.mark.parametrize("write", [_new_ticket(), _request()], ids=["new ticket", "approval"])
async def test_the_grace_is_over_the_moment_it_has_passed(
    tmp_path: Path, client: DeskClient, write: Write, now: float
) -> None:
    # A frozen clock: the second pass comes 0 s after the first attempt, the grace is 0 s.
    cache = JsonCache(tmp_path / "c")
    box = Outbox(cache, client, resend_grace=0.0, clock=lambda: now)  # type: ignore[arg-type]
    result = await after_a_lost_answer(box, client, write, applied=False)
    assert result.outcome is Outcome.SENT


@pytest.mark.parametrize(
    "first",
    [
        _request(),
        _item({"quantity": 3}),
        Write("update_time_entry", TICKET, {"entry_id": 21, "fields": {"note": "x"}}),
        _new_ticket(),
    ],
    ids=["approvals", "requested items", "time entries", "new ticket search"],
)
async def test_the_network_gone_during_a_check_stops_the_pass(
    box: Outbox, client: DeskClient, first: Write
) -> None:
    client.lose.append(False)
    await box.submit(first)
    other = Write("remind_approval", TICKET + 1, {"approval_id": 5})
    client.lose.append(False)
    await box.submit(other)
    sent = len(client.sent)
    client.read_faults.append(NetworkError("connection reset"))
    await box.flush()
    assert len(client.sent) == sent  # the other ticket's write was not tried: offline
    assert len(box.pending()) == 2


async def test_the_network_gone_while_reading_the_asset_list_stops_the_pass(
    box: Outbox, client: DeskClient
) -> None:
    client.read_faults.append(NetworkError("connection reset"))
    first = await box.submit(Write("link_asset", TICKET, {"display_id": 200}))
    assert first.outcome is Outcome.QUEUED
    client.lose.append(False)
    await box.submit(Write("remind_approval", TICKET + 1, {"approval_id": 5}))
    assert client.names() == ["remind_approval"]
    client.read_faults.append(NetworkError("connection reset"))
    await box.flush()
    assert client.names() == ["remind_approval"]  # offline: nothing else tried
