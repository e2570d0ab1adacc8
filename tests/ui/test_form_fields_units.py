"""The pieces under the new-ticket form and the fields view, one rule each.

Form rows come from the sandbox's own form definition (the demo account), so a field type the
account gains shows up here first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from fstui.api import TicketField
from fstui.sandbox.data.forms import make_ticket_fields
from fstui.store.new_tickets import FieldProblem
from fstui.ui.modals.path_prompt import complete_path, describe_path
from fstui.ui.screens.new_ticket import row_for_problem
from fstui.ui.screens.ticket.attachments import attachment_line, graphical_session
from fstui.ui.screens.ticket.closing import closing_fields, lacking
from fstui.ui.screens.ticket.form_fields import (
    FormRow,
    body_for,
    display_value,
    parse_typed,
    rows_from,
    ticket_value,
)


@pytest.fixture(scope="module")
def form() -> list[TicketField]:
    rows = make_ticket_fields(datetime(2024, 1, 1, tzinfo=UTC), [], [], [])
    return [TicketField.model_validate(r) for r in rows]


def row(form: list[TicketField], name: str) -> FormRow:
    return next(r for r in rows_from(form) if r.name == name)


def test_every_custom_type_becomes_a_row_of_its_kind(form: list[TicketField]) -> None:
    kinds = {r.name: r.kind for r in rows_from(form)}
    assert kinds["affected_service"] == "choice"
    assert kinds["vip_request"] == "checkbox"
    assert kinds["asset_tag"] == "text"
    assert kinds["steps_to_reproduce"] == "paragraph"
    assert kinds["affected_users"] == "number"
    assert kinds["estimated_cost"] == "decimal"
    assert kinds["needed_by"] == "date"
    assert kinds["category"] == "category"
    assert row(form, "subject").required and row(form, "affected_service").required_for_closure


def test_typed_values_follow_the_field_type(form: list[TicketField]) -> None:
    assert parse_typed(row(form, "affected_users"), " 12 ") == 12
    assert parse_typed(row(form, "estimated_cost"), "99.5") == 99.5
    assert parse_typed(row(form, "needed_by"), "2024-07-01") == "2024-07-01"
    assert parse_typed(row(form, "asset_tag"), "  ") is None
    for name, text in (
        ("affected_users", "12a"),
        ("estimated_cost", "nan"),
        ("needed_by", "2024-02-30"),
    ):
        with pytest.raises(ValueError):
            parse_typed(row(form, name), text)


def test_a_dependent_dropdown_is_stored_level_by_level(form: list[TicketField]) -> None:
    office = next((r for r in rows_from(form) if r.name == "office"), None)
    if office is None:
        pytest.skip("this sandbox form has no custom dependent dropdown")
    assert office.levels == ("office", "building", "floor")
    body = body_for(office, ("London", "Soho"))
    assert body == {"custom_fields": {"office": "London", "building": "Soho", "floor": None}}
    ticket = {"custom_fields": {"office": "London", "building": "Soho", "floor": None}}
    assert ticket_value(office, ticket) == ("London", "Soho")
    assert display_value(office, ("London", "Soho")) == "London > Soho"


def test_the_category_path_sets_all_three_levels(form: list[TicketField]) -> None:
    category = row(form, "category")
    assert body_for(category, ("Hardware",)) == {
        "category": "Hardware",
        "sub_category": None,
        "item_category": None,
    }


def test_a_server_field_name_points_at_its_row(form: list[TicketField]) -> None:
    rows = rows_from(form)
    assert row_for_problem(FieldProblem("requester_id", "no record"), rows) == "requester"
    assert row_for_problem(FieldProblem("needed_by", "bad date"), rows) == "needed_by"
    assert row_for_problem(FieldProblem("sub_category", "x"), rows) == "category"
    assert row_for_problem(FieldProblem("nonsense", "x"), rows) is None


def test_closure_values_go_only_where_missing(form: list[TicketField]) -> None:
    has = {"id": 1, "custom_fields": {"affected_service": "Email"}}
    lacks = {"id": 2, "custom_fields": {"affected_service": None}}
    fields = {"status": 4}
    assert [r.name for r in lacking(form, [has, lacks], fields)] == ["affected_service"]
    assert lacking(form, [has], fields) == []
    assert lacking(form, [lacks], {"status": 3}) == []  # only resolving or closing asks
    sent = {"status": 4, "custom_fields": {"affected_service": "VPN"}}
    assert closing_fields(has, sent, form) == {"status": 4}
    assert closing_fields(lacks, sent, form) == sent


def test_path_completion_and_size(tmp_path: Path) -> None:
    (tmp_path / "vpn-client.log").write_text("x" * 2048)
    (tmp_path / ".hidden").write_text("")
    (tmp_path / "logs").mkdir()
    assert complete_path(str(tmp_path / "vpn")) == str(tmp_path / "vpn-client.log")
    assert complete_path(str(tmp_path / "lo")) == str(tmp_path / "logs") + "/"
    assert complete_path(str(tmp_path) + "/.") == str(tmp_path / ".hidden")
    assert complete_path(str(tmp_path / "zzz")) is None
    assert "2.0 KB" in str(describe_path(str(tmp_path / "vpn-client.log"), 40 * 1024 * 1024))
    assert "over the 1.0 KB" in str(describe_path(str(tmp_path / "vpn-client.log"), 1024))


def test_attachment_lines_are_sanitised_and_the_opener_needs_a_display() -> None:
    line = attachment_line({"name": "a\x1b[2Jb.png", "size": 2048, "content_type": "image/png"})
    assert "\x1b" not in line and "image/png" in line
    assert not graphical_session({}, "linux")
    assert graphical_session({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert graphical_session({}, "darwin")
