"""What a bulk change will do, in words, before the agent says yes.

The README promises the confirmation shows each field as it is now and as it will be, counted
per current value ("Priority: Low (3), High (1) → Urgent"), and what it costs against the budget
those calls draw on (the ticket-update sub-limit when it is tighter than the account's), so an
agent marking 60 tickets on Starter sees that 50 go now and the rest wait.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text

from fstui.api import Ticket
from fstui.store.labels import Labels, field_title
from fstui.text import literal

__all__ = ["bulk_confirmation"]

_SHOWN_IDS = 12
_SHOWN_VALUES = 4
_UNKNOWN = object()


def _changes(fields: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """(key in a ticket, title, new value) per field; custom fields one by one."""
    out: list[tuple[str, str, Any]] = []
    for name, value in fields.items():
        if name == "custom_fields" and isinstance(value, Mapping):
            out.extend((f"custom_fields.{k}", field_title(str(k)), v) for k, v in value.items())
        else:
            out.append((name, field_title(name), value))
    return out


def _current(ticket: Ticket | Mapping[str, Any], key: str) -> Any:
    """A field as the agent saw it; `_UNKNOWN` when the console holds only the ticket's id."""
    if isinstance(ticket, Mapping):
        seen: Mapping[str, Any] = {k: v for k, v in ticket.items() if k != "id"}
    else:
        present = ticket.model_fields_set | set(ticket.model_extra or {})
        seen = {name: getattr(ticket, name, None) for name in present}
    name, _, custom_key = key.partition(".")
    if name not in seen:
        return _UNKNOWN
    if custom_key:
        custom = seen[name]
        return custom.get(custom_key) if isinstance(custom, Mapping) else None
    return seen[name]


def bulk_confirmation(
    what: str,
    tickets: Sequence[Ticket | Mapping[str, Any]],
    fields: Mapping[str, Any],
    labels: Labels,
    *,
    cost: int,
    room: tuple[int | None, int | None, str],
) -> Text:
    """The body of the confirm dialog. `tickets` are the marked tickets as the agent last saw
    them (mirror or queue rows); a ticket the console knows nothing of counts as "unknown"."""
    body = Text()
    body.append(f"{what[:1].upper()}{what[1:]}\n", style="bold")
    count = len(tickets)
    ids = [f"#{t.get('id') if isinstance(t, Mapping) else t.id}" for t in tickets]
    body.append(f"on {count} ticket{'s' if count != 1 else ''}: ")
    body.append(", ".join(ids[:_SHOWN_IDS]) + (" …" if count > _SHOWN_IDS else ""))
    body.append("\n")
    for key, title, wanted in _changes(fields):
        name = key.split(".", 1)[-1] if key.startswith("custom_fields.") else key
        currents = (_current(t, key) for t in tickets)
        now = Counter("unknown" if v is _UNKNOWN else labels.value(name, v) for v in currents)
        body.append(f"\n{title}: ", style="bold")
        parts = [f"{word} ({n})" if count > 1 else word for word, n in now.most_common()]
        shown = ", ".join(parts[:_SHOWN_VALUES])
        if len(parts) > _SHOWN_VALUES:
            shown += f", {len(parts) - _SHOWN_VALUES} more"
        body.append_text(literal(shown))
        body.append(" → ")
        body.append_text(literal(labels.value(name, wanted), "bold"))
    body.append(f"\n\nCost: {cost} API credit{'s' if cost != 1 else ''}")
    remaining, limit, bucket = room
    if remaining is not None and limit:
        budget = f"{bucket} {limit}/min" if bucket else f"limit {limit}/min"
        body.append(f" of {remaining} left this minute ({budget})")
        if cost > remaining:
            body.append("\nThe rest will wait for the next minute's budget.", style="yellow")
    return body
