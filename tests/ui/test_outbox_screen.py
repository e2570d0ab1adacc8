"""The outbox screen with Pilot: what it lists, what its keys do, and how it looks.

Most tests drive a scripted writes service (fixed entries and clock, so snapshots are stable);
one drives the real writes service over the in-process sandbox, offline then back.

Regenerate the snapshots after a deliberate change with
`.venv/bin/pytest tests/ui/test_outbox_screen.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from fstui.store.outbox import Outcome, SubmitResult, Write
from fstui.store.writes import WriteCounts, WriteEntry, WriteEvent
from fstui.ui.messages import OpenTicket
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.screens.outbox import EditBodyScreen, EditFieldsScreen, OutboxScreen
from tests.pilot_support import SNAPSHOT_SIZES, SnapCompare

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
T = NOW.timestamp()
PRIORITIES = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}


def to_html(text: str) -> str:
    return "<p>" + html.escape(text) + "</p>"


def describe(name: str, value: Any) -> str:
    if name == "priority" and value in PRIORITIES:
        return PRIORITIES[value]
    return str(value)


def entry(token: str, ticket_id: int, kind: Any, state: Any, **more: Any) -> WriteEntry:
    base: dict[str, Any] = {
        "token": token,
        "ticket_id": ticket_id,
        "kind": kind,
        "state": state,
        "summary": "",
        "message": "waiting to be sent",
        "created_at": T - 300,
        "last_attempt_at": None,
        "attempts": 0,
        "in_doubt": False,
        "editable": None,
        "payload": {},
    }
    base.update(more)
    return WriteEntry(**base)


def sample() -> list[WriteEntry]:
    return [
        entry("tok-reply-1", 101, "reply", "queued", summary="Reply", editable="body",
              payload={"body": "<p>Printer fixed</p>", "text": "Printer fixed, try again."},
              message="will retry (offline)", attempts=3, created_at=T - 720),
        entry("tok-update-2", 102, "update_ticket", "conflict", summary="Change: priority → 4",
              editable="fields", payload={"priority": 4},
              message="changed by someone else: status", attempts=1),
        entry("tok-timer-3", 103, "start_timer", "uncertain", summary="Start timer",
              message="may have arrived already: check the ticket, retry or drop",
              in_doubt=True, attempts=1, created_at=T - 3600),
        entry("tok-note-4", 104, "note", "rejected", summary="Note (private)", editable="body",
              payload={"body": "<p>[bold red]x[/]</p>", "text": "[bold red]Called[/] user"},
              message="refused: Validation failed: body", attempts=1, created_at=T - 86400),
    ]  # fmt: skip


class ScriptedWrites:
    """A writes service with fixed entries; records what the screen asked of it."""

    def __init__(self, entries: list[WriteEntry]) -> None:
        self.items = list(entries)
        self.listeners: list[Callable[[WriteEvent], None]] = []
        self.retried: list[str] = []
        self.dropped: list[str] = []
        self.bodies: list[tuple[str, str, str | None]] = []
        self.values: list[tuple[str, str, Any]] = []

    def entries(self) -> list[WriteEntry]:
        return list(self.items)

    def counts(self) -> WriteCounts:
        attention = sum(1 for e in self.items if e.needs_attention)
        return WriteCounts(len(self.items) - attention, attention)

    def add_listener(self, callback: Callable[[WriteEvent], None]) -> Callable[[], None]:
        self.listeners.append(callback)
        return lambda: self.listeners.remove(callback)

    def deliver(self, token: str) -> None:
        """As if the retry loop delivered it: gone, and announced."""
        gone = next(e for e in self.items if e.token == token)
        self.items.remove(gone)
        for listener in list(self.listeners):
            listener(WriteEvent("delivered", gone.ticket_id, gone.kind, token, "sent"))

    async def retry(self, token: str) -> SubmitResult:
        self.retried.append(token)
        found = next(e for e in self.items if e.token == token)
        self.deliver(token)
        write = Write(found.kind, found.ticket_id, {"body": "x"}, idempotency_token=token)
        return SubmitResult(Outcome.SENT, write, "sent")

    def drop(self, token: str) -> bool:
        self.dropped.append(token)
        self.items = [e for e in self.items if e.token != token]
        return True

    async def edit_body(self, token: str, body_html: str, *, text: str | None = None) -> bool:
        self.bodies.append((token, body_html, text))
        self.items = [
            replace(e, payload={**e.payload, "body": body_html, "text": text})
            if e.token == token
            else e
            for e in self.items
        ]
        return True

    async def edit_value(self, token: str, name: str, value: Any) -> bool:
        self.values.append((token, name, value))
        return True


class OutboxHost(App[None]):
    """Pushes the outbox on start and records what it asked the app to open."""

    def __init__(self, writes: Any) -> None:
        super().__init__()
        self.writes = writes
        self.opened: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("queue underneath")

    def on_mount(self) -> None:
        self.push_screen(
            OutboxScreen(self.writes, to_html=to_html, describe=describe, now=lambda: NOW)
        )

    def on_open_ticket(self, message: OpenTicket) -> None:
        self.opened.append(message.ticket_id)


def prompts(app: App[Any]) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_lists_each_write_with_state_and_why() -> None:
    app = OutboxHost(ScriptedWrites(sample()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#outbox-box").border_title == "Outbox (1 queued, 3 need you)"
        rows = prompts(app)
        assert rows[0].startswith("queued   #101")
        assert "Reply: Printer fixed, try again." in rows[0] and "12m ago" in rows[0]
        assert rows[1].startswith("conflict #102") and "Change: priority → Urgent" in rows[1]
        assert "will retry (offline) · 3 attempts" in rows[0]
        assert "changed by someone else: status" in rows[1]
        assert rows[2].startswith("check    #103") and "Start timer" in rows[2]
        assert rows[3].startswith("refused  #104")
        assert "[bold red]Called[/] user" in rows[3], "server and agent text drawn literally"


async def test_enter_opens_the_ticket_and_closes() -> None:
    app = OutboxHost(ScriptedWrites(sample()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.opened == [102]
        assert not isinstance(app.screen, OutboxScreen)


async def test_retry_sends_and_the_row_leaves() -> None:
    writes = ScriptedWrites(sample())
    app = OutboxHost(writes)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "r")
        await pilot.pause()
        await pilot.pause()
        assert writes.retried == ["tok-update-2"]
        assert [r[:13] for r in prompts(app)] == ["queued   #101", "check    #103", "refused  #104"]
        status = app.screen.query_one("#outbox-status", Static)
        assert "Delivered: #102" in str(status.render())


async def test_a_delivery_from_the_retry_loop_redraws_the_open_list() -> None:
    writes = ScriptedWrites(sample())
    app = OutboxHost(writes)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        writes.deliver("tok-reply-1")
        await pilot.pause()
        assert len(prompts(app)) == 3
        assert app.screen.query_one("#outbox-box").border_title == "Outbox (3 need you)"


async def test_drop_asks_first_and_no_keeps_it() -> None:
    writes = ScriptedWrites(sample())
    app = OutboxHost(writes)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert writes.dropped == [] and len(prompts(app)) == 4
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert writes.dropped == ["tok-reply-1"]
        assert len(prompts(app)) == 3


async def test_edit_a_queued_reply_text() -> None:
    writes = ScriptedWrites(sample())
    app = OutboxHost(writes)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditBodyScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == "Printer fixed, try again."
        area.text = "Printer fixed: please try again."
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert writes.bodies == [
            (
                "tok-reply-1",
                "<p>Printer fixed: please try again.</p>",
                "Printer fixed: please try again.",
            )
        ]
        assert "Printer fixed: please try again." in prompts(app)[0]


async def test_edit_a_queued_value() -> None:
    writes = ScriptedWrites(sample())
    app = OutboxHost(writes)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "e")
        await pilot.pause()
        assert isinstance(app.screen, EditFieldsScreen)
        field = app.screen.query_one(Input)
        assert field.value == "4"
        field.value = "2"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert writes.values == [("tok-update-2", "priority", 2)], "numbers stay numbers"


async def test_a_write_in_doubt_cannot_be_edited_and_says_why() -> None:
    app = OutboxHost(ScriptedWrites(sample()))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "e")
        await pilot.pause()
        assert isinstance(app.screen, OutboxScreen)
        status = str(app.screen.query_one("#outbox-status", Static).render())
        assert "may already be on the server" in status


async def test_empty_outbox_says_so() -> None:
    app = OutboxHost(ScriptedWrites([]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#outbox-empty", Static)
        assert empty.display and "Nothing waiting" in str(empty.render())
        await pilot.press("r")  # nothing selected: rings, no crash
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OutboxScreen)


# --- the real writes service over the sandbox ------------------------------------------------


async def test_real_service_offline_reply_listed_then_retried_once(tmp_path: Path) -> None:
    from fstui.api import FreshserviceClient, RetryPolicy
    from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
    from fstui.sandbox.config import DEFAULT_API_KEY, DEMO_AGENT_EMAIL
    from fstui.store.cache import JsonCache
    from fstui.store.connectivity import Connectivity
    from fstui.store.drafts import Drafts
    from fstui.store.outbox import Outbox, body_has_token
    from fstui.store.store import Store
    from fstui.store.writes import Writes

    sandbox = create_app(SandboxConfig(tickets=50, plan="unlimited"))
    retry = RetryPolicy(max_attempts=1, base_delay=0.0, max_rate_limit_retries=0)
    async with FreshserviceClient(
        "http://127.0.0.1", DEFAULT_API_KEY, transport=sandbox_transport(sandbox), retry=retry
    ) as client:
        cache = JsonCache(tmp_path / "cache")
        connectivity = Connectivity(failure_threshold=1)
        store = Store(client, cache, me_email=DEMO_AGENT_EMAIL, connectivity=connectivity)
        drafts = Drafts(cache)
        outbox = Outbox(cache, client, drafts=drafts, connectivity=connectivity, resend_grace=0)
        writes = Writes(outbox, store, drafts=drafts, cache=cache)
        ticket_id = (await client.list_tickets(per_page=1).first_page())[0].id
        assert ticket_id is not None
        sandbox.state.sandbox.faults.offline = True
        connectivity.mark_offline()
        queued = await writes.send_reply(ticket_id, "<p>On my way</p>", text="On my way")
        assert queued.outcome is Outcome.QUEUED
        sandbox.state.sandbox.faults.offline = False

        app = OutboxHost(writes)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            [row] = prompts(app)
            assert row.startswith(f"queued   #{ticket_id}") and "On my way" in row
            await pilot.press("r")
            for _ in range(50):  # the retry runs in a worker
                await pilot.pause()
                if not writes.entries():
                    break
            assert writes.entries() == []
            assert app.screen.query_one("#outbox-empty", Static).display
        token = queued.write.idempotency_token
        copies = [
            c async for c in client.list_conversations(ticket_id) if body_has_token(c.body, token)
        ]
        assert len(copies) == 1
        await connectivity.aclose()
        cache.close()


# --- how it looks -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_outbox_snapshot(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(OutboxHost(ScriptedWrites(sample())), terminal_size=size)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_empty_outbox_snapshot(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(OutboxHost(ScriptedWrites([])), terminal_size=size)


def test_edit_reply_snapshot(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()

    app = OutboxHost(ScriptedWrites(sample()))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
