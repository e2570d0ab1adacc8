"""Fixtures: a small in-process sandbox and an httpx client bound to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from fstui.sandbox import SandboxConfig, create_app, sandbox_transport

NOW = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)
KEY = "sandbox-demo-key"
BASE = "https://acme-demo.freshservice.com/api/v2"
REFERENCE = Path(__file__).parents[2] / ".." / "shared" / "reference"


def make_app(**overrides: object) -> Starlette:
    options: dict[str, object] = {"tickets": 200, "plan": "unlimited", "now": NOW}
    options.update(overrides)
    return create_app(SandboxConfig(**options))  # type: ignore[arg-type]


def client_for(app: Starlette, key: str = KEY) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=sandbox_transport(app), base_url=BASE, auth=(key, "X"), timeout=10
    )


@pytest.fixture
def app() -> Starlette:
    return make_app()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client


@pytest.fixture
def reference_text() -> str:
    path = REFERENCE / "freshservice-api-v2.txt"
    if not path.exists():
        pytest.skip(f"reference not found at {path} (expected ../shared beside the repo)")
    return path.read_text(encoding="utf-8")
