"""Asking the agent for one form field's new value, in the modal its type calls for.

Dropdowns, codes (status, group, agent...), the category path and checkboxes are picked from a
list (the form's own choices, so nothing the server would refuse is offered); text, numbers and
dates are typed into a box that checks them as the form does; paragraphs get a multi-line box.
Shared by the new-ticket form and the fields view so both edit a field the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App

from fstui.store.labels import Labels
from fstui.text import one_line
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.modals.value_prompt import ValuePromptScreen
from fstui.ui.screens.ticket.form_fields import FormRow, missing, parse_typed

__all__ = ["Edited", "ask_value", "row_choices"]

_CLEAR = "\x00clear"
"""The picker value meaning "no value" (the picker's None already means "cancelled")."""


@dataclass(frozen=True)
class Edited:
    """The agent chose `value` (None: cleared)."""

    value: Any


def row_choices(row: FormRow, current: Any, labels: Labels | None = None) -> list[Choice[Any]]:
    """What a picker offers for `row`, the current value marked."""
    choices: list[Choice[Any]] = []
    if not row.required and row.kind != "checkbox":
        choices.append(Choice(_CLEAR, "— none —", current=missing(current)))
    if row.kind == "code":
        for code, label in row.codes.items():
            if row.key == "responder_id" and labels is not None and code in labels.agents:
                label = labels.agents[code].name
            choices.append(
                Choice(code, one_line(label, 60), hint=str(code), current=code == current)
            )
    elif row.kind == "choice":
        choices.extend(Choice(v, one_line(v, 60), current=v == current) for v in row.values)
    elif row.kind == "checkbox":
        choices.append(Choice(True, "yes", current=current is True))
        choices.append(Choice(False, "no", current=current is not True))
    elif row.kind == "category":
        for category, subs in row.tree.items():
            choices.append(
                Choice((category,), one_line(category, 60), current=current == (category,))
            )
            for sub, items in subs.items():
                path: tuple[str, ...] = (category, sub)
                label = one_line(" > ".join(path), 80)
                choices.append(Choice(path, label, current=current == path))
                for item in items:
                    full = (category, sub, item)
                    label = one_line(" > ".join(full), 80)
                    choices.append(Choice(full, label, current=current == full))
    return choices


def _as_text(value: Any) -> str:
    if missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


async def ask_value(
    app: App[Any], row: FormRow, current: Any, labels: Labels | None = None, *, title: str = ""
) -> Edited | None:
    """The new value for `row`, or None when the agent cancelled."""
    heading = title or row.label
    if row.kind in ("code", "choice", "checkbox", "category"):
        picked = await app.push_screen_wait(
            PickerScreen(heading, row_choices(row, current, labels))
        )
        if picked is None:
            return None
        return Edited(None if picked == _CLEAR else picked)

    def check(text: str) -> str | None:
        try:
            value = parse_typed(row, text)
        except ValueError as exc:
            return str(exc)
        if value is None and row.required:
            return f"{row.label} is required"
        return None

    hints = {"number": "a whole number", "decimal": "a number", "date": "yyyy-mm-dd"}
    typed = await app.push_screen_wait(
        ValuePromptScreen(
            heading,
            _as_text(current),
            multiline=row.kind in ("paragraph", "description"),
            placeholder=hints.get(row.kind, ""),
            check=check,
        )
    )
    if typed is None:
        return None
    return Edited(parse_typed(row, typed))
