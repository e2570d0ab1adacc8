"""Issue #21 item 1: `query=` on GET /agents and GET /requesters, and `include_agents=true`.

Before, the sandbox ignored both and answered the whole list with 200, so clients that look a
person up by e-mail silently took the first one. Line numbers are of
../shared/reference/freshservice-api-v2.txt ("Filter Requesters" from line 12026, "Filter
Agents" from line 13047).
"""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from .harness import client_for

Person = dict[str, Any]


async def _get(app: Starlette, path: str, **params: str) -> httpx.Response:
    async with client_for(app) as client:
        return await client.get(path, params=params)


async def test_requester_by_primary_email_is_that_requester_only(module_app: Starlette) -> None:
    """Line 12120: requesters?query="primary_email:'requester@yourcompany.com'"."""
    wanted = module_app.state.sandbox.db.requesters[17]
    answer = await _get(
        module_app, "/requesters", query=f"\"primary_email:'{wanted['primary_email']}'\""
    )
    assert answer.status_code == 200
    assert [r["id"] for r in answer.json()["requesters"]] == [wanted["id"]]
    nobody = await _get(module_app, "/requesters", query="\"primary_email:'nobody@example.com'\"")
    assert nobody.json() == {"requesters": []}  # not the whole list


async def test_agent_by_email_and_by_name(module_app: Starlette) -> None:
    """Lines 13143 (email) and 13152 (name: first and last name with one space)."""
    agent = module_app.state.sandbox.db.agents[5]
    by_email = await _get(module_app, "/agents", query=f"\"email:'{agent['email'].upper()}'\"")
    full_name = f"{agent['first_name']} {agent['last_name']}"
    by_name = await _get(module_app, "/agents", query=f"\"name : '{full_name}'\"")
    assert [a["id"] for a in by_email.json()["agents"]] == [agent["id"]]
    assert agent["id"] in [a["id"] for a in by_name.json()["agents"]]
    assert all(f"{a['first_name']} {a['last_name']}" == full_name for a in by_name.json()["agents"])


async def test_null_and_or_and_parentheses(module_app: Starlette) -> None:
    """Lines 13170 (mobile_phone_number:null), 12174 (department_id:A OR department_id:B),
    13213 (AND with parenthesised ORs)."""
    db = module_app.state.sandbox.db
    no_mobile = await _get(module_app, "/requesters", query='"mobile_phone_number:null"', page="1")
    rows = no_mobile.json()["requesters"]
    assert rows and all(r["mobile_phone_number"] is None for r in rows)
    first, second = db.departments[0]["id"], db.departments[1]["id"]
    either = await _get(
        module_app, "/requesters", query=f'"department_id:{first} OR department_id:{second}"'
    )
    found = either.json()["requesters"]
    assert found and all(set(r["department_ids"]) & {first, second} for r in found)
    assert {first, second} <= {d for r in found for d in r["department_ids"]}
    title = db.requesters[3]["job_title"]
    grouped = await _get(
        module_app,
        "/requesters",
        query=f"\"job_title:'{title}' AND (department_id:{first} OR department_id:{second})\"",
    )
    assert all(
        r["job_title"] == title and set(r["department_ids"]) & {first, second}
        for r in grouped.json()["requesters"]
    )


async def test_filtered_results_are_newest_first_thirty_a_page(module_app: Starlette) -> None:
    """Notes 1, 9, 10 (lines 12028-12043): sorted by created_at descending, 30 a page,
    pages up to 40; created_at takes :> with a date (line 12183)."""
    answer = await _get(module_app, "/requesters", query="\"created_at:>'2000-01-01'\"")
    rows = answer.json()["requesters"]
    assert len(rows) == 30 and "Link" not in answer.headers
    stamps = [r["created_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    too_far = await _get(module_app, "/requesters", query="\"language:'en'\"", page="41")
    assert too_far.status_code == 400


async def test_starts_with_searches_the_named_attributes(module_app: Starlette) -> None:
    """Lines 12044 and 12233: ~[first_name|last_name]:'text' is a "starts with" search."""
    db = module_app.state.sandbox.db
    prefix = db.requesters[9]["last_name"][:3]
    answer = await _get(module_app, "/requesters", query=f"\"~[first_name|last_name]:'{prefix}'\"")
    rows = answer.json()["requesters"]
    expected = [
        r
        for r in db.requesters
        if r["first_name"].lower().startswith(prefix.lower())
        or r["last_name"].lower().startswith(prefix.lower())
    ]
    assert rows and len(rows) == min(30, len(expected))
    assert db.requesters[9]["id"] in {r["id"] for r in expected}


async def test_starts_with_on_email_searches_its_parts(module_app: Starlette) -> None:
    """Line 13246: "Searching by the email attribute searches all these three components"."""
    me = module_app.state.sandbox.db.agents[0]  # alex.morgan@acme-demo.test
    by_last = await _get(module_app, "/agents", query="\"~[email]:'morg'\"")
    by_domain = await _get(module_app, "/agents", query="\"~[email]:'acme'\"")
    assert me["id"] in {a["id"] for a in by_last.json()["agents"]}
    assert len(by_domain.json()["agents"]) == 30  # every agent, first page


async def test_an_unquoted_query_is_refused(module_app: Starlette) -> None:
    """Line 12037 / 13054: the query "must be enclosed between a pair of double quotes"."""
    for path in ("/agents", "/requesters"):
        answer = await _get(module_app, path, query="primary_email:'a@b.c'")
        assert answer.status_code == 400
        assert answer.json() == {
            "description": "Validation failed",
            "errors": [
                {
                    "field": "query",
                    "message": "Query should be enclosed within double quotes",
                    "code": "invalid_value",
                }
            ],
        }


async def test_unknown_fields_and_wrong_types_answer_the_reference_bodies(
    module_app: Starlette,
) -> None:
    """Lines 12248 ("[:invalid_field]") and 12253 ("It should be a/an Positive Integer")."""
    unknown = await _get(module_app, "/requesters", query="\"time_period :<'2020-02-02'\"")
    wrong = await _get(module_app, "/agents", query="\"department_id : 'abc'\"")
    prefix_field = await _get(module_app, "/agents", query="\"~[job_title]:'Ana'\"")
    assert unknown.status_code == wrong.status_code == prefix_field.status_code == 400
    assert unknown.json()["errors"] == [
        {"field": "time_period", "message": "[:invalid_field]", "code": "invalid_value"}
    ]
    assert wrong.json()["errors"] == [
        {
            "field": "department_id",
            "message": '["It should be a/an Positive Integer"]',
            "code": "invalid_value",
        }
    ]
    assert prefix_field.json()["errors"][0]["field"] == "job_title"  # not a "starts with" field


async def test_include_agents_adds_agents_to_the_requester_list(module_app: Starlette) -> None:
    """Line 12035 (note 2) and 12147: include_agents=true "will include agents in the
    response. The default response includes only requesters and not agents"."""
    me = module_app.state.sandbox.db.agents[0]
    query = f"\"primary_email:'{me['email']}'\""
    without = await _get(module_app, "/requesters", query=query)
    with_agents = await _get(module_app, "/requesters", query=query, include_agents="true")
    assert without.json() == {"requesters": []}
    [found] = with_agents.json()["requesters"]
    assert found["id"] == me["id"] and found["is_agent"] is True
    assert found["primary_email"] == me["email"]
    plain = await _get(module_app, "/requesters", email=me["email"], include_agents="true")
    assert [r["id"] for r in plain.json()["requesters"]] == [me["id"]]
    db = module_app.state.sandbox.db
    last_page = (len(db.requesters) + len(db.agents) + 99) // 100
    tail = await _get(
        module_app, "/requesters", include_agents="true", per_page="100", page=str(last_page)
    )
    agents_listed = [r["id"] for r in tail.json()["requesters"] if r["is_agent"]]
    assert agents_listed[-len(db.agents) :] == [a["id"] for a in db.agents]


async def test_the_printed_examples_work_once_their_quotes_are_closed(
    module_app: Starlette,
) -> None:
    """Lines 12221/13230 print ~[first_name]:'John' without the closing double quote."""
    first = module_app.state.sandbox.db.agents[0]["first_name"]
    answer = await _get(module_app, "/agents", query=f"\"~[first_name]:'{first}'\"")
    assert answer.status_code == 200
    assert answer.json()["agents"]
    assert all(a["first_name"].startswith(first) for a in answer.json()["agents"])
