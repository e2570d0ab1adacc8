"""Fault injection decisions and the exception that stands for a dropped connection."""

from __future__ import annotations

from fstui.sandbox.state import Sandbox


class ConnectionDropped(Exception):
    """Raised out of the ASGI app when the sandbox "drops the connection".

    In-process, ``sandbox_transport`` turns it into an httpx network error; under uvicorn the
    response has already started, so the server closes the socket mid-response.
    """


def should_drop_before(sandbox: Sandbox) -> bool:
    """Offline: nothing reaches the account."""
    return sandbox.faults.offline


def should_drop_after(sandbox: Sandbox) -> bool:
    """A flaky link: the request is handled (writes applied) but the answer is lost."""
    rate = sandbox.faults.drop_rate
    return rate > 0 and sandbox.fault_rng.random() < rate


def server_error_status(sandbox: Sandbox) -> int | None:
    rate = sandbox.faults.error_rate
    if rate > 0 and sandbox.fault_rng.random() < rate:
        return sandbox.fault_rng.choice((500, 502, 503))
    return None


def should_corrupt(sandbox: Sandbox) -> bool:
    rate = sandbox.faults.malformed_json_rate
    return rate > 0 and sandbox.fault_rng.random() < rate
