"""The scripted triage session, written once and played by fstui and by the naive client.

Ten simulated minutes: open My open; in each minute open three tickets (reading each for 15 s,
then back to the queue), reply to the first, log time on the second and change the status of
the third; refresh the queue at every full minute; finally browse 3 asset types and 10 assets.
That is 30 tickets, 10 replies, 10 time entries, 10 status changes and 10 refreshes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

TICKETS = 30
MINUTES = 10
TICKETS_PER_MINUTE = TICKETS // MINUTES
READ_SECONDS = 15.0
ASSET_TYPES = 3
ASSETS = 10


class Driver(Protocol):
    """What an agent does, as one client implements it."""

    async def open_queue(self) -> list[int]: ...
    async def refresh_queue(self) -> None: ...
    async def back_to_queue(self) -> None: ...
    async def open_ticket(self, ticket_id: int) -> None: ...
    async def reply(self, ticket_id: int, text: str) -> None: ...
    async def add_time_entry(self, ticket_id: int) -> None: ...
    async def change_status(self, ticket_id: int) -> None: ...
    async def open_assets(self) -> list[int]: ...
    async def open_asset_type(self, type_id: int) -> list[int]: ...
    async def open_asset(self, display_id: int) -> None: ...


@dataclass
class Progress:
    """Steps completed, by kind (the shared-budget run compares processes on this)."""

    steps: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def done(self, kind: str) -> None:
        self.steps += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


Advance = Callable[[float], Awaitable[None]]


async def run_triage(
    driver: Driver,
    advance: Advance,
    progress: Progress | None = None,
    *,
    offset: int = 0,
) -> Progress:
    """Play the script; `advance(seconds)` lets session time pass (virtual or real).

    `offset` rotates which tickets are picked, so concurrent agents work on different ones.
    """
    progress = progress or Progress()
    queue = await driver.open_queue()
    progress.done("open_queue")
    if len(queue) < TICKETS:
        raise RuntimeError(f"My open has {len(queue)} tickets; the script needs {TICKETS}")
    ordered = sorted(queue, reverse=True)
    shift = offset % len(ordered)
    chosen = (ordered[shift:] + ordered[:shift])[:TICKETS]
    for minute in range(MINUTES):
        batch = chosen[minute * TICKETS_PER_MINUTE : (minute + 1) * TICKETS_PER_MINUTE]
        for index, ticket_id in enumerate(batch):
            await driver.open_ticket(ticket_id)
            progress.done("open_ticket")
            if index == 0:
                await driver.reply(ticket_id, f"Hello, this is looked at (minute {minute}).")
                progress.done("reply")
            elif index == 1:
                await driver.add_time_entry(ticket_id)
                progress.done("time_entry")
            else:
                await driver.change_status(ticket_id)
                progress.done("status")
            await advance(READ_SECONDS)
            await driver.back_to_queue()
        await advance(60.0 - READ_SECONDS * len(batch))
        await driver.refresh_queue()
        progress.done("refresh")
    types = (await driver.open_assets())[:ASSET_TYPES]
    progress.done("asset_types")
    shown: list[int] = []
    for type_id in types:
        shown.extend((await driver.open_asset_type(type_id))[:4])
        progress.done("asset_list")
        await advance(5.0)
    for display_id in shown[:ASSETS]:
        await driver.open_asset(display_id)
        progress.done("asset")
        await advance(5.0)
    return progress
