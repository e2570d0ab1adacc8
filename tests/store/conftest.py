"""Fixtures the store tier shares: the in-memory fake client and a fixed clock.

The helpers themselves live in store_fake_client.py and store_sandbox_support.py beside this file;
tests may take them as fixtures instead of building their own.
"""

from __future__ import annotations

import pytest

from .store_fake_client import Clock, FakeClient


@pytest.fixture
def fake_client() -> FakeClient:
    """A client double that answers from memory and counts every call by name."""
    return FakeClient()


@pytest.fixture
def clock() -> Clock:
    """A clock the test moves by hand (the store's freshness reads it)."""
    return Clock()
