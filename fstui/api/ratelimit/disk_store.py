"""The budget shared by every fstui process of the user on this host, on diskcache.

``Cache.transact`` is an SQLite ``BEGIN IMMEDIATE`` transaction: a read-check-write done inside
it is atomic between processes. The value is stored as a JSON string (never pickled), in a
directory only the user can read.

A transaction whose update left the state as it was writes nothing: of the several transactions
one request runs (reserve, learn the answer's headers, the status bar's read), only the ones that
change the budget commit to SQLite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fstui.api.ratelimit.store import BudgetState
from fstui.private_disk import UnsafeCacheValueError, open_private_cache, tighten_tree

T = TypeVar("T")
_KEY = "fstui.ratelimit.budget.v1"


class DiskBudgetStore:
    def __init__(self, directory: str | os.PathLike[str], *, key: str = _KEY) -> None:
        self.directory = Path(directory)
        # a large min file size keeps the JSON inline in SQLite instead of side files
        self._cache: Any = open_private_cache(
            self.directory, disk_min_file_size=1 << 24, timeout=30
        )
        self._key = key

    def transact(self, update: Callable[[BudgetState], T]) -> T:
        with self._cache.transact():
            try:
                raw = self._cache.get(self._key)
            except UnsafeCacheValueError:  # a planted pickle: never loaded, budget starts over
                raw = None
            state: BudgetState = {}
            if isinstance(raw, str):
                try:
                    loaded = json.loads(raw)
                except ValueError:
                    loaded = {}
                if isinstance(loaded, dict):
                    state = loaded
            result = update(state)
            saved = json.dumps(state, separators=(",", ":"))
            if saved != raw:  # a read (the status bar's stats) or a learn of nothing: no write
                self._cache.set(self._key, saved)
        return result

    def close(self) -> None:
        tighten_tree(self.directory)
        self._cache.close()
