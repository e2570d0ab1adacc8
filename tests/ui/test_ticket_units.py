"""The ticket screen's pure pieces: picker filtering, composing, $EDITOR, thread and header text."""

from __future__ import annotations

import shlex
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fstui.api.models import Conversation, Ticket
from fstui.store.labels import Labels, Person
from fstui.ui.modals.picker import Choice, filter_choices
from fstui.ui.screens.ticket.choices import UNASSIGN, field_value, property_choices
from fstui.ui.screens.ticket.compose import parse_emails, text_to_html
from fstui.ui.screens.ticket.conflict import conflict_text
from fstui.ui.screens.ticket.editor import edit_text, editor_command
from fstui.ui.screens.ticket.header import render_header
from fstui.ui.screens.ticket.thread import conversation_kind, entries_for, render_entry

NOW = datetime(2024, 6, 3, 9, 30, tzinfo=UTC)
HOSTILE = "\x1b]52;c;cHduZWQ=\x07[bold]x[/] [@click=app.quit]y[/] \x1b[31mred"


def labels() -> Labels:
    return Labels(
        agents={1: Person(1, "Alex Morgan", "alex@example.test"), 2: Person(2, "Sam Lee")},
        groups={10: "Network", 11: "Service Desk"},
        requesters={50: Person(50, "Dana Fox", "dana@example.test")},
        me_agent_id=1,
    )


# --- picker -------------------------------------------------------------------------------


def test_fuzzy_filter_finds_initials_and_ranks_word_starts_first() -> None:
    choices = [
        Choice(1, "Internet Explorer"),
        Choice(2, "Network"),
        Choice(3, "John Smith", "jsmith@example.test"),
    ]
    assert [c.value for c in filter_choices("net", choices)][:2] == [2, 1]
    assert [c.value for c in filter_choices("jsm", choices)] == [3]
    assert filter_choices("zzz", choices) == []
    assert [c.value for c in filter_choices("", choices)] == [1, 2, 3]


def test_agent_choices_put_me_first_and_offer_unassign() -> None:
    ticket = Ticket(id=5, responder_id=2)
    choices = property_choices("agent", ticket, labels())
    assert choices[0].value == UNASSIGN
    assert choices[1].label == "Alex Morgan (me)"
    assert [c.value for c in choices if c.current] == [2]
    assert field_value(UNASSIGN) is None


# --- composing ----------------------------------------------------------------------------


def test_typed_text_becomes_escaped_paragraphs() -> None:
    html = text_to_html("Hi <b>Dana</b>,\nline two\n\nThanks & bye")
    assert html == "<p>Hi &lt;b&gt;Dana&lt;/b&gt;,<br>line two</p><p>Thanks &amp; bye</p>"


def test_cc_field_accepts_separators_and_reports_bad_addresses() -> None:
    good, bad = parse_emails("a@x.test, b@y.test;  a@x.test nope")
    assert good == ["a@x.test", "b@y.test"]
    assert bad == ["nope"]


# --- $EDITOR ------------------------------------------------------------------------------


def test_editor_runs_on_a_private_temp_file_and_returns_its_text(tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    script = (
        "import os,stat,sys;p=sys.argv[1];"
        f"open({str(seen)!r},'w').write(oct(stat.S_IMODE(os.stat(p).st_mode))+'|'+open(p).read());"
        "open(p,'a').write('and more from the editor\\n')"
    )
    result = edit_text("draft", command=[sys.executable, "-c", script])
    assert result.ok
    assert result.text == "draft\nand more from the editor"  # the file's last newline goes
    mode, before = seen.read_text().split("|", 1)
    assert mode == oct(stat.S_IRUSR | stat.S_IWUSR)
    assert before == "draft\n"  # a text file ends in a newline (vi said [noeol])


def test_editor_failure_keeps_the_text(tmp_path: Path) -> None:
    result = edit_text("keep me", command=[sys.executable, "-c", "raise SystemExit(3)"])
    assert not result.ok and result.text == "keep me"
    assert "status 3" in result.message
    missing = edit_text("keep", command=[str(tmp_path / "no-such-editor")])
    assert not missing.ok and missing.text == "keep"


def test_editor_command_prefers_visual_and_splits_like_a_shell() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": shlex.join(["my editor", "-x"])}) == ["my editor", "-x"]
    assert editor_command({}) == ["vi"]


# --- thread -------------------------------------------------------------------------------


def test_conversation_kinds_are_told_apart() -> None:
    assert conversation_kind(Conversation(private=True, source=2)) == "private_note"
    assert conversation_kind(Conversation(private=False, source=2)) == "public_note"
    assert conversation_kind(Conversation(incoming=True, source=0)) == "incoming"
    assert conversation_kind(Conversation(incoming=False, source=0)) == "reply"


def test_thread_starts_with_description_and_orders_by_time() -> None:
    ticket = Ticket(id=7, requester_id=50, description="<p>Printer broken</p>", created_at=NOW)
    later = Conversation(id=2, user_id=1, body="<p>later</p>", created_at=NOW + timedelta(hours=2))
    earlier = Conversation(
        id=1, user_id=50, incoming=True, body="<p>first</p>", created_at=NOW + timedelta(hours=1)
    )
    entries = entries_for(ticket, [later, earlier], labels())
    assert [e.key for e in entries] == ["description", "c1", "c2"]
    assert entries[0].author == "Dana Fox"
    assert entries[2].author == "Alex Morgan"


def test_hostile_bodies_and_names_render_literally() -> None:
    ticket = Ticket(id=7, requester_id=50, description=f"<p>{HOSTILE}</p>", created_at=NOW)
    conv = Conversation(
        id=1,
        user_id=99,
        from_email="x@evil.test",
        body="<p>hi</p>",
        attachments=[{"name": HOSTILE, "size": 2048}],
        created_at=NOW,
    )
    for entry in entries_for(ticket, [conv], labels()):
        text = render_entry(entry, NOW + timedelta(hours=1), show_quotes=False)
        assert "\x1b" not in text.plain and "\x07" not in text.plain
        assert not any(span.style and "@click" in str(span.style) for span in text.spans)
        if entry.kind == "description":
            assert "[bold]x[/]" in text.plain


def test_header_shows_words_not_codes_and_escapes_the_subject() -> None:
    ticket = Ticket(
        id=42,
        subject=HOSTILE,
        status=2,
        priority=4,
        urgency=3,
        impact=1,
        responder_id=1,
        group_id=10,
        requester_id=50,
        category="Hardware",
        sub_category="Printer",
        tags=["vip", "floor-3"],
        due_by=NOW + timedelta(hours=1),
        fr_due_by=NOW - timedelta(hours=3),
        created_at=NOW - timedelta(days=2),
        updated_at=NOW - timedelta(minutes=5),
    )
    plain = render_header(ticket, labels(), NOW).plain
    for words in ("#42", "Open", "Urgent", "Alex Morgan", "Network", "Dana Fox", "Hardware"):
        assert words in plain
    assert "vip, floor-3" in plain
    assert "[bold]x[/]" in plain and "\x1b" not in plain


def test_conflict_text_names_each_changed_field_in_words() -> None:
    from fstui.store.outbox import FieldChange

    changes = [
        FieldChange("status", seen=2, current=3, wanted=4, in_write=True),
        FieldChange("responder_id", seen=None, current=2),
    ]
    plain = conflict_text(changes, labels(), summary="Status → Resolved").plain
    assert "Status: Open → Pending" in plain
    assert "you set Resolved" in plain
    assert "Agent: — → Sam Lee" in plain


def test_first_response_countdown_stops_once_an_agent_answered_in_public() -> None:
    from fstui.api.models import Conversation

    def header(*conversations: Conversation) -> str:
        ticket = Ticket(
            id=7,
            subject="VPN",
            status=2,
            due_by=NOW + timedelta(hours=5),
            fr_due_by=NOW + timedelta(hours=1),
            conversations=list(conversations),
        )
        return render_header(ticket, labels(), NOW).plain

    private_note = Conversation(id=1, incoming=False, private=True, body="checking")
    customer_mail = Conversation(id=2, incoming=True, private=False, body="any news?")
    agent_reply = Conversation(id=3, incoming=False, private=False, body="fixed")
    assert "1st resp in 1h" in header(private_note, customer_mail)
    assert "1st resp answered" in header(private_note, agent_reply)
