"""Who syncs, and how what one console learned reaches the others: the seam team mode plugs into.

Why a seam: the mirror and reference data are the same for every console of an account, so a
service desk of twenty consoles should pay for one delta sync, not twenty. The sync service asks
its coordinator before each refresh whether it leads (then it calls the API and publishes what it
wrote) or follows (then it takes what the leader published, with no API call). A console alone,
the default, always leads and publishes nowhere. `fstui.store.team` implements this on Redis.

Every method is async and must stay short: the sync service awaits them on the event loop, so an
implementation that talks to a server does so with an async client and its own timeouts, and
answers "lead" when it cannot tell (a console must never stop syncing because a peer vanished).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["MirrorUpdate", "SoloCoordinator", "SyncCoordinator"]


@dataclass(frozen=True)
class MirrorUpdate:
    """What one sync changed in the open set, as a leader publishes it and a follower applies it.

    `tickets` are mirror-shaped bodies (as `TicketMirror` stores them); `removed` are ids that
    left the open set; `full` says the open set is exactly `tickets` (a full load), so a follower
    drops every ticket not listed; `sync_from` is the leader's watermark after the sync, so a
    follower that later has to lead starts its delta where the leader stopped.
    """

    tickets: Sequence[Mapping[str, Any]]
    removed: Sequence[int]
    full: bool
    sync_from: str | None
    finished_at: float


class SyncCoordinator(Protocol):
    """One per console. The solo default is below; Redis' is in fstui.store.team."""

    async def should_lead(self) -> bool:
        """True when this console should sync from the API now (it holds, or just took, the
        lease). Must answer True when the shared side is unreachable."""
        ...

    async def publish(self, update: MirrorUpdate) -> None:
        """Share what this console's sync wrote into its mirror (leader only), or what one of
        its own writes answered: ``full=False, sync_from=None``, which any console may share
        (it moves nobody's watermark) so the change shows on the others at once."""
        ...

    async def catch_up(self) -> list[MirrorUpdate]:
        """What others published since this console last looked, oldest first (followers).

        An implementation may answer one full `MirrorUpdate` instead of a long history."""
        ...

    async def reference_get(self, key: str) -> tuple[Any, float] | None:
        """Shared reference data (agents, groups, form fields, requester names) by cache key,
        with the epoch time it was stored; None when nobody shared it."""
        ...

    async def reference_put(self, key: str, value: Any) -> None:
        """Share reference data this console just fetched."""
        ...

    def status(self) -> str | None:
        """A short note for the status bar (e.g. "team: following"), or None when solo."""
        ...

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` on the event loop whenever another console published something,
        so a follower can catch up at once instead of at its next refresh (which keeps a change
        within one refresh interval everywhere). It must only schedule work, never block."""
        ...

    async def aclose(self) -> None: ...


class SoloCoordinator:
    """One console alone: always leads, shares nothing, costs nothing."""

    async def should_lead(self) -> bool:
        return True

    async def publish(self, update: MirrorUpdate) -> None:
        return None

    async def catch_up(self) -> list[MirrorUpdate]:
        return []

    async def reference_get(self, key: str) -> tuple[Any, float] | None:
        return None

    async def reference_put(self, key: str, value: Any) -> None:
        return None

    def status(self) -> str | None:
        return None

    def subscribe(self, callback: Callable[[], None]) -> None:
        return None  # nobody else publishes

    async def aclose(self) -> None:
        return None
