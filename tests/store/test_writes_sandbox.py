"""The writes service against the in-process sandbox with faults: nothing lost, nothing twice,
and what is delivered later lands in the mirror and reaches whoever listens.

Each test counts what really landed on the (sandbox) server. API reference lines cited:
PUT /api/v2/tickets/[id] replaces `assets` as a whole (freshservice-api-v2.txt, "Update a
Ticket"), time entries and tasks are ticket children with their own PUT/DELETE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from fstui.api import NetworkError
from fstui.api.models import Ticket
from fstui.store.drafts import DraftKey
from fstui.store.outbox import Outcome, body_has_token

from .harness import World


def an_open_ticket(w: World, *, besides: tuple[int, ...] = ()) -> dict[str, Any]:
    for row in w.store.mirror.tickets():
        if row.get("status") == 2 and row["id"] not in besides:
            return row
    raise AssertionError("the sandbox should have open tickets")


def other_priority(row: dict[str, Any], *avoid: int) -> int:
    return next(p for p in (1, 2, 3, 4) if p != row.get("priority") and p not in avoid)


async def server_ticket(w: World, ticket_id: int) -> Ticket:
    return await w.client.get_ticket(ticket_id)


def mirror_priority(w: World, ticket_id: int) -> Any:
    row = w.store.mirror.get(ticket_id)
    assert row is not None
    return row.get("priority")


def puts_to(w: World, ticket_id: int) -> int:
    return w.transport.requests.count(("PUT", f"/api/v2/tickets/{ticket_id}"))


# --- the bug from the issue: a property change queued after a failed bulk was never sent ------


async def test_offline_edit_after_offline_bulk_is_delivered_after_reconnect(world: World) -> None:
    """Issue #14: bulk priority offline, then a single edit on the ticket screen, offline.

    The ticket screen offline only has the mirror row (no tags, no category). Its edit used to
    claim the agent had seen those fields empty; the conflict check then found "changes" that
    were none and held the write forever: a GET, never the PUT. Now both go, in order.
    """
    w = world
    row = an_open_ticket(w)
    ticket_id = row["id"]
    urgent, medium = 4, 2 if row.get("priority") != 2 else 3
    w.outbox.start()
    w.faults.offline = True
    bulk = await w.writes.bulk_update([row], {"priority": urgent})
    assert bulk.queued == [ticket_id] and not bulk.failed, "offline, a bulk action queues"
    assert bulk.summary("Priority → Urgent") == "Priority → Urgent: 0 done, 1 queued"

    seen = w.store.peek_ticket(ticket_id)
    assert seen is not None
    single = await w.writes.update_ticket(seen.value, {"priority": medium})
    assert single.outcome is Outcome.QUEUED
    assert w.writes.pending_fields(ticket_id) == {"priority": (row.get("priority"), medium)}
    assert w.writes.counts().queued == 2

    w.faults.offline = False
    await w.connectivity.track(server_ticket(w, ticket_id))  # any request notices the way back
    await w.delivered(ticket_id, count=2)

    assert (await server_ticket(w, ticket_id)).priority == medium, "the later edit wins"
    assert puts_to(w, ticket_id) == 2
    assert w.outbox.pending() == [], "nothing held"
    assert mirror_priority(w, ticket_id) == medium, "the mirror took the answer"
    assert w.writes.pending_fields(ticket_id) == {}


async def test_edit_from_the_mirror_row_after_a_failed_direct_write_is_delivered(
    world: World,
) -> None:
    """The issue's exact sequence with the old bulk path (a direct PUT that fails offline and
    marks the session offline): the ticket screen then only has the mirror row, and its edit,
    queued, is sent once the sandbox is back (no conflict about fields the row never had)."""
    w = world
    row = an_open_ticket(w)
    ticket_id = row["id"]
    wanted = other_priority(row)
    w.outbox.start()
    w.faults.offline = True
    with pytest.raises(NetworkError):
        await w.store.update_ticket(ticket_id, {"priority": 4})
    seen = w.store.peek_ticket(ticket_id)
    assert seen is not None
    assert (await w.writes.update_ticket(seen.value, {"priority": wanted})).outcome is (
        Outcome.QUEUED
    )
    w.faults.offline = False
    await w.delivered(ticket_id)
    assert (await server_ticket(w, ticket_id)).priority == wanted
    assert w.outbox.pending() == []


async def test_offline_edit_is_delivered_after_a_restart(world: World) -> None:
    w = world
    row = an_open_ticket(w)
    ticket_id = row["id"]
    wanted = other_priority(row)
    w.faults.offline = True
    w.connectivity.mark_offline()
    seen = w.store.peek_ticket(ticket_id)
    assert seen is not None
    result = await w.writes.update_ticket(seen.value, {"priority": wanted})
    assert result.outcome is Outcome.QUEUED
    await w.close()  # fstui quits with the write queued

    w.faults.offline = False
    w.events.clear()
    w.rebuild()  # fstui starts again on the same cache
    assert w.writes.pending_fields(ticket_id) == {"priority": (row.get("priority"), wanted)}
    w.outbox.start()
    await w.delivered(ticket_id)

    assert (await server_ticket(w, ticket_id)).priority == wanted
    assert mirror_priority(w, ticket_id) == wanted
    assert w.outbox.pending() == []


async def test_late_delivery_by_the_retry_loop_updates_mirror_and_listeners(world: World) -> None:
    w = world
    row = an_open_ticket(w)
    ticket_id = row["id"]
    wanted = other_priority(row)
    w.outbox.start()
    w.faults.offline = True
    result = await w.writes.update_ticket(row, {"priority": wanted})
    assert result.outcome is Outcome.QUEUED
    assert mirror_priority(w, ticket_id) == row.get("priority"), "not yet"
    assert [e.what for e in w.events if e.ticket_id == ticket_id] == ["queued"]

    w.faults.offline = False  # the prober notices; the retry loop delivers
    await w.delivered(ticket_id)
    event = next(e for e in w.events if e.what == "delivered")
    assert event.kind == "update_ticket" and event.fields == frozenset({"priority"})
    assert mirror_priority(w, ticket_id) == wanted
    peek = w.store.peek_ticket(ticket_id)
    assert peek is not None and peek.value.priority == wanted


# --- bulk -------------------------------------------------------------------------------------


async def test_bulk_online_conflict_fails_that_ticket_and_retry_rebases(world: World) -> None:
    w = world
    first = an_open_ticket(w)
    second = an_open_ticket(w, besides=(first["id"],))
    # Another agent changes the second ticket's group after our mirror saw it.
    other_priority_value = other_priority(second)
    await w.client.update_ticket(second["id"], {"priority": other_priority_value})
    wanted_status = 3
    progress: list[int] = []
    outcome = await w.writes.bulk_update(
        [first, second], {"status": wanted_status}, progress=lambda i: progress.append(i.ticket_id)
    )
    assert progress == [first["id"], second["id"]]
    assert outcome.done == [first["id"]]
    assert list(outcome.failed) == [second["id"]]
    assert "(Priority)" in outcome.failed[second["id"]]  # the field as the agent calls it
    assert (await server_ticket(w, second["id"])).status == second["status"], "not overwritten"
    assert w.outbox.pending() == [], "a bulk conflict is reported, not left waiting"

    again = await w.writes.retry_bulk(outcome)
    assert again.done == [second["id"]]
    assert (await server_ticket(w, second["id"])).status == wanted_status
    assert (await server_ticket(w, second["id"])).priority == other_priority_value


# --- replies: queued is not also a draft ------------------------------------------------------


async def test_queued_reply_is_not_a_draft_and_goes_once(world: World) -> None:
    """Issue #14: a reply queued offline came back as a draft on `r` and went out twice."""
    w = world
    ticket_id = an_open_ticket(w)["id"]
    key = DraftKey(ticket_id, "reply")
    w.drafts.save(key, "The printer is fixed.")
    w.faults.offline = True
    w.connectivity.mark_offline()
    result = await w.writes.send_reply(
        ticket_id, "<p>The printer is fixed.</p>", text="The printer is fixed."
    )
    assert result.outcome is Outcome.QUEUED
    assert w.drafts.load(key) is None, "`r` must not restore the queued text as a draft"
    queued = w.writes.queued_message(ticket_id, "reply")
    assert queued is not None and queued.text == "The printer is fixed."
    assert queued.token == result.write.idempotency_token

    assert await w.writes.edit_body(queued.token, "<p>The printer is fixed now.</p>")
    w.faults.offline = False
    w.outbox.start()
    await w.delivered(ticket_id)
    bodies = [c.body or "" async for c in w.client.list_conversations(ticket_id)]
    mine = [b for b in bodies if body_has_token(b, queued.token)]
    assert len(mine) == 1 and "fixed now" in mine[0]
    assert w.writes.queued_message(ticket_id, "reply") is None


async def test_dropping_a_queued_reply_gives_the_text_back_as_a_draft(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    w.connectivity.mark_offline()
    w.faults.offline = True
    result = await w.writes.send_reply(ticket_id, "<p>Hello</p>", text="Hello")
    assert w.writes.drop(result.write.idempotency_token)
    draft = w.drafts.load(DraftKey(ticket_id, "reply"))
    assert draft is not None and draft.text == "Hello"
    assert w.outbox.pending() == []
    assert w.events[-1].what == "dropped"


# --- each new kind's in-doubt rule ------------------------------------------------------------


def path_is(method: str, suffix: str) -> Callable[[httpx.Request], bool]:
    return lambda r: r.method == method and r.url.path.endswith(suffix)


async def my_agent_id(w: World) -> int:
    me = await w.store.me()
    assert me is not None and me.id is not None
    return me.id


async def running_timers(w: World, ticket_id: int, agent_id: int) -> int:
    entries = [e async for e in w.client.list_time_entries(ticket_id)]
    return sum(1 for e in entries if e.timer_running and e.agent_id == agent_id)


async def test_timer_start_timeout_does_not_start_two_timers(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    me = await my_agent_id(w)
    w.transport.lose(path_is("POST", "/time_entries"))
    first = await w.writes.start_timer(ticket_id, agent_id=me)
    assert first.outcome is Outcome.QUEUED, "the answer was lost: in doubt"
    assert await running_timers(w, ticket_id, me) == 1
    timer = w.writes.running_timer()
    assert timer is not None and timer.ticket_id == ticket_id and timer.entry_id is None

    assert await w.settled(first) is Outcome.ALREADY_DELIVERED, "the running timer is recognised"
    assert await running_timers(w, ticket_id, me) == 1
    timer = w.writes.running_timer()
    assert timer is not None and timer.entry_id is not None, "learned which entry it is"
    posts = w.transport.requests.count(("POST", f"/api/v2/tickets/{ticket_id}/time_entries"))
    assert posts == 1

    stopped = await w.writes.stop_timer(ticket_id, timer.entry_id)
    assert stopped.delivered
    assert await running_timers(w, ticket_id, me) == 0
    assert w.writes.running_timer() is None


async def test_timer_start_in_doubt_without_a_running_timer_waits_for_the_agent(
    world: World,
) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    me = await my_agent_id(w)
    w.transport.lose(path_is("POST", "/time_entries"))
    first = await w.writes.start_timer(ticket_id, agent_id=me)
    assert first.outcome is Outcome.QUEUED
    # Someone stops it before we look again: nothing on the server says our start arrived.
    entries = [e async for e in w.client.list_time_entries(ticket_id)]
    running = next(e for e in entries if e.timer_running and e.agent_id == me)
    assert running.id is not None
    await w.client.stop_timer(ticket_id, running.id)

    assert await w.settled(first) is Outcome.UNCERTAIN, "not resent blindly"
    assert w.writes.counts().attention == 1
    [entry] = w.writes.entries()
    assert entry.state == "uncertain" and entry.summary == "Start timer"


async def test_time_entry_edit_and_delete_recognised_after_lost_answers(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    me = await my_agent_id(w)
    added = await w.writes.add_time_entry(ticket_id, time_spent="00:30", agent_id=me)
    assert added.delivered
    entry_id = added.response.id

    w.transport.lose(path_is("PUT", f"/time_entries/{entry_id}"))
    edit = await w.writes.update_time_entry(ticket_id, entry_id, {"note": "Swapped the disk"})
    assert edit.outcome is Outcome.QUEUED
    assert await w.settled(edit) is Outcome.ALREADY_DELIVERED, "the entry holds the note"
    puts = w.transport.requests.count(
        ("PUT", f"/api/v2/tickets/{ticket_id}/time_entries/{entry_id}")
    )
    assert puts == 1

    w.transport.lose(path_is("DELETE", f"/time_entries/{entry_id}"))
    gone = await w.writes.delete_time_entry(ticket_id, entry_id)
    assert gone.outcome is Outcome.QUEUED
    assert await w.settled(gone) is Outcome.ALREADY_DELIVERED, "a 404 on the resend: done"
    assert [e async for e in w.client.list_time_entries(ticket_id) if e.id == entry_id] == []


async def test_task_edit_recognised_and_delete_goes_once(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    added = await w.writes.add_task(ticket_id, {"title": "Order toner", "description": "x"})
    assert added.delivered
    task_id = added.response.id
    w.transport.lose(path_is("PUT", f"/tasks/{task_id}"))
    edit = await w.writes.update_task(ticket_id, task_id, {"title": "Order toner (2)"})
    assert edit.outcome is Outcome.QUEUED
    assert await w.settled(edit) is Outcome.ALREADY_DELIVERED
    puts = w.transport.requests.count(("PUT", f"/api/v2/tickets/{ticket_id}/tasks/{task_id}"))
    assert puts == 1, "recognised, not sent again"
    assert (await w.writes.delete_task(ticket_id, task_id)).delivered
    assert [t async for t in w.client.list_tasks(ticket_id) if t.id == task_id] == []


async def test_asset_link_and_unlink_go_through_the_outbox(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    assets = await w.client.list_assets(per_page=2).first_page()
    display_id = assets[0].display_id
    assert display_id is not None

    w.faults.offline = True
    w.connectivity.mark_offline()
    queued = await w.writes.link_asset(ticket_id, display_id)
    assert queued.outcome is Outcome.QUEUED, "offline, a link queues like any write"
    w.faults.offline = False
    assert await w.settled(queued) is Outcome.SENT
    assert display_id in await w.store.assets.linked_ids(ticket_id)

    again = await w.writes.link_asset(ticket_id, display_id)
    assert again.outcome is Outcome.ALREADY_DELIVERED, "already linked: nothing sent"
    unlinked = await w.writes.unlink_asset(ticket_id, display_id)
    assert unlinked.outcome is Outcome.SENT
    assert display_id not in await w.store.assets.linked_ids(ticket_id)


async def test_a_tags_write_sees_someone_elses_tag_change(world: World) -> None:
    """PUT replaces the whole tag list (reference line 1433) and a plain ticket read leaves tags
    out (line 894): a tags write reads them (include=tags) so it does not wipe another's."""
    w = world
    ticket_id = an_open_ticket(w)["id"]
    seen = await w.client.update_ticket(ticket_id, {"tags": ["vpn"]})  # what the agent saw
    await w.client.update_ticket(ticket_id, {"tags": ["vpn", "urgent"]})  # another agent
    result = await w.writes.update_ticket(seen, {"tags": ["vpn", "laptop"]})
    assert result.outcome is Outcome.CONFLICT
    assert [c.name for c in result.changed_fields] == ["tags"]
    after = await w.client.get_ticket(ticket_id, include=("tags",))
    assert after.tags == ["vpn", "urgent"], "nothing wiped"


async def test_timer_stop_and_asset_link_recognised_after_lost_answers(world: World) -> None:
    w = world
    ticket_id = an_open_ticket(w)["id"]
    me = await my_agent_id(w)
    started = await w.writes.start_timer(ticket_id, agent_id=me)
    assert started.delivered
    entry_id = started.response.id
    w.transport.lose(path_is("PUT", f"/time_entries/{entry_id}"))
    stop = await w.writes.stop_timer(ticket_id, entry_id)
    assert stop.outcome is Outcome.QUEUED
    assert await w.settled(stop) is Outcome.ALREADY_DELIVERED, "the entry is stopped already"
    assert await running_timers(w, ticket_id, me) == 0

    assets = await w.client.list_assets(per_page=1).first_page()
    display_id = assets[0].display_id
    assert display_id is not None
    w.transport.lose(path_is("PUT", f"/tickets/{ticket_id}"))
    link = await w.writes.link_asset(ticket_id, display_id)
    assert link.outcome is Outcome.QUEUED
    assert await w.settled(link) is Outcome.ALREADY_DELIVERED, "the list holds it already"
    assert puts_to(w, ticket_id) == 1, "not sent twice"
