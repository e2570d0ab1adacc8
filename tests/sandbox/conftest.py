"""Fixtures the sandbox tier shares: a small in-process sandbox and an httpx client bound to it,
one sandbox per module for the tests that only read, and the reference text.

The helpers behind them live in harness.py beside this file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from .harness import REFERENCE, client_for, make_app


@pytest.fixture
def app() -> Starlette:
    return make_app()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


@pytest.fixture(scope="module")
def module_app() -> Starlette:
    """One 200-ticket sandbox shared by a module's tests (they only read)."""
    return make_app(tickets=200)


@pytest.fixture
def reference_text() -> str:
    path = REFERENCE / "freshservice-api-v2.txt"
    if not path.exists():
        pytest.skip(f"reference not found at {path} (expected ../shared beside the repo)")
    return path.read_text(encoding="utf-8")
