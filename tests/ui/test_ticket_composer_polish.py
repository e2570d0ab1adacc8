"""The composer's small frictions (issue #18 polish), against the in-process sandbox.

`ctrl+k` put a canned response straight against the word before the cursor ("Hi DanaThank you
for…"), and the file handed to `$EDITOR` had no trailing newline (vi: `[noeol]`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fstui.ui.modals.picker import PickerScreen
from tests.pilot_support import TICKET_SIZE, until

from .harness import TicketHost, wait_loaded


async def test_a_canned_response_is_kept_apart_from_the_text_before_it(tmp_path: Path) -> None:
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        composer = screen.visible_composers()[0]
        for char in "Hi Dana":
            await pilot.press("space" if char == " " else char)
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(host.screen, PickerScreen), what="canned")
        await pilot.press("enter")
        await until(pilot, lambda: composer.state.text != "Hi Dana", what="inserted")
        text = composer.state.text
        assert text.startswith("Hi Dana")
        assert text[len("Hi Dana")] in " \n", text[:40]  # not "Hi DanaThank you…"
        assert text[len("Hi Dana") + 1 :].strip()  # and the response is there


async def test_the_editor_gets_a_file_ending_in_a_newline_and_the_composer_no_extra_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    script = (
        "import sys;p=sys.argv[1];"
        f"open({str(seen)!r},'w').write(open(p).read());"
        "open(p,'a').write('Second line\\n')"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'{sys.executable} -c "{script}"')
    host = TicketHost(tmp_path)
    async with host.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("m")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        composer = screen.visible_composers()[0]
        for char in "First line":
            await pilot.press("space" if char == " " else char)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: "Second line" in composer.state.text, what="edited")
        assert seen.read_text() == "First line\n"
        assert composer.state.text == "First line\nSecond line"
