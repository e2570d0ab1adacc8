"""The ticket's story: the description, then every reply and note, oldest first.

An agent scans a thread for who said what, and whether it went to the customer. So each
entry carries a coloured kind badge (a private note must never be mistaken for a reply),
the author and time, the body as readable text, and its attachments. Quoted email history
is folded by default and unfolded for every entry at once with one key.

Bodies are customer HTML: they are converted by `fstui.text` and shown with `literal`, never
parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from fstui.api import Conversation, Ticket
from fstui.store.labels import Labels, requester_identity
from fstui.text import format_size, html_to_document, literal, one_line, relative_time

EntryKind = Literal[
    "description", "reply", "incoming", "public_note", "private_note", "forward", "other"
]

KIND_LABELS: dict[EntryKind, str] = {
    "description": "DESCRIPTION",
    "reply": "REPLY",
    "incoming": "INCOMING EMAIL",
    "public_note": "PUBLIC NOTE",
    "private_note": "PRIVATE NOTE",
    "forward": "FORWARD",
    "other": "UPDATE",
}
KIND_STYLES: dict[EntryKind, str] = {
    "description": "bold black on cyan",
    "reply": "bold black on green",
    "incoming": "bold black on bright_blue",
    "public_note": "bold black on magenta",
    "private_note": "bold black on yellow",
    "forward": "bold black on white",
    "other": "bold black on white",
}
SOURCE_NOTE = 2
SOURCE_FORWARD = 6


def conversation_kind(conversation: Conversation) -> EntryKind:
    if conversation.private:
        return "private_note"
    if conversation.source == SOURCE_NOTE:
        return "public_note"
    if conversation.source == SOURCE_FORWARD:
        return "forward"
    if conversation.incoming:
        return "incoming"
    return "reply"


@dataclass(frozen=True)
class EntryData:
    """One thread entry, already reduced to what is shown."""

    key: str
    kind: EntryKind
    author: str
    author_email: str
    when: datetime | str | None
    html: str | None
    text_fallback: str | None
    attachments: Sequence[dict[str, Any]] = field(default_factory=tuple)
    recipients: str = ""


def entries_for(
    ticket: Ticket, conversations: Iterable[Conversation], labels: Labels
) -> list[EntryData]:
    """Description first, then conversations by creation time (ties keep the server's order)."""
    entries: list[EntryData] = []
    requester_name, requester_email = requester_identity(ticket, labels)
    entries.append(
        EntryData(
            key="description",
            kind="description",
            author=requester_name,
            author_email=requester_email,
            when=ticket.created_at,
            html=ticket.description,
            text_fallback=ticket.description_text,
            attachments=tuple(ticket.attachments or ()),
        )
    )
    ordered = sorted(
        enumerate(conversations),
        key=lambda pair: (_sort_key(pair[1].created_at), pair[0]),
    )
    for _, conv in ordered:
        person = labels.person(conv.user_id)
        author = person.name if person else (conv.from_email or f"user #{conv.user_id}")
        recipients = ", ".join(e for e in (conv.to_emails or []) if e)
        if conv.cc_emails:
            recipients += ("; cc " if recipients else "cc ") + ", ".join(conv.cc_emails)
        entries.append(
            EntryData(
                key=f"c{conv.id}",
                kind=conversation_kind(conv),
                author=author,
                author_email=person.email if person else (conv.from_email or ""),
                when=conv.created_at,
                html=conv.body,
                text_fallback=conv.body_text,
                attachments=tuple(conv.attachments or ()),
                recipients=recipients,
            )
        )
    return entries


def _sort_key(value: datetime | str | None) -> float:
    return value.timestamp() if isinstance(value, datetime) else float("inf")


def render_entry(entry: EntryData, now: datetime, *, show_quotes: bool) -> Text:
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f" {KIND_LABELS[entry.kind]} ", style=KIND_STYLES[entry.kind])
    head.append(" ")
    head.append_text(literal(one_line(entry.author, 60), "bold"))
    if entry.author_email and entry.author_email != entry.author:
        head.append(" <", style="dim")
        head.append_text(literal(one_line(entry.author_email, 60), "dim"))
        head.append(">", style="dim")
    head.append("  ")
    if isinstance(entry.when, datetime):
        head.append(relative_time(entry.when, now), style="dim")
        head.append(f" · {entry.when.astimezone(now.tzinfo):%d %b %H:%M}", style="dim")
    elif entry.when:
        head.append_text(literal(one_line(entry.when, 30), "dim"))
    parts = [head]
    if entry.recipients:
        to = Text(no_wrap=True, overflow="ellipsis")
        to.append("to ", style="dim")
        to.append_text(literal(one_line(entry.recipients, 300), "dim"))
        parts.append(to)
    parts.append(literal(body_text(entry, show_quotes=show_quotes)))
    if entry.attachments:
        parts.append(attachments_text(entry.attachments))
    return Text("\n").join(parts)


def body_text(entry: EntryData, *, show_quotes: bool) -> str:
    if entry.html:
        text = html_to_document(entry.html).render(show_quotes=show_quotes).strip("\n")
    else:
        text = (entry.text_fallback or "").strip("\n")
    return text or "(empty)"


def has_quotes(entry: EntryData) -> bool:
    return bool(entry.html) and html_to_document(entry.html).has_quotes


def attachments_text(attachments: Sequence[dict[str, Any]]) -> Text:
    text = Text()
    for index, attachment in enumerate(attachments):
        if index:
            text.append("\n")
        name = attachment.get("name") if isinstance(attachment, dict) else None
        size = attachment.get("size") if isinstance(attachment, dict) else None
        text.append("Attachment ", style="dim")
        text.append_text(literal(one_line(str(name or "attachment"), 120), "underline"))
        text.append(f"  {format_size(size if isinstance(size, int) else None)}", style="dim")
        kind = attachment.get("content_type") if isinstance(attachment, dict) else None
        if kind:
            text.append_text(literal(f"  {one_line(str(kind), 40)}", "dim"))
    if attachments:
        text.append("  (a: save/open/read)", style="dim")
    return text


class ThreadEntry(Static):
    """One message; its CSS class says which kind, so the stylesheet can colour the edge."""

    DEFAULT_CSS = """
    ThreadEntry { padding: 0 1; margin: 0 0 1 0; border-left: thick $secondary; }
    ThreadEntry.-description { border-left: thick $accent; }
    ThreadEntry.-reply { border-left: thick $success; }
    ThreadEntry.-incoming { border-left: thick $primary; }
    ThreadEntry.-public_note { border-left: thick $secondary; }
    ThreadEntry.-private_note { border-left: thick $warning; background: $warning 10%; }
    """

    def __init__(self, entry: EntryData, now: datetime, *, show_quotes: bool) -> None:
        super().__init__(
            render_entry(entry, now, show_quotes=show_quotes), classes=f"-{entry.kind}"
        )
        self.entry = entry
        self.can_focus = False

    def refresh_body(self, now: datetime, *, show_quotes: bool) -> None:
        self.update(render_entry(self.entry, now, show_quotes=show_quotes))


class ThreadView(VerticalScroll):
    """Scrollable list of `ThreadEntry`; replaced wholesale when the thread changes."""

    DEFAULT_CSS = """
    ThreadView { height: 1fr; padding: 0 0; }
    ThreadView > .thread-footer { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_quotes = False
        self._entries: list[EntryData] = []
        self._now: datetime | None = None
        self.can_focus = True

    @property
    def entries(self) -> list[EntryData]:
        return list(self._entries)

    async def show(
        self, entries: list[EntryData], now: datetime, *, footer: str = "", to_end: bool = False
    ) -> None:
        """Replace the thread, keeping the scroll position when the same thread grows, or at
        its end (`to_end`: a message the agent just sent must be in view, issue #18 item 12)."""
        same_thread = [e.key for e in entries[: len(self._entries)]] == [
            e.key for e in self._entries
        ]
        keep_y = self.scroll_y if same_thread and self._entries else 0
        self._entries = list(entries)
        self._now = now
        await self.remove_children()
        widgets: list[Static] = [
            ThreadEntry(entry, now, show_quotes=self.show_quotes) for entry in entries
        ]
        if footer:
            widgets.append(Static(literal(footer), classes="thread-footer"))
        await self.mount_all(widgets)
        if to_end:
            self.call_after_refresh(self.scroll_end, animate=False)  # once laid out
        else:
            self.scroll_to(y=keep_y, animate=False)

    def toggle_quotes(self) -> bool:
        self.show_quotes = not self.show_quotes
        if self._now is not None:
            for child in self.query(ThreadEntry):
                child.refresh_body(self._now, show_quotes=self.show_quotes)
        return self.show_quotes

    def any_quotes(self) -> bool:
        return any(has_quotes(entry) for entry in self._entries)
