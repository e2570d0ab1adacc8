"""The query builder and the sandbox's parser agree, with the real client and HTTP in between.

tests/query already checks `parse(to_query(node)) == node` in memory. This adds the path a
queue's query really takes: rendered, quoted, URL-encoded by httpx, decoded and parsed by the
sandbox, paged back 30 at a time. A disagreement anywhere (escaping, a date literal, null, an
OR inside an AND) shows up as a ticket the agent's queue would wrongly show or hide.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fstui.api import FreshserviceClient
from fstui.query import And, Node, Or, Q, evaluate, to_query
from fstui.query.parser import MAX_LENGTH
from fstui.sandbox import SandboxConfig, create_app, sandbox_transport

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
TICKETS = 80


@cache
def sandbox_app() -> Any:
    """One account for every example: the test only reads, so sharing it is safe and fast."""
    return create_app(SandboxConfig(tickets=TICKETS, now=NOW, plan="unlimited"))


def _dates(rows: list[dict[str, Any]], field: str) -> list[date]:
    days = {date.fromisoformat(str(row[field])[:10]) for row in rows if row.get(field)}
    return sorted(days | {min(days) - timedelta(days=1), max(days) + timedelta(days=1)})


@cache
def field_values() -> dict[str, list[Any]]:
    """Valid values per ticket field, taken from the data so that queries match something."""
    db = sandbox_app().state.sandbox.db
    rows = list(db.tickets.values())
    emails = sorted(
        {str((db.user(r["requester_id"]) or {}).get("primary_email") or "") for r in rows} - {""}
    )
    return {
        "requester_id": sorted({r["requester_id"] for r in rows}),
        "email": [*emails[:20], "nobody@example.invalid", 'O\'Brien "x"@example.com'],
        "agent_id": [None, *sorted({r["responder_id"] for r in rows if r["responder_id"]})],
        "group_id": [None, *sorted({r["group_id"] for r in rows if r["group_id"]})],
        "priority": [1, 2, 3, 4],
        "status": sorted({r["status"] for r in rows}),
        "impact": [1, 2, 3],
        "urgency": [1, 2, 3],
        "tag": [*sorted({t for r in rows for t in r["tags"]}), "no-such-tag", "it's"],
        "due_by": _dates(rows, "due_by"),
        "fr_due_by": _dates(rows, "fr_due_by"),
        "created_at": _dates(rows, "created_at"),
    }


NUMERIC_BOUNDED = ("priority", "status", "impact", "urgency")
DATE_FIELDS = ("due_by", "fr_due_by", "created_at")


@st.composite
def comparisons(draw: st.DrawFn) -> Node:
    values = field_values()
    name = draw(st.sampled_from(sorted(values)))
    value = draw(st.sampled_from(values[name]))
    if name in DATE_FIELDS:
        return Q.ge(name, value) if draw(st.booleans()) else Q.le(name, value)
    if name in NUMERIC_BOUNDED and draw(st.booleans()):
        return Q.ge(name, value) if draw(st.booleans()) else Q.le(name, value)
    if value is None:
        return Q.null(name)
    return Q.eq(name, value)


def queries() -> st.SearchStrategy[Node]:
    return st.recursive(
        comparisons(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(And),
            st.lists(inner, min_size=2, max_size=3).map(Or),
        ),
        max_leaves=6,
    )


def local_matches(node: Node, workspace_id: int) -> set[int]:
    """What the API should answer, decided here from the sandbox's own rows."""
    db = sandbox_app().state.sandbox.db
    found: set[int] = set()
    for row in db.tickets.values():
        if row["deleted"] or row["spam"] or row["workspace_id"] != workspace_id:
            continue
        requester = db.user(row["requester_id"]) or {}
        record = {**row, "email": requester.get("primary_email") or requester.get("email")}
        if evaluate(node, record):
            found.add(int(row["id"]))
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(node=queries())
async def test_built_query_selects_the_same_tickets_through_http(node: Node) -> None:
    text = to_query(node)
    if len(text) > MAX_LENGTH:
        return  # the API refuses it and the UI says so (tests/query); nothing to compare
    app = sandbox_app()
    workspace_id = min(row["workspace_id"] for row in app.state.sandbox.db.tickets.values())
    async with FreshserviceClient(
        "http://127.0.0.1/api/v2",
        app.state.sandbox.config.api_key,
        transport=sandbox_transport(app),
        plan="unlimited",
    ) as client:
        pager = client.filter_tickets(text, workspace_id=workspace_id)
        returned = [int(t.id) async for t in pager if t.id is not None]
    assert len(returned) == len(set(returned)), f"a ticket came twice for {text}"
    assert set(returned) == local_matches(node, workspace_id), text


def test_the_generated_queries_are_not_all_empty() -> None:
    """Guard against a strategy that only ever matches nothing (which would prove nothing)."""
    some = Q.one_of("priority", [1, 2, 3, 4])
    workspace_id = min(r["workspace_id"] for r in sandbox_app().state.sandbox.db.tickets.values())
    everything = local_matches(some, workspace_id)
    assert len(everything) > TICKETS // 2
    assert 0 < len(local_matches(Q.eq("priority", 4), workspace_id)) < len(everything)
