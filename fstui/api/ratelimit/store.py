"""Where the budget's state lives: one place per user and host, or one per account in Redis.

The state is one JSON-able dict, changed only inside a transaction so that checking the budget
and reserving from it is a single atomic step, even across processes (and, in Redis, hosts).

Two shapes of store:

- ``BudgetStore`` (memory, disk): ``transact`` runs synchronously. A disk transaction is a local
  SQLite write of a few kilobytes, short enough to run on the event loop.
- ``AsyncBudgetStore`` (Redis): ``atransact`` is awaited, because a network round trip must
  never block the event loop, and the store supplies "now" from its own clock (Redis ``TIME``)
  so every host measures the sliding window on one clock. Reads that cannot wait (the status
  bar's ``stats``) and learning that need not wait (``observe``) go to ``peek``: the last state a
  transaction saw, kept in memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")
BudgetState = dict[str, Any]
Update = Callable[[BudgetState, float], T]
"""A transaction body: ``update(state, now)`` may change ``state``; its result is returned.

It must have no side effect outside ``state``: an optimistic store may run it more than once."""


class BudgetStore(Protocol):
    def transact(self, update: Callable[[BudgetState], T]) -> T:
        """Run ``update`` on the current state atomically; its changes are saved."""
        ...


@runtime_checkable
class AsyncBudgetStore(Protocol):
    async def atransact(self, update: Callable[[BudgetState, float], T]) -> T:
        """Run ``update(state, now)`` atomically with the store's clock; changes are saved."""
        ...

    def peek(self, update: Callable[[BudgetState, float], T]) -> T:
        """Run ``update`` on the last state seen (changes stay local until the next
        transaction replaces them), with the store's clock as best known. Never blocks."""
        ...

    def budget_share(self) -> float:
        """The part of the account budget this store's consoles may use together (0..1]."""
        ...


class MemoryBudgetStore:
    """For one process (and tests): a dict behind a lock."""

    def __init__(self) -> None:
        self._state: BudgetState = {}
        self._lock = threading.Lock()

    def transact(self, update: Callable[[BudgetState], T]) -> T:
        with self._lock:
            return update(self._state)
