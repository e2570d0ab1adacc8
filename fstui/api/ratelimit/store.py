"""Where the budget's state lives: one place per user and host, so all processes share it.

The state is one JSON-able dict, changed only inside ``transact`` so that checking the budget
and reserving from it is a single atomic step, even across processes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
BudgetState = dict[str, Any]


class BudgetStore(Protocol):
    def transact(self, update: Callable[[BudgetState], T]) -> T:
        """Run ``update`` on the current state atomically; its changes are saved."""
        ...


class MemoryBudgetStore:
    """For one process (and tests): a dict behind a lock."""

    def __init__(self) -> None:
        self._state: BudgetState = {}
        self._lock = threading.Lock()

    def transact(self, update: Callable[[BudgetState], T]) -> T:
        with self._lock:
            return update(self._state)
