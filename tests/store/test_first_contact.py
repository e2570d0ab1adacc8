"""The first minute on an account, against the in-process sandbox over HTTP.

What an agent meets on a fresh machine: My open's rows (with requester names) one round trip
after the essentials, while the mirror of every open ticket fills behind with visible progress;
queues whose count is not known yet say so instead of claiming zero; a fill cut short resumes;
once whole, an idle refresh costs one delta call and no directory paging.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient
from fstui.store.cache import JsonCache
from fstui.store.connectivity import Connectivity
from fstui.store.events import StoreEvent, SyncProgress
from fstui.store.queues import ALL_OPEN, MY_OPEN, UNASSIGNED
from fstui.store.settings import StoreSettings
from fstui.store.store import Store
from fstui.store.sync import PAUSED_OFFLINE

from .harness import Clock, CountingTransport, sandbox_parts

TICKETS = 3000


@pytest.fixture(scope="module")
def sandbox_app() -> Any:
    create_app, SandboxConfig, _transport, _key = sandbox_parts()
    return create_app(SandboxConfig(tickets=TICKETS, plan="unlimited"))


class Harness:
    def __init__(self, app: Any, directory: Path) -> None:
        _, _, sandbox_transport, key = sandbox_parts()
        self.app = app
        self.key = key
        self.counting = CountingTransport(sandbox_transport(app))
        self.directory = directory
        self.clock = Clock(1_900_000_000.0)

    async def open(self, connectivity: Connectivity | None = None) -> Store:
        from fstui.sandbox.config import DEMO_AGENT_EMAIL

        self.client = FreshserviceClient("http://127.0.0.1", self.key, transport=self.counting)
        await self.client.__aenter__()
        self.cache = JsonCache(self.directory, clock=self.clock)
        return Store(
            self.client,
            self.cache,
            me_email=DEMO_AGENT_EMAIL,
            settings=StoreSettings(),
            clock=self.clock,
            api_key=self.key,
            connectivity=connectivity,
        )

    async def close(self, store: Store) -> None:
        await store.aclose()
        await self.client.__aexit__(None, None, None)
        self.cache.close()

    def paths(self) -> list[str]:
        return [path.removeprefix("/api/v2") for _, path in self.counting.requests]


@pytest.fixture
async def harness(sandbox_app: Any, tmp_path: Path) -> AsyncIterator[Harness]:
    yield Harness(sandbox_app, tmp_path / "cache")


async def test_my_open_comes_first_with_names_and_unknown_counts_stay_unknown(
    harness: Harness,
) -> None:
    store = await harness.open()
    try:
        await store.refdata.me()
        await store.queues.refresh(MY_OPEN)
        rows = store.queue(MY_OPEN).value
        assert rows, "My open has rows in the sandbox"
        # Rows and names came with the same calls: me, then new_and_my_open pages.
        assert set(harness.paths()) == {"/agents", "/tickets"}
        names = [store.names.requester(t.requester_id) for t in rows]
        assert not [n for n in names if n == "…" or n.startswith("requester ")], names
        counts = store.queue_counts()
        assert counts[MY_OPEN] == len(rows)
        # Nothing is known about the others until the mirror is whole: never a false zero.
        assert counts[ALL_OPEN] is None and counts[UNASSIGNED] is None
        assert not store.mirror.loaded
    finally:
        await harness.close(store)


async def test_a_first_contact_row_opens_with_its_subject_before_the_mirror_holds_it(
    harness: Harness,
) -> None:
    """Enter on a first-contact row: the ticket screen's header reads the row at once (no
    call), instead of `#N loading…` until the detail arrives."""
    store = await harness.open()
    try:
        await store.refdata.me()
        await store.queues.refresh(MY_OPEN)
        row = store.queue(MY_OPEN).value[0]
        assert row.id is not None and store.mirror.get(row.id) is None
        calls = len(harness.paths())
        peeked = store.peek_ticket(row.id)
        assert peeked is not None and peeked.value.subject == row.subject and peeked.stale
        assert len(harness.paths()) == calls
    finally:
        await harness.close(store)


async def test_the_fill_reports_progress_and_then_every_count_is_known(harness: Harness) -> None:
    store = await harness.open()
    heard: list[StoreEvent] = []
    store.events.subscribe(heard.append)
    try:
        await store.refresh(MY_OPEN, initial=True)
        await store.syncer.wait_for_fill()
        progress = [e for e in heard if isinstance(e, SyncProgress)]
        assert progress[-1].complete and progress[-1].message == ""
        partial = [e for e in progress if not e.complete]
        assert partial and partial[-1].total is not None
        assert [e.done for e in partial] == sorted(e.done for e in partial)
        assert partial[-1].message.startswith(f"Loading open tickets {partial[-1].done}/")
        assert store.mirror.loaded
        counts = store.queue_counts()
        assert all(isinstance(c, int) for c in counts.values()), counts
        assert counts[ALL_OPEN] == len(store.mirror)
        assert harness.paths().count("/tickets/filter") == partial[-1].total
    finally:
        await harness.close(store)


async def test_a_fill_says_it_is_paused_while_offline_and_goes_on_after(harness: Harness) -> None:
    """A fill waiting for budget sends nothing, so nothing fails when the network goes: the
    status bar said "about 3 min at the Starter limit" beside OFFLINE (tmux, 20k tickets)."""
    connectivity = Connectivity(failure_threshold=1)
    store = await harness.open(connectivity)
    messages: list[str] = []

    def on_event(event: StoreEvent) -> None:
        if isinstance(event, SyncProgress) and not event.complete:
            messages.append(event.message)
            if len(messages) == 2:  # a page in: the network goes (as a failed ticket read says)
                connectivity.mark_offline()
                connectivity.record_success()  # and is back before the fill's next page

    store.events.subscribe(on_event)
    try:
        await store.refdata.me()
        store.syncer.ensure_fill()
        await store.syncer.wait_for_fill()
        paused = [i for i, m in enumerate(messages) if m.endswith(f" · {PAUSED_OFFLINE}")]
        assert paused == [2], messages[:4]
        assert messages[2].startswith("Loading open tickets ")
        # back online, the note goes at once, not at the fill's next page (which may wait for
        # its budget): the same words without a time estimate
        assert messages[3] == messages[2].removesuffix(f" · {PAUSED_OFFLINE}"), messages[:4]
        assert " · " in messages[4]  # and the pages after it estimate again
        assert connectivity.is_online and store.mirror.loaded
    finally:
        await harness.close(store)


async def test_a_fill_cut_short_resumes_where_it_stopped(harness: Harness) -> None:
    store = await harness.open()
    three_pages = asyncio.Event()

    def on_event(event: StoreEvent) -> None:
        if isinstance(event, SyncProgress) and not event.complete and event.done >= 3:
            three_pages.set()

    store.events.subscribe(on_event)
    await store.refdata.me()
    # Pages take a moment, as over a network: on an idle fast machine the whole fill used to
    # finish before this test could quit, leaving nothing to resume (a test that raced the clock).
    faults = harness.app.state.sandbox.faults
    faults.latency_s = 0.05
    try:
        store.syncer.ensure_fill()
        await three_pages.wait()
        await harness.close(store)  # quit mid-fill: the task is cancelled
    finally:
        faults.latency_s = 0.0
    first_run = harness.paths().count("/tickets/filter")
    state = None
    again = await harness.open()
    try:
        state = again.syncer.fill_state()
        assert state is not None and state.next_page > 1
        resume_from = state.next_page
        again.syncer.ensure_fill()
        await again.syncer.wait_for_fill()
        assert again.mirror.loaded
        total_pages = -(-(state.total or 0) // 30)
        second_run = harness.paths().count("/tickets/filter") - first_run
        assert second_run == total_pages - resume_from + 1
        counts = again.queue_counts()
        assert counts[ALL_OPEN] == len(again.mirror)
    finally:
        await harness.close(again)


async def test_an_idle_refresh_costs_one_delta_and_never_pages_the_directory(
    harness: Harness,
) -> None:
    store = await harness.open()
    try:
        await store.refresh(MY_OPEN, initial=True)
        await store.syncer.wait_for_fill()
        await store.refresh(MY_OPEN)  # first-response backfill, names of My open
        harness.counting.reset()
        for _ in range(3):
            harness.clock.now += 60
            await store.refresh(MY_OPEN)
        assert harness.paths() == ["/tickets"] * 3, harness.counting.requests
        # Names asked for once are not asked for again, also in the next run.
        await harness.close(store)
        store = await harness.open()
        harness.counting.reset()
        harness.clock.now += 60
        await store.refresh(MY_OPEN)
        assert "/requesters" not in harness.paths()
    finally:
        await harness.close(store)


async def test_reopening_a_changed_ticket_does_not_pay_to_embed_its_requester_again(
    harness: Harness,
) -> None:
    """Each include costs a credit on a show (reference line 891): My open's first-contact
    rows embedded the requester already, so neither the first read nor a re-read pays to
    embed it; both show the name and email those rows brought."""
    store = await harness.open()
    includes: list[str] = []
    inner = harness.counting.handle_async_request

    async def spy(request: Any) -> Any:
        if request.url.path.removeprefix("/api/v2/tickets/").isdigit():
            includes.append(request.url.params.get("include", ""))
        return await inner(request)

    harness.counting.handle_async_request = spy  # type: ignore[method-assign]
    try:
        await store.refresh(MY_OPEN, initial=True)
        ticket = store.queue(MY_OPEN).value[0]
        assert ticket.id is not None
        first = await store.ticket(ticket.id)
        assert first.value.requester is not None and first.value.requester.email
        again = await store.ticket(ticket.id, force=True)
        assert again.value.requester is not None
        assert again.value.requester.email == first.value.requester.email
        assert [set(i.split(",")) for i in includes] == [
            {"conversations", "tags"},
            {"conversations", "tags"},
        ]
    finally:
        await harness.close(store)
