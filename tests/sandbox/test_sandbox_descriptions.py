"""A generated ticket's description tells the story of its own subject, not another one's."""

from __future__ import annotations

import re

import httpx
from starlette.applications import Starlette

from fstui.sandbox.data import words
from fstui.sandbox.data.forms import category_tree
from fstui.sandbox.data.tickets import description_for

# Subjects the description must be about, in words that only fit that subject.
ABOUT = {
    "Headset microphone not working": "hear me",
    "Monitor flickering": "flickers",
    "Need a second monitor for my desk": "second screen",
    "Locked out of my account": "locked out",
    "Printer shows offline for the whole team": "'Offline'",
}


def _pattern(template: str) -> str:
    return ".+".join(re.escape(part) for part in re.split(r"\{\w+\}", template))


def _subject_of(text: str) -> words.Subject:
    found = [
        subject
        for topic in words.TOPICS
        for subject in topic.subjects
        if re.fullmatch(_pattern(subject.template), text)
    ]
    assert len(found) == 1, f"{text!r} matches {len(found)} subject templates"
    return found[0]


def _detail(description_text: str) -> str:
    """The requester's sentences, without the greeting and the signature."""
    assert description_text.startswith("Hi team, ")
    return description_text.removeprefix("Hi team, ").rsplit(" Thanks, ", 1)[0]


def _consume(detail: str, sentences: tuple[str, ...]) -> list[str]:
    """The sentences ``detail`` is made of, in order; fails on anything not in ``sentences``."""
    used: list[str] = []
    rest = detail
    while rest:
        following = sentences[sentences.index(used[-1]) + 1 :] if used else sentences[:1]
        sentence = next((s for s in following if rest.startswith(s)), None)
        assert sentence is not None, f"{rest!r} is not one of {sentences}"
        used.append(sentence)
        rest = rest[len(sentence) :].removeprefix(" ")
    return used


async def test_descriptions_use_only_their_own_subjects_sentences(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    db = app.state.sandbox.db
    seen: set[str] = set()
    for ticket_id, row in db.tickets.items():
        if row["deleted"] or "_topic" not in row:  # HR's tickets have their own topics
            continue
        answer = await client.get(f"/tickets/{ticket_id}")
        assert answer.status_code == 200
        ticket = answer.json()["ticket"]
        assert not any(key.startswith("_") for key in ticket), "bookkeeping leaked"
        subject = _subject_of(ticket["subject"])
        used = _consume(_detail(ticket["description_text"]), subject.sentences)
        assert len(used) >= 2, ticket["description_text"]
        seen.add(subject.template)
        if subject.template in ABOUT:
            assert ABOUT[subject.template] in ticket["description_text"]
    assert seen >= set(ABOUT), "the sample should include the subjects checked by name"


def test_every_subject_has_its_own_story_and_files_where_the_form_offers() -> None:
    tree = category_tree()
    for topic in words.TOPICS:
        for subject in topic.subjects:
            assert 2 <= len(subject.sentences) <= 4, subject.template
            assert not any("{" in s for s in subject.sentences), subject.template
            sub, item = subject.filed_under or (topic.sub_category, topic.item_category)
            assert sub in tree[topic.category], subject.template
            assert item is None or item in tree[topic.category][sub], subject.template


def test_generated_tickets_file_under_their_subjects_category(app: Starlette) -> None:
    for row in app.state.sandbox.db.tickets.values():
        if "_topic" not in row:  # the HR workspace files under its own categories
            continue
        topic = words.TOPICS[row["_topic"]]
        subject = topic.subjects[row["_subject"]]
        filed = subject.filed_under or (topic.sub_category, topic.item_category)
        assert (row["category"], row["sub_category"], row["item_category"]) == (
            topic.category,
            *filed,
        )


def test_a_ticket_saved_before_subjects_were_recorded_finds_its_subject() -> None:
    """Saved sandbox state from before "_subject" still gets a matching description."""
    topic_index = next(i for i, t in enumerate(words.TOPICS) if t.item_category == "Monitor")
    row = {"id": 7, "_topic": topic_index, "subject": "Headset microphone not working"}
    _, text = description_for(1, row, "Sam")
    assert "hear me" in text and "screen" not in text
    row["subject"] = "Something the agent retyped"
    assert description_for(1, row, "Sam")[1] == "Hi team, Something the agent retyped. Thanks, Sam"
