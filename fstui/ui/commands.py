"""Command palette (ctrl+p): jump to a ticket, switch queue, run any key's action, find an asset.

Providers answer from memory (the mirror, the screen's bindings); nothing here
calls the API while the agent types.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from fstui.ui.app import FstuiApp

TICKET_NUMBER = re.compile(r"^\s*#?\s*(\d{1,12})\s*$")


class TicketCommands(Provider):
    """`#123` or `123` opens that ticket."""

    async def search(self, query: str) -> Hits:
        app: FstuiApp = self.app  # type: ignore[assignment]
        found = TICKET_NUMBER.match(query)
        if found and app.session is not None:
            number = int(found.group(1))
            yield Hit(1.0, f"Open ticket #{number}", partial(app.open_ticket, number))


class QueueCommands(Provider):
    """Every queue by name."""

    def _names(self) -> list[str]:
        app: FstuiApp = self.app  # type: ignore[assignment]
        return app.session.store.queue_names() if app.session is not None else []

    async def discover(self) -> Hits:
        app: FstuiApp = self.app  # type: ignore[assignment]
        for name in self._names():
            yield DiscoveryHit(Content(f"Queue: {name}"), partial(app.show_queue, name))

    async def search(self, query: str) -> Hits:
        app: FstuiApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for name in self._names():
            text = f"Queue: {name}"
            score = matcher.match(text)
            if score > 0:  # Content, not markup: names come from config and typed queries
                yield Hit(score, Content(text), partial(app.show_queue, name))


class ScreenActionCommands(Provider):
    """Whatever the current screen can do by key, by its description."""

    def _actions(self) -> list[tuple[str, str, object]]:
        seen: set[str] = set()
        actions: list[tuple[str, str, object]] = []
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
                run = partial(self.app.run_action, action, node)  # type: ignore[arg-type]
                yield Hit(score, Content(label), run)  # a key may be "[": not markup


class AssetCommands(Provider):
    """`asset NAME-OR-TAG` opens the asset browser searching for it."""

    async def search(self, query: str) -> Hits:
        app: FstuiApp = self.app  # type: ignore[assignment]
        text = query.strip()
        lowered = text.lower()
        if app.session is None or not lowered.startswith("asset"):
            return
        term = text[5:].strip()
        if term:
            yield Hit(0.9, Content(f"Find asset: {term}"), partial(app.find_asset, term))
