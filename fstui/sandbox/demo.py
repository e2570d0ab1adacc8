"""The demo a user starts with `fstui --demo`: a sandbox account kept between runs.

Why kept: generating the 4,000-ticket account and filling an empty cache from it is most of a
second of blank terminal on every start, and a second run gained nothing from the first. So the
demo lives in a per-user directory (platformdirs' data dir): the app's cache (the mirror the
queue paints from) and the sandbox's state file (the instant the data is anchored on and every
write made since). A later run regenerates the same account from that file, but only when the
first request arrives, off the event loop: the first frame is painted from the cache before the
sandbox exists. `fstui --demo --fresh` removes the directory and starts over.

Kept free of Starlette imports (the builder imports the sandbox app when it runs).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from fstui.sandbox.config import SandboxConfig, demo_directory

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["KeptDemo", "LazySandboxTransport", "demo_directory"]

LAYOUT = 1
"""Bumped when what the directory holds changes shape: an older directory is started over."""


@dataclass(frozen=True)
class KeptDemo:
    """One demo directory: the app's cache, the sandbox's state file and what made them."""

    root: Path
    tickets: int = 4000
    seed: int = 1
    plan: str = "pro"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    @property
    def state_file(self) -> Path:
        return self.root / "sandbox-state.json"

    @property
    def marker(self) -> Path:
        return self.root / "demo.json"

    def _identity(self) -> dict[str, Any]:
        return {"layout": LAYOUT, "tickets": self.tickets, "seed": self.seed, "plan": self.plan}

    def prepare(self, *, fresh: bool = False) -> bool:
        """Make the directory ready; True when it already held a demo this run continues.

        `fresh`, a directory from another layout or size, or one without a state file (the
        cache would then describe an account that can no longer be regenerated) start over.
        """
        kept = not fresh and self._matches() and self.state_file.exists()
        if not kept and self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not kept:
            self.marker.write_text(json.dumps(self._identity()), encoding="utf-8")
        return kept

    def _matches(self) -> bool:
        try:
            found = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(found == self._identity())

    def config(self) -> SandboxConfig:
        """The sandbox of this directory: real time (writes land after earlier runs' writes,
        so a delta sync never misses one), the anchor and the writes from the state file."""
        return SandboxConfig(
            tickets=self.tickets, seed=self.seed, plan=self.plan, state_file=self.state_file
        )


def build_kept_app(config: SandboxConfig) -> Starlette:
    """The sandbox app, its state file written at once: the anchor the data was generated on
    is what a later run regenerates the same account from (the cache holds those tickets)."""
    from fstui.sandbox.app import create_app

    app = create_app(config)
    if config.state_file is not None and not config.state_file.exists():
        app.state.sandbox.persist()
    return app


class LazySandboxTransport(httpx.AsyncBaseTransport):
    """A sandbox transport whose sandbox is built when the first request needs it.

    Built in a worker thread, so the event loop keeps painting meanwhile; every request waits
    for the same build. `build` is `build_kept_app` unless a test passes another.
    """

    def __init__(self, config: SandboxConfig, build: Any = None) -> None:
        self._config = config
        self._build = build or build_kept_app
        self._ready: asyncio.Task[httpx.AsyncBaseTransport] | None = None
        self.app: Starlette | None = None

    def start(self) -> None:
        """Begin the build now (on the running loop) instead of at the first request."""
        if self._ready is None:
            self._ready = asyncio.ensure_future(self._make())

    async def _make(self) -> httpx.AsyncBaseTransport:
        app = await asyncio.to_thread(self._build, self._config)
        from fstui.sandbox.transport import sandbox_transport

        self.app = app
        return sandbox_transport(app)

    async def inner(self) -> httpx.AsyncBaseTransport:
        """The real transport (the sandbox built)."""
        self.start()
        assert self._ready is not None
        return await asyncio.shield(self._ready)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = await self.inner()
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        ready = self._ready
        if ready is None:
            return
        if not ready.done():
            await asyncio.wait([ready])
        if not ready.cancelled() and ready.exception() is None:
            await ready.result().aclose()
