"""The first-response stats agree with the thread, and an agent's public answer sets them."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

OPEN = (2, 3, 6)


async def _stats_of_open(client: httpx.AsyncClient) -> dict[int, str | None]:
    answer = await client.get(
        "/tickets", params={"updated_since": "2000-01-01T00:00:00Z", "include": "stats"}
    )
    assert answer.status_code == 200
    pages = [answer.json()["tickets"]]
    while "next" in answer.links:
        answer = await client.get(answer.links["next"]["url"])
        pages.append(answer.json()["tickets"])
    return {
        t["id"]: t["stats"]["first_responded_at"]
        for page in pages
        for t in page
        if t["status"] in OPEN
    }


async def test_thread_agrees_with_first_responded_at(client: httpx.AsyncClient) -> None:
    stats = await _stats_of_open(client)
    unanswered = [i for i, at in stats.items() if at is None]
    answered = [i for i, at in stats.items() if at is not None]
    assert unanswered and answered, "open tickets should include both kinds"
    for ticket_id in unanswered[:10] + answered[:10]:
        thread = (await client.get(f"/tickets/{ticket_id}/conversations")).json()["conversations"]
        public_answers = [c for c in thread if not c["incoming"] and not c["private"]]
        if stats[ticket_id] is None:
            assert not public_answers, f"#{ticket_id} is unanswered but its thread has an answer"
        else:
            assert public_answers[0]["created_at"] == stats[ticket_id]


async def test_some_assigned_open_tickets_still_await_their_first_response(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    stats = await _stats_of_open(client)
    db = app.state.sandbox.db
    assigned_unanswered = [
        i for i, at in stats.items() if at is None and db.tickets[i]["responder_id"] is not None
    ]
    assert assigned_unanswered


async def test_public_note_answers_private_note_does_not(client: httpx.AsyncClient) -> None:
    stats = await _stats_of_open(client)
    ticket_id = next(i for i, at in stats.items() if at is None)

    async def first_responded() -> str | None:
        body = (await client.get(f"/tickets/{ticket_id}", params={"include": "stats"})).json()
        value: str | None = body["ticket"]["stats"]["first_responded_at"]
        return value

    private = await client.post(f"/tickets/{ticket_id}/notes", json={"body": "internal"})
    assert private.status_code == 201
    assert await first_responded() is None
    public = await client.post(
        f"/tickets/{ticket_id}/notes", json={"body": "We are on it", "private": False}
    )
    assert public.status_code == 201
    assert await first_responded() == public.json()["conversation"]["created_at"]
