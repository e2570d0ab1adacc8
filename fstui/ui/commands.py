"""Command palette (ctrl+p): jump to a ticket, switch queue, run any key's action, find an asset.

Providers answer from memory (the mirror, the screen's bindings); nothing here
calls the API while the agent types. A chosen hit posts a navigation message to the app,
which alone opens screens.
"""

from __future__ import annotations

import re
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message

from fstui.text import inert_line
from fstui.ui.context import session_of
from fstui.ui.messages import (
    BrowseAssets,
    OpenTicket,
    SearchKnowledge,
    ShowMyApprovals,
    ShowQueue,
)

__all__ = [
    "AssetCommands",
    "ItsmCommands",
    "QueueCommands",
    "ScreenActionCommands",
    "TicketCommands",
]

TICKET_NUMBER = re.compile(r"^\s*#?\s*(\d{1,12})\s*$")


class _Routing(Provider):
    def _post(self, message: Message) -> None:
        self.app.post_message(message)


class TicketCommands(_Routing):
    """`#123` or `123` opens that ticket."""

    async def search(self, query: str) -> Hits:
        found = TICKET_NUMBER.match(query)
        if found and session_of(self.app) is not None:
            number = int(found.group(1))
            opening = OpenTicket(number, from_queue=True)
            yield Hit(1.0, f"Open ticket #{number}", partial(self._post, opening))


class QueueCommands(_Routing):
    """Every queue by name."""

    def _names(self) -> list[str]:
        session = session_of(self.app)
        return session.store.queue_names() if session is not None else []

    async def discover(self) -> Hits:
        for name in self._names():
            yield DiscoveryHit(
                Content(f"Queue: {inert_line(name, 120)}"), partial(self._post, ShowQueue(name))
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            text = f"Queue: {inert_line(name, 120)}"  # from the config or a typed query
            score = matcher.match(text)
            if score > 0:  # Content, not markup: names come from config and typed queries
                yield Hit(score, Content(text), partial(self._post, ShowQueue(name)))


class ScreenActionCommands(Provider):
    """Whatever the current screen can do by key, by its description."""

    def _actions(self) -> list[tuple[str, str, DOMNode]]:
        seen: set[str] = set()
        actions: list[tuple[str, str, DOMNode]] = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            label = f"{binding.description} ({self.app.get_key_display(binding)})"
            actions.append((label, binding.action, active.node))
        return actions

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, node in self._actions():
            score = matcher.match(label)
            if score > 0:
                run = partial(self.app.run_action, action, node)
                yield Hit(score, Content(label), run)  # a key may be "[": not markup


class AssetCommands(_Routing):
    """`asset NAME-OR-TAG` opens the asset browser searching for it."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        lowered = text.lower()
        if session_of(self.app) is None or not lowered.startswith("asset"):
            return
        term = text[5:].strip()
        if term:
            finding = BrowseAssets(search=term)
            shown = Content(f"Find asset: {inert_line(term, 120)}")  # typed or pasted
            yield Hit(0.9, shown, partial(self._post, finding))


KB_PREFIXES = ("kb", "article", "knowledge")


class ItsmCommands(_Routing):
    """ "My approvals", and the knowledge base ("kb vpn" searches articles for "vpn")."""

    def _fixed(self) -> list[tuple[str, Message]]:
        return [
            ("My approvals (waiting for me)", ShowMyApprovals()),
            ("Knowledge base: search articles", SearchKnowledge()),
        ]

    async def discover(self) -> Hits:
        if session_of(self.app) is None:
            return
        for label, message in self._fixed():
            yield DiscoveryHit(Content(label), partial(self._post, message))

    async def search(self, query: str) -> Hits:
        if session_of(self.app) is None:
            return
        matcher = self.matcher(query)
        for label, message in self._fixed():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), partial(self._post, message))
        text = query.strip()
        head, _, term = text.partition(" ")
        if head.lower() in KB_PREFIXES and term.strip():
            finding = SearchKnowledge(term=term.strip())
            shown = Content(f"Knowledge base: {inert_line(term, 120)}")  # typed: not markup
            yield Hit(0.95, shown, partial(self._post, finding))
