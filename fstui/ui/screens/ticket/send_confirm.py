"""What the confirm before sending a reply or note says: to whom, how private, what goes with it.

The agent reads this last before a message leaves, so it names every recipient (To, Cc, Bcc,
the From address) or, for a note, who can see it, then each file and the start of the text.
Addresses that do not parse stop the send here, with the reason, before anything is queued.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text

from fstui.text import literal, one_line
from fstui.ui.screens.ticket.compose import parse_emails, preview
from fstui.ui.screens.ticket.composer import ComposerState

__all__ = ["SendConfirm", "send_confirm"]


@dataclass
class SendConfirm:
    title: str
    body: Text
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)


def send_confirm(state: ComposerState, ticket_id: int, recipient: str) -> SendConfirm | str:
    """The confirm for `state`; a string (what to tell the agent) when it cannot be sent."""
    body = Text()
    cc: list[str] = []
    bcc: list[str] = []
    if state.kind == "reply":
        cc, bad_cc = parse_emails(state.cc)
        bcc, bad_bcc = parse_emails(state.bcc)
        if bad_cc or bad_bcc:
            return f"Not an email address: {one_line(', '.join(bad_cc + bad_bcc), 80)}"
        title = f"Send reply on #{ticket_id}?"
        body.append("To: ", style="bold")
        body.append_text(literal(recipient or "the requester"))
        for label, addresses in (("Cc", cc), ("Bcc", bcc)):
            if addresses:
                body.append(f"\n{label}: ", style="bold")
                body.append_text(literal(", ".join(addresses)))
        if state.from_email.strip():
            body.append("\nFrom: ", style="bold")
            body.append_text(literal(state.from_email.strip()))
    else:
        title = f"Add {'PRIVATE' if state.private else 'PUBLIC'} note on #{ticket_id}?"
        body.append(
            "Agents only." if state.private else "The requester will see this note.",
            style="bold yellow" if not state.private else "bold",
        )
    for path in state.files:
        body.append("\nAttach: ", style="bold")
        body.append_text(literal(one_line(Path(path).name, 80)))
    body.append("\n\n")
    body.append_text(literal(preview(state.text)))
    return SendConfirm(title, body, cc, bcc)
