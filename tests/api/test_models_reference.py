"""Every documented response body for our endpoints, and every real sample, parses cleanly."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fstui.api.error_mapping import field_errors
from fstui.api.models import (
    Activity,
    Agent,
    Asset,
    AssetRequest,
    AssetType,
    AssetTypeFieldSection,
    CannedResponse,
    CannedResponseFolder,
    Conversation,
    Department,
    FreshserviceModel,
    Group,
    Location,
    Requester,
    Task,
    Ticket,
    TicketField,
    TimeEntry,
)

from .harness import REFERENCE, SAMPLES, Example, examples, repair

if not REFERENCE.exists():
    pytest.skip("../shared/reference is not beside the repo", allow_module_level=True)

Route = tuple[str, type[FreshserviceModel], tuple[str, ...]]
ROUTES: list[Route] = [
    (r"/tickets(/\d+|/filter)?", Ticket, ("ticket", "tickets")),
    (r"/tickets/\d+/activities", Activity, ("activities",)),
    (r"/tickets/\d+/time_entries(/\d+)?", TimeEntry, ("time_entry", "time_entries")),
    (r"/tickets/\d+/tasks(/\d+)?", Task, ("task", "tasks")),
    (r"/tickets/\d+/(reply|notes|conversations)", Conversation, ("conversation", "conversations")),
    (r"/conversations/\d+", Conversation, ("conversation",)),
    (r"/ticket_form_fields", TicketField, ("ticket_fields",)),
    (r"/agents(/\d+)?", Agent, ("agent", "agents")),
    (r"/groups(/\d+)?", Group, ("group", "groups")),
    (r"/requesters(/\d+)?", Requester, ("requester", "requesters")),
    (r"/departments(/\d+)?", Department, ("department", "departments")),
    (r"/locations(/\d+)?", Location, ("location", "locations")),
    (r"/canned_response_folders(/\d+)?", CannedResponseFolder, ("canned_response_folders",)),
    (r"/canned_response_folders/\d+/canned_responses", CannedResponse, ("canned_responses",)),
    (r"/canned_responses(/\d+)?", CannedResponse, ("canned_responses",)),
    (r"/assets(/\d+)?", Asset, ("asset", "assets")),
    (r"/assets/\d+/requests", AssetRequest, ("requests",)),
    (r"/asset_types(/\d+)?", AssetType, ("asset_type", "asset_types")),
    (r"/asset_types/\d+/fields", AssetTypeFieldSection, ("asset_type_fields",)),
]


def _route(example: Example) -> Route | None:
    for pattern, model, keys in ROUTES:
        if re.fullmatch(pattern, example.path):
            return pattern, model, keys
    return None


OURS = [e for e in examples() if _route(e)]


def _real_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False  # the reference has "2020-02-30T07:46:41Z"
    return True


def _objects(body: Any, keys: tuple[str, ...]) -> list[Any]:
    found: list[Any] = []
    for key in keys:
        value = body.get(key) if isinstance(body, dict) else None
        if isinstance(value, list):
            found.extend(value)
        elif isinstance(value, dict):
            found.append(value)
    return found


def test_extraction_found_the_examples() -> None:
    models = {_route(e)[1] for e in OURS}  # type: ignore[index]
    assert len(OURS) >= 50
    assert {Ticket, Conversation, TimeEntry, Task, Agent, Asset, AssetType} <= models


@pytest.mark.parametrize("example", OURS, ids=lambda e: f"L{e.line}-{e.method}-{e.path}")
def test_reference_example_parses(example: Example) -> None:
    route = _route(example)
    assert route is not None
    _, model, keys = route
    body = repair(example.text)
    if isinstance(body, dict) and "errors" in body:
        assert field_errors(body), "an error example lost its field errors"
        return
    objects = _objects(body, keys)
    if not objects and isinstance(body, dict) and len(body) == 1:
        # the reference mislabels some keys ("canned response_folder"); parse what is there
        (objects,) = body.values()
        objects = objects if isinstance(objects, list) else [objects]
    if not objects:
        # a few examples are the bare object (e.g. POST /releases); ours must wrap
        pytest.fail(f"line {example.line}: none of {keys} in {list(body)[:5]}")
    for obj in objects:
        parsed = model.parse_tolerant(obj)
        assert parsed.rejected_fields == {}, f"line {example.line}: {parsed.rejected_fields}"
        for name, value in obj.items():
            if name.endswith(("_at", "_by", "_date", "_time", "_on")) and isinstance(value, str):
                typed = getattr(parsed, name, None)
                if re.match(r"^\d{4}-\d{2}-\d{2}T", value) and _real_date(value):
                    assert isinstance(typed, datetime) and typed.tzinfo, (name, value)
                elif value:
                    assert typed == value, "an impossible date must be kept as sent"


SAMPLE_ROUTES: dict[str, tuple[type[FreshserviceModel], tuple[str, ...]]] = {
    "recorded/GET_agents_page1.json": (Agent, ("agents",)),
    "recorded/GET_groups_page1.json": (Group, ("groups",)),
    "recorded/GET_tickets_page1.json": (Ticket, ("tickets",)),
    "freshworks-sdk/tasks200.json": (Task, ("tasks", "task")),
    "freshworks-sdk/ticketsResponse.json": (Ticket, ("tickets", "ticket")),
    "freshworks-sdk/timeEntries200.json": (TimeEntry, ("time_entries",)),
    "freshworks-sdk/timeEntry200.json": (TimeEntry, ("time_entry",)),
    "freshworks-sdk/updateTicket200.json": (Ticket, ("ticket",)),
    "xsoar/freshservice_agent_get.json": (Agent, ("agent",)),
    "xsoar/freshservice_agent_list.json": (Agent, ("agents",)),
    "xsoar/freshservice_agent_group_get.json": (Group, ("group",)),
    "xsoar/freshservice_agent_group_list.json": (Group, ("groups",)),
    "xsoar/freshservice_asset_get.json": (Asset, ("asset",)),
    "xsoar/freshservice_asset_list.json": (Asset, ("assets",)),
    "xsoar/freshservice_department_get.json": (Department, ("department",)),
    "xsoar/freshservice_department_list.json": (Department, ("departments",)),
    "xsoar/freshservice_requester_get.json": (Requester, ("requester",)),
    "xsoar/freshservice_requester_list.json": (Requester, ("requesters",)),
    "xsoar/freshservice_ticket_conversation_list.json": (Conversation, ("conversations",)),
    "xsoar/freshservice_ticket_conversation_note_create.json": (Conversation, ("conversation",)),
    "xsoar/freshservice_ticket_conversation_reply_create.json": (Conversation, ("conversation",)),
    "xsoar/freshservice_ticket_conversation_update.json": (Conversation, ("conversation",)),
    "xsoar/freshservice_ticket_create_update.json": (Ticket, ("ticket",)),
    "xsoar/freshservice_ticket_get.json": (Ticket, ("ticket",)),
    "xsoar/freshservice_ticket_list.json": (Ticket, ("tickets",)),
    "xsoar/freshservice_ticket_task_create_update.json": (Task, ("task",)),
    "xsoar/freshservice_ticket_task_get.json": (Task, ("task",)),
    "xsoar/freshservice_ticket_task_list.json": (Task, ("tasks",)),
    # change/problem/release tasks share the ticket task shape
    "xsoar/freshservice_change_task_update.json": (Task, ("task",)),
    "xsoar/freshservice_problem_task_create.json": (Task, ("task",)),
    "xsoar/freshservice_release_task_update.json": (Task, ("task",)),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_ROUTES))
def test_real_sample_parses(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample {name} not present")
    model, keys = SAMPLE_ROUTES[name]
    body = json.loads(path.read_text(encoding="utf-8"))
    objects = _objects(body, keys) if isinstance(body, dict) else body
    if isinstance(body, dict) and not objects:
        objects = [body]  # some mocks are the bare object
    assert objects
    for obj in objects:
        parsed = model.parse_tolerant(obj)
        assert parsed.rejected_fields == {}, parsed.rejected_fields
        assert parsed.model_extra is not None  # unknown keys kept, not dropped


def test_every_sample_for_our_resources_is_covered() -> None:
    if not SAMPLES.exists():
        pytest.skip("samples not present")
    ours = re.compile(r"(ticket|agent|asset_(get|list)|department|requester_(get|list)|task|time)")
    on_disk = {
        str(p.relative_to(SAMPLES))
        for p in SAMPLES.rglob("*.json")
        if not p.name.endswith(".meta.json") and ours.search(p.name.lower())
    }
    skipped = {"freshworks-sdk/ticketSource201.json"}  # ticket *source* creation, not ours
    missing = on_disk - set(SAMPLE_ROUTES) - skipped
    assert not missing, f"samples not parsed by any test: {sorted(missing)}"


def test_placeholder_dates_and_emails_survive() -> None:
    ticket = Ticket.parse_tolerant(
        {
            "id": 5,
            "due_by": "tickets[0]_due_by",
            "fr_due_by": "",
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2023-05-02T10:00:00.123+05:30",
            "to_emails": ["tickets[0]_to_emails"],
            "status": 17,
            "source": 1004,
            "brand_new_field": {"x": 1},
        }
    )
    assert ticket.due_by == "tickets[0]_due_by"
    assert ticket.fr_due_by is None
    assert ticket.created_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert isinstance(ticket.updated_at, datetime)
    assert ticket.updated_at.utcoffset() is not None
    assert ticket.status == 17 and ticket.source == 1004
    assert ticket.model_extra == {"brand_new_field": {"x": 1}}
    dumped = ticket.model_dump(mode="json")
    assert dumped["created_at"] == "2024-01-01T00:00:00Z"
    assert Ticket.model_validate(dumped).created_at == ticket.created_at


def test_one_bad_field_is_rejected_not_the_record() -> None:
    ticket = Ticket.parse_tolerant({"id": 1, "subject": "ok", "priority": "urgent!"})
    assert ticket.subject == "ok"
    assert ticket.priority is None
    assert "priority" in ticket.rejected_fields
    assert ticket.model_extra is not None and ticket.model_extra["raw_priority"] == "urgent!"


def test_samples_dir_is_located_relative_to_repo() -> None:
    assert Path(__file__).parents[2].joinpath("fstui").is_dir()
