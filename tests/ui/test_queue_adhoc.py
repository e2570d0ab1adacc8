"""`:` queries on the queue screen (issue #18 item 4): an unknown field is named with the nearest
real one, the sidebar keeps a few recent queries that `d` removes, long ones fit on one line,
and their counts follow the mirror."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import OptionList, Static

from fstui.api import FreshserviceClient
from fstui.store.queue_service import MAX_ADHOC
from fstui.store.queues import MY_OPEN, UNASSIGNED
from fstui.ui.screens.queue import SIDEBAR_WIDTH, sidebar_label
from tests.pilot_support import until

from .harness import loaded, make_app, queue_screen


async def ask(pilot: object, query: str) -> None:
    await pilot.press("colon", *query, "enter")  # type: ignore[attr-defined]


async def test_unknown_field_is_named_with_the_nearest_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        names_before = screen.store.queue_names()
        await ask(pilot, "prio:4")
        error = screen.query_one("#queue-error", Static)
        await until(pilot, lambda: error.display, "error shown")
        shown = str(error.render())
        assert "unknown field 'prio'" in shown and "did you mean priority" in shown
        assert screen.store.queue_names() == names_before and screen.queue_name == MY_OPEN


async def test_subject_is_pointed_at_the_text_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        await pilot.press("colon", *"subject:'vpn'", "enter")
        error = screen.query_one("#queue-error", Static)
        await until(pilot, lambda: error.display, "error shown")
        assert "press / to filter" in str(error.render())


async def test_a_custom_field_of_the_account_is_not_unknown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        await ask(pilot, "affected_service:null")
        await until(pilot, lambda: screen.queue_name.startswith("?"), "ad-hoc queue")


async def test_only_a_few_recent_queries_stay_and_d_removes_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        builtin = len(screen.store.queue_names())
        for priority in (1, 2, 3, 4):
            for urgency in (1, 2):
                await ask(pilot, f"priority:{priority} AND urgency:{urgency}")
                await until(
                    pilot,
                    lambda p=priority, u=urgency: (
                        screen.queue_name.endswith(f"urgency:{u}")
                        and f"priority:{p}" in screen.queue_name
                    ),
                    "ad-hoc queue shown",
                )
        adhoc = [n for n in screen.store.queue_names() if n.startswith("?")]
        assert len(adhoc) == MAX_ADHOC == len(screen.store.queue_names()) - builtin
        assert adhoc[-1] == "? priority:4 AND urgency:2"  # the newest stays, the oldest went
        assert "? priority:1 AND urgency:1" not in adhoc
        shown = screen.queue_name
        await pilot.press("d")
        await until(pilot, lambda: shown not in screen.store.queue_names(), "query removed")
        assert shown not in screen._queue_names and screen.queue_name in screen._queue_names
        # a built-in queue is not removable
        screen.select_queue(UNASSIGNED)
        await pilot.press("d")
        assert UNASSIGNED in screen.store.queue_names()


async def test_a_long_query_fits_one_sidebar_line_with_its_count(tmp_path: Path) -> None:
    label = sidebar_label("? " + "priority:4 AND urgency:3 AND impact:2", 106)
    assert label.plain.endswith("… (106)") and len(label.plain) == SIDEBAR_WIDTH
    assert sidebar_label(MY_OPEN, None).plain == f"{MY_OPEN} (…)"
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        await ask(pilot, "priority:4 AND urgency:3 AND impact:2 AND agent_id:null")
        await until(pilot, lambda: screen.queue_name.startswith("?"), "ad-hoc queue")
        sidebar = screen.query_one("#queue-list", OptionList)
        await pilot.pause()
        index = screen._queue_names.index(screen.queue_name)
        prompt = sidebar.get_option_at_index(index).prompt
        assert isinstance(prompt, Text) and "\n" not in prompt.plain
        assert len(prompt.plain) <= SIDEBAR_WIDTH and prompt.plain.endswith(")")
        # one line on screen each: the list is exactly as tall as it has queues
        assert sidebar.virtual_size.height == len(screen._queue_names)


async def test_a_server_side_query_count_follows_the_mirror(tmp_path: Path) -> None:
    """`agent_id:null` asks the server (closed tickets too); once a listed open ticket is
    assigned and the mirror syncs, the sidebar count drops without asking again."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = queue_screen(app)
        await ask(pilot, "agent_id:null")
        await until(pilot, lambda: screen.queue_name.startswith("?"), "ad-hoc queue")
        name = screen.queue_name
        store = screen.store
        before = store.queue_counts()[name]
        assert before is not None and before > 0
        open_unassigned = [t.id for t in store.queue(UNASSIGNED).value if t.id is not None]
        assert open_unassigned
        sandbox = screen.session.extras["sandbox_app"]
        from fstui.sandbox import sandbox_transport

        me = store.reference_snapshot().me
        assert me is not None
        async with FreshserviceClient(
            "http://127.0.0.1/api/v2",
            sandbox.state.sandbox.config.api_key,
            transport=sandbox_transport(sandbox),
            plan="unlimited",
        ) as other:
            await other.update_ticket(open_unassigned[0], {"responder_id": me.id})
        await store.sync()
        assert store.queue_counts()[name] == before - 1
        assert open_unassigned[0] not in {t.id for t in store.queue(name).value}
