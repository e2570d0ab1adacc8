"""Same seed and instant give the same bytes; the CLI serves quickly; state survives restarts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from fstui.sandbox.server import free_port

from .harness import NOW, client_for, make_app

READS = (
    "/tickets?per_page=100&updated_since=2000-01-01",
    "/tickets/17?include=conversations,requester,stats,assets",
    "/tickets/17/conversations",
    "/tickets/23/time_entries",
    "/assets?include=type_fields&per_page=100",
    "/requesters?per_page=100",
    "/ticket_form_fields",
)


async def _read_all(order: tuple[str, ...]) -> dict[str, bytes]:
    app = make_app()
    async with client_for(app) as client:
        return {path: (await client.get(path)).content for path in order}


async def test_same_seed_and_now_give_identical_json_in_any_read_order() -> None:
    forwards = await _read_all(READS)
    backwards = await _read_all(tuple(reversed(READS)))
    assert forwards == backwards


async def test_another_seed_gives_other_data() -> None:
    one = make_app(seed=1).state.sandbox.db.tickets[1]["subject"]
    subjects = {make_app(seed=s).state.sandbox.db.tickets[1]["subject"] for s in range(2, 7)}
    assert subjects - {one}


async def test_state_file_keeps_writes_across_restarts(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    app = make_app(state_file=state)
    async with client_for(app) as client:
        await client.post("/tickets/3/notes", json={"body": "remember me"})
        await client.put("/tickets/3", json={"priority": 4})
    restarted = make_app(state_file=state, now=None, seed=99)  # the file's seed/anchor win
    async with client_for(restarted) as client:
        ticket = (await client.get("/tickets/3?include=conversations")).json()["ticket"]
        untouched = (await client.get("/tickets/4")).content
    assert ticket["priority"] == 4
    assert "remember me" in [c["body"] for c in ticket["conversations"]]
    async with client_for(make_app()) as client:
        assert (await client.get("/tickets/4")).content == untouched
    assert "sandbox-demo-key" not in state.read_text()


def test_package_import_does_not_load_starlette() -> None:
    code = "import sys, fstui.sandbox, fstui.sandbox.cli; print('starlette' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_key_is_not_in_config_repr() -> None:
    from fstui.sandbox import SandboxConfig

    assert "secret-key" not in repr(SandboxConfig(api_key="secret-key", now=NOW))


def test_cli_refuses_remote_hosts_without_allow_remote() -> None:
    fstui = Path(sys.executable).with_name("fstui")
    out = subprocess.run(
        [str(fstui), "sandbox", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True, text=True, timeout=20,
    )  # fmt: skip
    assert out.returncode == 2
    assert "--allow-remote" in out.stderr


@pytest.mark.slow
def test_fstui_sandbox_answers_within_three_seconds() -> None:
    port = free_port()
    fstui = Path(sys.executable).with_name("fstui")
    started = time.monotonic()
    process = subprocess.Popen(
        [str(fstui), "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ},
    )  # fmt: skip
    try:
        answered = None
        while time.monotonic() - started < 3.0 and answered is None:
            try:
                answered = httpx.get(
                    f"http://127.0.0.1:{port}/api/v2/tickets?per_page=1",
                    auth=("sandbox-demo-key", "X"), timeout=1,
                )  # fmt: skip
            except httpx.TransportError:
                time.sleep(0.05)
        assert answered is not None, "no answer within 3 s"
        assert answered.status_code == 200
        assert answered.json()["tickets"]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.stdout is not None
    banner = process.stdout.read().decode()
    assert f"http://127.0.0.1:{port}/api/v2" in banner and "sandbox-demo-key" in banner
