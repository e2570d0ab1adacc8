"""The funnel at the dialogs' own call sites (issue #17): titles, bodies, questions, values.

Each dialog is given the hostile corpus where a caller could pass server, file or config text
(a title naming a field, a confirm summary quoting subjects, a picker pre-filled with a value,
a queued write's text or field values, an error sentence) and must hold nothing a terminal
would act on: every Input value, TextArea text, border title and Static it shows is inert.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from fstui.api.errors import FreshserviceError
from fstui.config.errors import ConfigError
from fstui.store.writes import WriteEntry
from fstui.text import is_inert
from fstui.text.hostile import ALL_IN_ONE, leaks
from fstui.ui.errors import describe_error, describe_startup_error
from fstui.ui.modals.bulk_progress import BulkProgressScreen
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.pager import PagerScreen
from fstui.ui.modals.path_prompt import PathPromptScreen
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.modals.value_prompt import ValuePromptScreen
from fstui.ui.screens.outbox import EditBodyScreen, EditFieldsScreen

H = ALL_IN_ONE


def test_error_sentences_are_inert_whatever_the_exception_quotes() -> None:
    for exc in (FreshserviceError(H), RuntimeError(H)):
        said = describe_error(exc)
        assert is_inert(said) and not leaks(said)
    for exc in (ConfigError(H), FreshserviceError(H), ValueError(H)):
        said = describe_startup_error(exc)
        assert is_inert(said) and not leaks(said)
    assert "HX-SGR" in describe_error(FreshserviceError(H))  # the words stay


def _entry(kind: Any, payload: dict[str, Any]) -> WriteEntry:
    return WriteEntry(
        token="tok-1234567",
        ticket_id=5,
        kind=kind,
        state="queued",  # type: ignore[arg-type]
        summary="s",
        message="m",
        created_at=0.0,
        last_attempt_at=None,
        attempts=0,
        in_doubt=False,
        editable="body" if kind == "reply" else "fields",
        payload=payload,
    )


async def _apply_nothing(_ticket_id: int) -> None:
    return None


DIALOGS: dict[str, Callable[[], Screen[Any]]] = {
    "confirm (str body)": lambda: ConfirmScreen(H, H),
    "confirm (Text body)": lambda: ConfirmScreen(H, Text(H, style="bold")),
    "prompt": lambda: PromptScreen(H, H, placeholder="x"),
    "value prompt": lambda: ValuePromptScreen(H, H),
    "value prompt (multi-line)": lambda: ValuePromptScreen(H, H, multiline=True),
    "pager": lambda: PagerScreen(H, H),
    "path prompt": lambda: PathPromptScreen(H, limit=10, start=H),
    "picker": lambda: PickerScreen(H, [Choice(1, H, H)], initial=H),
    "bulk progress": lambda: BulkProgressScreen(H, [1], _apply_nothing),
    "outbox: edit a queued reply": lambda: EditBodyScreen(_entry("reply", {"body": H}), H),
    "outbox: edit a queued change": lambda: EditFieldsScreen(
        _entry("update_ticket", {H: H, "subject": H})
    ),
}


def _plain(value: Any) -> str:
    if isinstance(value, Text | Content):
        return value.plain
    return "" if value is None else str(value)


@pytest.mark.parametrize("make", DIALOGS.values(), ids=DIALOGS.keys())
async def test_every_dialog_shows_hostile_arguments_inert(make: Callable[[], Screen[Any]]) -> None:
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(make())
        await pilot.pause()
        await pilot.pause()
        held: list[tuple[str, str]] = []
        for widget in app.screen.walk_children(with_self=True):
            name = type(widget).__name__
            held.append((f"{name} border_title", _plain(widget.border_title)))
            if isinstance(widget, Input):
                held.append((f"{name} value", widget.value))
            elif isinstance(widget, TextArea):
                held.append((f"{name} text", widget.text))
            elif isinstance(widget, Static):
                held.append((f"{name} content", _plain(widget.visual)))
        bad = [(at, leaks(text)[:3]) for at, text in held if leaks(text) or not is_inert(text)]
        assert not bad, bad
