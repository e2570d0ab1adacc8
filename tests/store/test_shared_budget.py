"""Two processes of one user share the request budget: neither trips the account limit."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import sandbox_parts

LIMIT = 12
WINDOW = 3.0
RUN_SECONDS = 7.0


@pytest.fixture
def served_sandbox() -> Iterator[tuple[str, str]]:
    """The sandbox on a loopback port (both worker processes reach it over TCP)."""
    pytest.importorskip("uvicorn")
    from fstui.sandbox.server import serve_in_thread

    create_app, SandboxConfig, _, key = sandbox_parts()
    app = create_app(
        SandboxConfig(
            tickets=50, plan="enterprise", limits={"account": LIMIT}, window_seconds=WINDOW
        )
    )
    with serve_in_thread(app) as url:
        yield url, key


@pytest.mark.slow
def test_two_processes_share_one_budget_without_429(
    served_sandbox: tuple[str, str], tmp_path: Path
) -> None:
    url, key = served_sandbox
    worker = Path(__file__).with_name("store_budget_worker.py")
    budget = tmp_path / "budget"
    args = [
        sys.executable,
        str(worker),
        url,
        key,
        str(budget),
        str(RUN_SECONDS),
        str(LIMIT),
        str(WINDOW),
    ]
    procs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert all(r["throttled"] == 0 for r in results), results
    assert all(r["ok"] > 0 for r in results), results
    # Together they stayed within the account's budget for the time they ran.
    windows = RUN_SECONDS / WINDOW + 1
    assert sum(r["ok"] for r in results) <= LIMIT * windows, results
