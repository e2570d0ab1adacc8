"""Knobs of the sandbox: the account it pretends to be and the faults it injects.

Kept free of Starlette imports so `fstui --version` and the CLI parser stay instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEMO_AGENT_EMAIL = "alex.morgan@acme-demo.test"
"""The agent the sandbox API key belongs to ("me")."""

DEMO_DOMAIN = "acme-demo.freshservice.com"
"""The account's web domain, for links a user may open in a browser."""

DEFAULT_API_KEY = "sandbox-demo-key"
PRIMARY_WORKSPACE_ID = 2
"""Freshservice answers with the primary workspace unless workspace_id says otherwise."""


@dataclass
class FaultConfig:
    """Misbehaviour to inject; all off by default and mutable while the app runs."""

    latency_s: float = 0.0
    error_rate: float = 0.0
    rate_limit_burst: int = 0
    malformed_json_rate: float = 0.0
    drop_rate: float = 0.0
    offline: bool = False
    seed: int = 0


@dataclass
class SandboxConfig:
    """The account: key, plan (rate limits), data scale and the instant the data is anchored on."""

    api_key: str = DEFAULT_API_KEY
    plan: str = "pro"
    limits: dict[str, int] | None = None
    window_seconds: float = 60.0
    seed: int = 1
    tickets: int = 4000
    now: datetime | None = None
    clock: Callable[[], datetime] | None = None
    faults: FaultConfig = field(default_factory=FaultConfig)
    state_file: Path | None = None
    denied: tuple[str, ...] = ()
    """Operations the key's role may not perform: each answers 403 access_denied (reference
    line 303 and 332), so a client's permission paths can be exercised. One entry is
    ``"METHOD /path"`` below /api/v2, where ``*`` stands for one path segment and a method of
    ``*`` for any: ``"DELETE /tickets/*"``, ``"GET /agents"``, ``"* /changes/*"``. Read on
    every request, so a test may change it while the app runs."""

    def __repr__(self) -> str:
        # The key must never show up in a log line or traceback.
        return (
            f"SandboxConfig(plan={self.plan!r}, tickets={self.tickets}, seed={self.seed}, "
            f"now={self.now!r}, window_seconds={self.window_seconds}, faults={self.faults!r}, "
            f"denied={self.denied!r})"
        )


def demo_directory() -> Path:
    """Where the kept demo lives for this user (e.g. ~/.local/share/fstui/demo). Here, not in
    demo.py, so the CLI can name the demo's first frame without importing httpx."""
    import platformdirs

    return Path(platformdirs.user_data_dir("fstui")) / "demo"


def demo_first_frame() -> Path:
    """The demo's kept first frame (fstui.ui.first_frame): inside the demo, so --fresh, which
    starts the directory over, drops it too."""
    return demo_directory() / "first-frame.json"
