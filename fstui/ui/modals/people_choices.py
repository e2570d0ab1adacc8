"""The agent and group choices, one list for the ticket's `A`/`G` and the queue's `a`/`w`.

Both pickers used to be built apart and drifted: the queue's lacked "— unassigned —", "(me)"
and the e-mails that make an agent findable (issue #18 item 7). The queue's bulk edit has no
current ticket, so `current` may be `NO_CURRENT` and then nothing is marked.
"""

from __future__ import annotations

from typing import Final

from fstui.store.labels import Labels
from fstui.ui.modals.picker import Choice

__all__ = ["NO_CURRENT", "UNASSIGN", "agent_choices", "field_value", "group_choices"]

UNASSIGN: Final = -1
"""Picker value meaning "clear this field" (the picker's None already means "cancelled")."""


class _NoCurrent:
    """A bulk edit: several tickets, no one current value."""


NO_CURRENT: Final = _NoCurrent()


def agent_choices(labels: Labels, current: int | _NoCurrent | None) -> list[Choice[int]]:
    """— unassigned —, me (with "(me)"), then every agent by name; the e-mail is the hint."""
    agents = sorted(labels.agents.values(), key=lambda p: p.name.casefold())
    choices = [Choice(UNASSIGN, "— unassigned —", current=current is None)]
    me_id = labels.me_agent_id
    if me_id is not None and me_id in labels.agents:
        me = labels.agents[me_id]
        choices.append(Choice(me.id, f"{me.name} (me)", me.email, current=current == me.id))
    choices.extend(
        Choice(a.id, a.name, a.email, current=current == a.id) for a in agents if a.id != me_id
    )
    return choices


def group_choices(labels: Labels, current: int | _NoCurrent | None) -> list[Choice[int]]:
    """— no group —, then every group by name."""
    groups = sorted(labels.groups.items(), key=lambda item: item[1].casefold())
    choices = [Choice(UNASSIGN, "— no group —", current=current is None)]
    choices.extend(Choice(gid, name, current=current == gid) for gid, name in groups)
    return choices


def field_value(picked: int) -> int | None:
    """The value to send for a picked choice: None (null: unassign) for `UNASSIGN`."""
    return None if picked == UNASSIGN else picked
