"""An empty queue says so, and an empty filter result says how to get the rows back."""

from __future__ import annotations

from pathlib import Path

from tests.pilot_support import until

from .harness import loaded, make_app


async def test_an_empty_queue_and_an_empty_filter_say_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot)
        await pilot.press("slash", *"zzqqxx")
        await until(pilot, lambda: table.visible_count == 0, "nothing matches")
        assert "No ticket matches the filter (esc clears it)" in table.render_line(1).text
        await pilot.press("escape")
        await pilot.press("colon", *"agent_id:999999", "enter")
        screen = app.screen
        await until(pilot, lambda: screen.queue_name.startswith("?"), "empty queue")  # type: ignore[attr-defined]
        await until(pilot, lambda: table.total_count == 0, "no rows")
        assert "No tickets in this queue" in table.render_line(1).text
