"""`fstui sandbox`: serve the sandbox on loopback for any HTTP client.

Only the standard library is imported at module level: fstui/cli.py builds its parser
from here on every start, including `fstui --version`.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fstui.sandbox.config import SandboxConfig

PLANS = ("starter", "growth", "pro", "enterprise", "unlimited")


def configure_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (loopback)")
    p.add_argument("--port", type=int, default=8765, help="TCP port (default 8765)")
    p.add_argument("--plan", choices=PLANS, default="pro", help="rate-limit plan (default pro)")
    p.add_argument("--tickets", type=int, default=4000, help="number of tickets to generate")
    p.add_argument("--seed", type=int, default=1, help="data seed (same seed, same data)")
    p.add_argument("--api-key", default=None, help="API key to accept (default sandbox-demo-key)")
    p.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        default=None,
        help="keep writes in FILE across restarts",
    )
    p.add_argument("--window", type=float, default=60.0, help="rate-limit window in seconds")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (the sandbox has no real security)",
    )
    p.add_argument(
        "--deny",
        action="append",
        default=[],
        metavar="'METHOD /PATH'",
        help="answer 403 access_denied to this operation (repeatable; * is one path segment "
        "or any method), e.g. --deny 'DELETE /tickets/*' --deny 'GET /agents'",
    )
    faults = p.add_argument_group("faults")
    faults.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    faults.add_argument("--error-rate", type=float, default=0.0, help="share of 5xx answers")
    faults.add_argument("--drop-rate", type=float, default=0.0, help="share of dropped answers")
    faults.add_argument(
        "--malformed-rate", type=float, default=0.0, help="share of 200 answers with cut-off JSON"
    )
    faults.add_argument("--fault-seed", type=int, default=0, help="seed for fault decisions")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def config_from(ns: argparse.Namespace) -> SandboxConfig:
    """The account the parsed command line describes (no Starlette import)."""
    from fstui.sandbox.config import DEFAULT_API_KEY, FaultConfig, SandboxConfig

    return SandboxConfig(
        api_key=ns.api_key or DEFAULT_API_KEY,
        plan=ns.plan,
        seed=ns.seed,
        tickets=ns.tickets,
        window_seconds=ns.window,
        state_file=ns.state,
        denied=tuple(ns.deny),
        faults=FaultConfig(
            latency_s=ns.latency,
            error_rate=ns.error_rate,
            drop_rate=ns.drop_rate,
            malformed_json_rate=ns.malformed_rate,
            seed=ns.fault_seed,
        ),
    )


def run(ns: argparse.Namespace) -> int:
    if not _is_loopback(ns.host) and not ns.allow_remote:
        print(
            f"fstui sandbox: refusing to listen on {ns.host}: not a loopback address "
            "(pass --allow-remote to do it anyway)",
            file=sys.stderr,
        )
        return 2
    from fstui.sandbox.app import create_app
    from fstui.sandbox.server import make_server

    config = config_from(ns)
    key = config.api_key
    app = create_app(config)
    shown_host = f"[{ns.host}]" if ":" in ns.host else ns.host
    print(f"fstui sandbox: http://{shown_host}:{ns.port}/api/v2", flush=True)
    print(f"API key: {key}  (Basic auth, any password; plan {ns.plan})", flush=True)
    for entry in config.denied:
        print(f"403 access_denied for: {entry}", flush=True)
    make_server(app, ns.host, ns.port).run()
    return 0
