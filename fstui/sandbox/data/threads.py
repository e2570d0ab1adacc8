"""A ticket's conversations, time entries and tasks, generated on first use.

Each ticket has its own RNG seeded from (seed, ticket id) and only reads the ticket's
generated fields, so the thread is the same whether it is read first or last.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import DEMO_DOMAIN
from fstui.sandbox.data import ids, words
from fstui.sandbox.timefmt import iso, parse_instant

JsonDict = dict[str, Any]
SUPPORT_EMAIL = "helpdesk@acme-demo.test"


@dataclass
class Thread:
    """Everything hanging off one ticket."""

    conversations: list[JsonDict] = field(default_factory=list)
    time_entries: list[JsonDict] = field(default_factory=list)
    tasks: list[JsonDict] = field(default_factory=list)


@dataclass(frozen=True)
class Party:
    id: int
    name: str
    email: str


def _instant(text: str) -> datetime:
    moment = parse_instant(text)
    assert moment is not None
    return moment


def _conversation_count(rng: random.Random, status: int) -> int:
    if rng.random() < 0.04:
        return rng.randint(11, 25)
    if status in (4, 5):
        return rng.randint(1, 8)
    return rng.randint(0, 6)


def _html(text: str) -> str:
    return f"<div>{html.escape(text)}</div>"


def _quote(previous: JsonDict, author: Party, when: str) -> str:
    stamp = _instant(when).strftime("%a, %d %b %Y at %H:%M")
    return (
        '<div class="freshdesk_quote"><blockquote class="freshdesk_quote">'
        f"On {stamp}, {html.escape(author.name)} &lt;{html.escape(author.email)}&gt; wrote:<br>"
        f"{previous['body']}</blockquote></div>"
    )


def make_thread(
    seed: int, ticket: JsonDict, requester: Party, agent: Party, colleagues: list[Party]
) -> Thread:
    """Generate the thread of a generated ticket between its created_at and updated_at.

    The thread agrees with the ticket's stats: no agent answers the requester in public before
    `first_responded_at`, the first answer is at that instant, and an unanswered ticket holds
    only the requester's follow-ups and private notes.
    """
    rng = random.Random(f"{seed}:thread:{ticket['id']}")
    ticket_id = ticket["id"]
    start = _instant(ticket["created_at"])
    end = max(start + timedelta(minutes=5), _instant(ticket["updated_at"]))
    count = _conversation_count(rng, ticket["status"])
    moments = sorted(start + (end - start) * rng.random() for _ in range(count))
    if moments:
        moments[-1] = end
    responded_text = ticket.get("_stats", {}).get("first_responded_at")
    answered_at = _instant(responded_text) if responded_text else None
    if answered_at is not None:
        moments = sorted([answered_at, *moments[1:]])
    thread = Thread()
    last_by: dict[str, tuple[JsonDict, Party]] = {}
    answered = False
    for index, moment in enumerate(moments):
        kind = rng.choices(("reply", "incoming", "public", "private"), weights=(40, 30, 8, 22))[0]
        if not answered:
            if answered_at is not None and moment >= answered_at:
                kind, answered = "reply", True
            else:
                kind = {"reply": "incoming", "public": "private"}.get(kind, kind)
        stamp = iso(moment)
        author = agent if kind != "incoming" else requester
        if kind == "private" and colleagues and rng.random() < 0.4:
            author = rng.choice(colleagues)
        if kind == "reply":
            text = rng.choice(words.AGENT_REPLIES)
        elif kind == "incoming":
            text = rng.choice(words.REQUESTER_REPLIES if answered else words.REQUESTER_CHASERS)
        else:
            text = rng.choice(words.PRIVATE_NOTES)
        body = _html(text)
        if kind == "incoming" and "reply" in last_by:
            previous, previous_author = last_by["reply"]
            body += _quote(previous, previous_author, previous["created_at"])
        conversation: JsonDict = {
            "id": ids.child_id(ids.CONVERSATION_BASE, ticket_id, index),
            "body": body,
            "body_text": text,
            "incoming": kind == "incoming",
            "private": kind == "private",
            "created_at": stamp,
            "updated_at": stamp,
            "user_id": author.id,
            "support_email": SUPPORT_EMAIL if kind == "reply" else None,
            "source": 0 if kind in ("reply", "incoming") else 2,
            "ticket_id": ticket_id,
            "to_emails": [requester.email] if kind == "reply" else [],
            "from_email": requester.email
            if kind == "incoming"
            else (SUPPORT_EMAIL if kind == "reply" else None),
            "cc_emails": [],
            "bcc_emails": [] if kind == "reply" else None,
            "attachments": _attachments(ticket_id, index, stamp) if kind == "incoming" else [],
        }
        thread.conversations.append(conversation)
        last_by[kind] = (conversation, author)
    if ticket["responder_id"] is not None and rng.random() < 0.3:
        for index in range(rng.randint(1, 3)):
            moment = start + (end - start) * rng.random()
            minutes = rng.choice((5, 10, 15, 20, 30, 45, 60, 90, 120))
            thread.time_entries.append(
                {
                    "id": ids.child_id(ids.TIME_ENTRY_BASE, ticket_id, index),
                    "created_at": iso(moment),
                    "updated_at": iso(moment),
                    "start_time": iso(moment),
                    "timer_running": False,
                    "billable": rng.random() < 0.7,
                    "time_spent": f"{minutes // 60:02d}:{minutes % 60:02d}",
                    "executed_at": iso(moment),
                    "task_id": None,
                    "workspace_id": ticket["workspace_id"],
                    "note": rng.choice(words.TIME_NOTES),
                    "agent_id": agent.id,
                    "custom_fields": {},
                }
            )
    if rng.random() < 0.15:
        for index in range(rng.randint(1, 3)):
            moment = start + (end - start) * rng.random()
            done = ticket["status"] in (4, 5) or rng.random() < 0.3
            thread.tasks.append(
                {
                    "id": ids.child_id(ids.TASK_BASE, ticket_id, index),
                    "agent_id": agent.id if rng.random() < 0.7 else None,
                    "status": 3 if done else rng.choice((1, 2)),
                    "due_date": iso(moment + timedelta(days=rng.randint(1, 5))),
                    "notify_before": rng.choice((0, 3600)),
                    "title": rng.choice(words.TASK_TITLES),
                    "description": "",
                    "created_at": iso(moment),
                    "updated_at": iso(moment),
                    "closed_at": iso(moment + timedelta(hours=rng.randint(1, 48)))
                    if done
                    else None,
                    "group_id": ticket["group_id"],
                    "deleted": False,
                    "workspace_id": ticket["workspace_id"],
                }
            )
    return thread


_ATTACHMENTS = (
    ("screenshot.png", "image/png", 20_000, 400_000),
    ("error-log.txt", "text/plain", 800, 60_000),
    ("photo.jpg", "image/jpeg", 300_000, 3_500_000),
    ("invoice.pdf", "application/pdf", 40_000, 900_000),
)


def _attachments(ticket_id: int, index: int, stamp: str) -> list[JsonDict]:
    """Files on about one incoming email in five. Drawn from their own RNG so adding them
    leaves the rest of the generated data exactly as it was."""
    rng = random.Random(f"attachments-{ticket_id}-{index}")
    if rng.random() >= 0.2:
        return []
    name, content_type, low, high = rng.choice(_ATTACHMENTS)
    attachment_id = ids.child_id(ids.CONVERSATION_BASE, ticket_id, index) + 7_000_000
    return [
        {
            "id": attachment_id,
            "content_type": content_type,
            "size": rng.randint(low, high),
            "name": name,
            "attachment_url": f"https://{DEMO_DOMAIN}/helpdesk/attachments/{attachment_id}/{name}",
            "created_at": stamp,
            "updated_at": stamp,
        }
    ]
