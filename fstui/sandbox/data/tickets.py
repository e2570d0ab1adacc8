"""Ticket rows, generated eagerly (they are what lists, filters and counts need).

Descriptions and children (conversations, time entries, tasks) are produced lazily from
their own RNG so that startup stays fast and the data is identical in any read order.
Keys starting with "_" are the sandbox's bookkeeping and never leave the server.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import words
from fstui.sandbox.data.forms import AFFECTED_SERVICES, CUSTOM_CHECKBOX, CUSTOM_DROPDOWN
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]
HISTORY_DAYS = 120
FIRST_RESPONSE_SLA = {
    1: timedelta(hours=24),
    2: timedelta(hours=8),
    3: timedelta(hours=4),
    4: timedelta(hours=1),
}
RESOLUTION_SLA = {
    1: timedelta(days=5),
    2: timedelta(days=3),
    3: timedelta(days=1),
    4: timedelta(hours=4),
}
_TOPIC_WEIGHTS = (10, 6, 4, 8, 9, 9, 9, 12, 5, 4, 5)
_SERVICE_BY_SUB = {
    "VPN": "VPN",
    "Wi-Fi": "Wi-Fi",
    "Email": "Email",
    "Printer": "Printing",
    "Business Applications": "ERP",
}
_SOURCES = (1, 2, 3, 4, 9, 10)
_SOURCE_WEIGHTS = (45, 33, 10, 6, 3, 3)


@dataclass(frozen=True)
class People:
    """What ticket generation needs to know about the organisation."""

    requesters: list[JsonDict]
    agents: list[JsonDict]
    groups: list[JsonDict]
    me_id: int


def _fill(template: str, rng: random.Random, requesters: list[JsonDict]) -> str:
    if "{" not in template:
        return template
    values = {key: rng.choice(choices) for key, choices in words.FILLERS.items()}
    person = rng.choice(requesters)
    values["person"] = f"{person['first_name']} {person['last_name']}"
    return template.format(**values)


def _status_for(rng: random.Random, age: timedelta) -> int:
    if age < timedelta(days=2):
        weights = (58, 20, 5, 17, 0)
    elif age < timedelta(days=14):
        weights = (22, 14, 5, 34, 25)
    else:
        weights = (4, 3, 2, 14, 77)
    return rng.choices((2, 3, 6, 4, 5), weights=weights)[0]


def _assigned_but_unanswered(rng: random.Random, age: timedelta) -> bool:
    """Assigned is not answered: new tickets often wait for their agent's first reply."""
    if age < timedelta(days=1):
        return rng.random() < 0.4
    return rng.random() < (0.15 if age < timedelta(days=3) else 0.03)


def make_tickets(rng: random.Random, count: int, now: datetime, people: People) -> list[JsonDict]:
    """``count`` tickets created over the last 120 days, oldest first (ids grow with time)."""
    span = HISTORY_DAYS * 86_400
    offsets = sorted(rng.random() for _ in range(count))
    members = {g["id"]: g["members"] or [people.me_id] for g in people.groups}
    group_by_name = {g["name"]: g["id"] for g in people.groups}
    service_desk = group_by_name["Service Desk"]
    requesters = people.requesters
    topics = words.TOPICS
    rows: list[JsonDict] = []
    answers = random.Random(f"answers-{count}")  # its own stream: the rest stays as it was
    for index, offset in enumerate(offsets):
        ticket_id = index + 1
        created = now - timedelta(seconds=int(span * (1.0 - offset)) + 60)
        topic_index = rng.choices(range(len(topics)), weights=_TOPIC_WEIGHTS)[0]
        category, sub, item, group_name, subjects, tags = topics[topic_index]
        requester = requesters[min(int(rng.paretovariate(1.2)) - 1, len(requesters) - 1)]
        if rng.random() < 0.7:
            requester = requesters[rng.randrange(len(requesters))]
        age = now - created
        status = _status_for(rng, age)
        priority = rng.choices((1, 2, 3, 4), weights=(35, 40, 18, 7))[0]
        group_id = group_by_name[group_name] if rng.random() < 0.85 else service_desk
        is_open = status in (2, 3, 6)
        responder = None if is_open and rng.random() < 0.18 else rng.choice(members[group_id])
        if status == 2 and responder is None and rng.random() < 0.3:
            group_id = None
        fr_due = created + FIRST_RESPONSE_SLA[priority]
        due = created + RESOLUTION_SLA[priority]
        if is_open and rng.random() < 0.12:
            due = max(
                created + timedelta(minutes=30), now + timedelta(minutes=rng.randint(20, 480))
            )
            due = max(due, fr_due)
        if is_open:
            updated = created + (now - created) * rng.random() ** 2
        else:
            closed_after = timedelta(minutes=rng.randint(20, 60 * 24 * 6))
            if created + closed_after > now:
                # Closed before now, at a spread instant (from the id, not the random stream, so
                # every other value stays as it was): a real account has no crowd of tickets
                # all updated in the same second, which a delta sync would re-read every time.
                closed_after = (now - created) * (((ticket_id * 7919) % 997) / 997)
            updated = created + closed_after
        responded = None
        if responder is not None or not is_open:
            responded = min(updated, created + FIRST_RESPONSE_SLA[priority] * rng.random() * 1.3)
        if is_open and responded is not None and _assigned_but_unanswered(answers, age):
            responded = None
        resolved = updated if status in (4, 5) else None
        ticket_type = (
            "Service Request"
            if group_name == "Onboarding"
            or (group_name == "Identity & Access" and rng.random() < 0.5)
            else "Incident"
        )
        source = rng.choices(_SOURCES, weights=_SOURCE_WEIGHTS)[0]
        service = _SERVICE_BY_SUB.get(sub)
        if service is None and rng.random() < 0.25:
            service = rng.choice(AFFECTED_SERVICES)
        updated_text = iso(updated)
        # randrange(len(...)) draws exactly what choice(...) drew here before subjects had
        # their own sentences: every other generated value stays as it was.
        subject_index = rng.randrange(len(subjects))
        subject = subjects[subject_index]
        filed_sub, filed_item = subject.filed_under or (sub, item)
        rows.append(
            {
                "subject": _fill(subject.template, rng, requesters),
                "group_id": group_id,
                "department_id": requester["department_ids"][0],
                "category": category,
                "sub_category": filed_sub,
                "item_category": filed_item,
                "requester_id": requester["id"],
                "responder_id": responder,
                "due_by": iso(due),
                "fr_escalated": (responded or now) > fr_due,
                "deleted": False,
                "spam": False,
                "email_config_id": None,
                "fwd_emails": [],
                "reply_cc_emails": [],
                "cc_emails": [],
                "is_escalated": is_open and due < now,
                "fr_due_by": iso(fr_due),
                "id": ticket_id,
                "priority": priority,
                "status": status,
                "source": source,
                "created_at": iso(created),
                "updated_at": updated_text,
                "requested_for_id": requester["id"],
                "to_emails": ["helpdesk@acme-demo.test"] if source == 1 else None,
                "type": ticket_type,
                "urgency": min(3, max(1, priority - rng.randint(0, 1))),
                "impact": min(3, max(1, priority - rng.randint(0, 1))),
                "sla_policy_id": 21_000_000_101,
                "resolution_notes": None,
                "resolution_notes_html": None,
                "custom_fields": {
                    CUSTOM_DROPDOWN: service,
                    CUSTOM_CHECKBOX: bool(requester.get("vip_user")),
                },
                "workspace_id": PRIMARY_WORKSPACE_ID,
                "tags": list(tags[: rng.randint(0, len(tags))]),
                "_topic": topic_index,
                "_subject": subject_index,
                "_stats": {
                    "first_responded_at": iso(responded) if responded else None,
                    "resolved_at": iso(resolved) if resolved else None,
                    "closed_at": updated_text if status == 5 else None,
                },
            }
        )
        if rng.random() < 0.012:
            rows[-1]["deleted"] = True
        elif source == 1 and rng.random() < 0.01:
            rows[-1]["spam"] = True
    _give_me_a_queue(rng, rows, people)
    return rows


def _give_me_a_queue(rng: random.Random, rows: list[JsonDict], people: People) -> None:
    """The demo agent gets a realistic open queue: about 55 tickets at the default scale."""
    me = next(a for a in people.agents if a["id"] == people.me_id)
    my_groups = set(me["member_of"])
    open_rows = [r for r in rows if r["status"] in (2, 3, 6) and not r["deleted"] and not r["spam"]]
    target = min(55, max(1, len(open_rows) // 4))
    mine = [r for r in open_rows if r["responder_id"] == people.me_id]
    candidates = [
        r
        for r in open_rows
        if r["group_id"] in my_groups and r["responder_id"] not in (None, people.me_id)
    ]
    rng.shuffle(candidates)
    for row in candidates[: max(0, target - len(mine))]:
        row["responder_id"] = people.me_id
    for row in [r for r in open_rows if r["responder_id"] == people.me_id][target:]:
        row["responder_id"] = rng.choice([m for m in _members(people, row) if m != people.me_id])


def _members(people: People, row: JsonDict) -> list[int]:
    group = next((g for g in people.groups if g["id"] == row["group_id"]), people.groups[0])
    return [m for m in group["members"] if m != people.me_id] or [people.agents[1]["id"]]


def description_for(seed: int, row: JsonDict, requester_first_name: str) -> tuple[str, str]:
    """The (HTML, text) description of a generated ticket, from its own RNG."""
    rng = random.Random(f"{seed}:desc:{row['id']}")
    sentences = _sentences(row)
    # The opening sentence says what is wrong; one or two of the others follow, in order.
    rest = range(1, len(sentences))
    picked = sorted(rng.sample(rest, rng.randint(min(1, len(rest)), min(2, len(rest)))))
    chosen = [sentences[0], *(sentences[i] for i in picked)]
    text_lines = ["Hi team,", "", *chosen, "", "Thanks,", requester_first_name]
    body = "".join(
        f"<div>{html.escape(line)}</div>" if line else "<div><br></div>" for line in text_lines
    )
    return (
        '<div style="font-size: 14px; font-family: -apple-system, BlinkMacSystemFont, Segoe UI, '
        f'Roboto, Helvetica Neue, Arial, sans-serif;">{body}</div>',
        " ".join(line for line in text_lines if line),
    )


def _sentences(row: JsonDict) -> tuple[str, ...]:
    """What the requester of a generated ticket writes: the sentences of its own subject."""
    topic = words.TOPICS[row["_topic"]]
    if "_subject" in row:
        return topic.subjects[row["_subject"]].sentences
    # Saved by a sandbox from before "_subject": find the subject by its template.
    for subject in topic.subjects:
        pattern = ".+".join(re.escape(part) for part in re.split(r"\{\w+\}", subject.template))
        if re.fullmatch(pattern, row["subject"] or ""):
            return subject.sentences
    return (f"{row['subject']}.",)
