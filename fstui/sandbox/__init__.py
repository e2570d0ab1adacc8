"""The embedded Freshservice sandbox: an ASGI stand-in for a Freshservice account.

Names are exported lazily (PEP 562) so importing the package, as the CLI parser does,
does not pull in Starlette or generate any data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fstui.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from fstui.sandbox.app import create_app
    from fstui.sandbox.config import (
        DEMO_AGENT_EMAIL,
        DEMO_DOMAIN,
        FaultConfig,
        SandboxConfig,
    )
    from fstui.sandbox.faults import ConnectionDropped
    from fstui.sandbox.state import Sandbox
    from fstui.sandbox.transport import sandbox_transport

__all__ = [
    "DEMO_AGENT_EMAIL",
    "DEMO_DOMAIN",
    "ConnectionDropped",
    "FaultConfig",
    "Sandbox",
    "SandboxConfig",
    "create_app",
    "sandbox_transport",
]

_WHERE = {
    "create_app": "fstui.sandbox.app",
    "DEMO_AGENT_EMAIL": "fstui.sandbox.config",
    "DEMO_DOMAIN": "fstui.sandbox.config",
    "FaultConfig": "fstui.sandbox.config",
    "SandboxConfig": "fstui.sandbox.config",
    "ConnectionDropped": "fstui.sandbox.faults",
    "Sandbox": "fstui.sandbox.state",
    "sandbox_transport": "fstui.sandbox.transport",
}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
