"""Custom fields are part of the conflict check, field by field (issue #19 note).

Before, BASE_FIELDS left `custom_fields` out: another agent could set "Affected service" while
this one looked at the ticket, and a save of the same field overwrote theirs without a word
(README: "nothing overwritten silently"). Now each custom field the agent saw is compared, a
change is named by its own title, and the retry starts from the value found.
"""

from __future__ import annotations

from typing import Any

from fstui.store.outbox import FieldChange, Outcome, Write, _changes, rebased

from .harness import World


def _write(seen_custom: dict[str, Any], wanted: dict[str, Any]) -> Write:
    return Write(
        kind="update_ticket",
        ticket_id=7,
        payload={"custom_fields": wanted},
        expected_updated_at="2026-11-24T09:00:00Z",
        base={"status": 2, "custom_fields": seen_custom},
    )


def test_each_custom_field_is_compared_on_its_own() -> None:
    write = _write({"affected_service": "VPN", "affected_users": 3}, {"affected_service": "Email"})
    now = {
        "id": 7,
        "status": 2,
        "custom_fields": {"affected_service": "Wi-Fi", "affected_users": 3},
    }
    (change,) = _changes(write, now)
    assert change == FieldChange(
        name="custom_fields.affected_service",
        seen="VPN",
        current="Wi-Fi",
        wanted="Email",
        in_write=True,
    )
    same = {"id": 7, "status": 2, "custom_fields": {"affected_service": "VPN", "affected_users": 3}}
    assert _changes(write, same) == ()


def test_overwriting_rebases_inside_the_custom_fields() -> None:
    change = FieldChange("custom_fields.affected_service", "VPN", "Wi-Fi", "Email", True)
    base = {"status": 2, "custom_fields": {"affected_service": "VPN", "affected_users": 3}}
    assert rebased(base, [change, FieldChange("status", 2, 3)]) == {
        "status": 3,
        "custom_fields": {"affected_service": "Wi-Fi", "affected_users": 3},
    }


def _with_custom_fields(w: World) -> dict[str, Any]:
    for row in w.store.mirror.tickets():
        custom = row.get("custom_fields")
        if row.get("status") == 2 and isinstance(custom, dict) and "affected_service" in custom:
            return row
    raise AssertionError("the sandbox's open tickets carry custom fields")


async def test_another_agents_custom_field_is_not_overwritten_silently(world: World) -> None:
    w = world
    row = _with_custom_fields(w)
    ticket_id = row["id"]
    key = "affected_service"  # a dropdown of the demo form (Email, VPN, Wi-Fi, ...)
    theirs, mine = [v for v in ("VPN", "Printing", "Email") if v != row["custom_fields"].get(key)][
        :2
    ]
    await w.client.update_ticket(ticket_id, {"custom_fields": {key: theirs}})
    result = await w.writes.update_ticket(row, {"custom_fields": {key: mine}})
    assert result.outcome is Outcome.CONFLICT
    assert [c.name for c in result.changed_fields] == [f"custom_fields.{key}"]
    on_server = await w.client.get_ticket(ticket_id)
    assert (on_server.custom_fields or {})[key] == theirs  # theirs stands until the agent says
