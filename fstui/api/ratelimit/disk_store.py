"""The budget shared by every fstui process of the user on this host, on diskcache.

``Cache.transact`` is an SQLite ``BEGIN IMMEDIATE`` transaction: a read-check-write done inside
it is atomic between processes. The value is stored as a JSON string (never pickled), in a
directory only the user can read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from diskcache import Cache

from fstui.api.ratelimit.store import BudgetState

T = TypeVar("T")
_KEY = "fstui.ratelimit.budget.v1"


class DiskBudgetStore:
    def __init__(self, directory: str | os.PathLike[str], *, key: str = _KEY) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        # a large min file size keeps the JSON inline in SQLite instead of side files
        self._cache: Any = Cache(str(self.directory), disk_min_file_size=1 << 24, timeout=30)
        self._key = key
        self._tighten_permissions()

    def _tighten_permissions(self) -> None:
        for entry in self.directory.iterdir():
            if entry.is_file():
                os.chmod(entry, 0o600)

    def transact(self, update: Callable[[BudgetState], T]) -> T:
        with self._cache.transact():
            raw = self._cache.get(self._key)
            state: BudgetState = {}
            if isinstance(raw, str):
                try:
                    loaded = json.loads(raw)
                except ValueError:
                    loaded = {}
                if isinstance(loaded, dict):
                    state = loaded
            result = update(state)
            self._cache.set(self._key, json.dumps(state, separators=(",", ":")))
        return result

    def close(self) -> None:
        self._tighten_permissions()
        self._cache.close()
