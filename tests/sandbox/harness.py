"""What the sandbox tests build on: a small in-process sandbox on a fixed clock, an httpx
client bound to it, and the reference's recorded samples.

Holds no tests itself; the fixtures built from these live in conftest.py beside this file.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from fstui.sandbox import SandboxConfig, create_app, sandbox_transport

NOW = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)
KEY = "sandbox-demo-key"
BASE = "https://acme-demo.freshservice.com/api/v2"
REFERENCE = Path(__file__).parents[2] / ".." / "shared" / "reference"


def make_app(**overrides: object) -> Starlette:
    """A 200-ticket sandbox on the unlimited plan at NOW, with `overrides` to its config."""
    options: dict[str, object] = {"tickets": 200, "plan": "unlimited", "now": NOW}
    options.update(overrides)
    return create_app(SandboxConfig(**options))  # type: ignore[arg-type]


def client_for(app: Starlette, key: str = KEY) -> httpx.AsyncClient:
    """Plain HTTP to the sandbox app (no fstui client in between)."""
    return httpx.AsyncClient(
        transport=sandbox_transport(app), base_url=BASE, auth=(key, "X"), timeout=10
    )


def read_sample(name: str) -> Any:
    """A recorded body under the reference's samples/ (skips when ../shared is not there)."""
    path = REFERENCE / "samples" / name
    if not path.exists():
        pytest.skip(f"sample not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))
