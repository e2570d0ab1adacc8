"""The disk budget commits only what changed: a read of the budget (the status bar asks after
every request) or an answer that taught nothing writes nothing to SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fstui.api.ratelimit.disk_store import DiskBudgetStore


def test_only_a_transaction_that_changes_the_budget_writes(tmp_path: Path) -> None:
    store = DiskBudgetStore(tmp_path)
    sets: list[str] = []
    real_set = store._cache.set

    def counting_set(key: str, value: Any, *args: Any, **kwargs: Any) -> Any:
        sets.append(key)
        return real_set(key, value, *args, **kwargs)

    store._cache.set = counting_set
    try:
        store.transact(lambda state: state.setdefault("log", []).append([1.0, 1]))
        assert len(sets) == 1
        assert store.transact(lambda state: len(state["log"])) == 1  # a read
        store.transact(lambda state: None)  # learned nothing
        assert len(sets) == 1
        store.transact(lambda state: state["log"].append([2.0, 1]))
        assert len(sets) == 2
        assert store.transact(lambda state: len(state["log"])) == 2
    finally:
        store.close()
