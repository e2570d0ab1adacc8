"""The running sandbox: config, data, faults, limiter and the sandbox's notion of "now"."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fstui.sandbox.config import FaultConfig, SandboxConfig
from fstui.sandbox.db import SandboxDB, load_or_generate
from fstui.sandbox.plans import limits_for
from fstui.sandbox.ratelimit import FixedWindowLimiter
from fstui.sandbox.timefmt import floor_seconds


@dataclass
class Sandbox:
    """What ``app.state.sandbox`` holds; tests and the demo reach in here to steer faults."""

    config: SandboxConfig
    db: SandboxDB
    limiter: FixedWindowLimiter | None
    started_monotonic: float = field(default_factory=time.monotonic)
    fault_rng: random.Random = field(default_factory=random.Random)
    id_rng: random.Random = field(default_factory=random.Random)
    """Draws x-request-id and x-trace-id values: seeded, so a replayed session matches."""
    request_count: int = 0

    @property
    def faults(self) -> FaultConfig:
        return self.config.faults

    @faults.setter
    def faults(self, value: FaultConfig) -> None:
        self.config.faults = value
        self.fault_rng.seed(value.seed)

    def now(self) -> datetime:
        """The instant writes are stamped with.

        With a clock, the clock. Without one, real time, except that a sandbox anchored on a
        fixed ``now`` lets time run from that anchor, so writes land just after the data.
        """
        if self.config.clock is not None:
            return floor_seconds(self.config.clock())
        if self.config.now is None:
            return floor_seconds(datetime.now(UTC))
        elapsed = time.monotonic() - self.started_monotonic
        return floor_seconds(self.db.anchor + timedelta(seconds=elapsed))

    def clock_seconds(self) -> float:
        """Seconds for rate windows: the injected clock when there is one, else wall time."""
        if self.config.clock is not None:
            return self.config.clock().timestamp()
        return time.time()

    def persist(self) -> None:
        if self.config.state_file is not None:
            self.db.save(self.config.state_file)


def build_sandbox(config: SandboxConfig) -> Sandbox:
    anchor = config.now or datetime.now(UTC)
    db = load_or_generate(config.seed, anchor, config.tickets, config.state_file)
    limits = limits_for(config.plan, config.limits)
    limiter = FixedWindowLimiter(limits, config.window_seconds) if limits else None
    sandbox = Sandbox(config=config, db=db, limiter=limiter)
    sandbox.fault_rng.seed(config.faults.seed)
    sandbox.id_rng.seed(f"{config.seed}:request-ids")
    return sandbox
