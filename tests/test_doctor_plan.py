"""`fstui doctor` on what issue 23 added: the plan the headers name, where the key lives, and
whether this terminal will show notifications."""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.doctor import diagnose
from fstui.onboarding import write_key_file
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from tests.config.harness import write_config

KEY = "doctor-plan-key"


async def lines(tmp_path: Path, body: str, *, plan: str = "pro", **env: str) -> list[str]:
    config = write_config(tmp_path, f'[profiles.default]\ndomain = "http://127.0.0.1:8765"\n{body}')
    app = create_app(SandboxConfig(tickets=30, api_key=KEY, plan=plan))
    checks = await diagnose(
        None,
        env={"FSTUI_CONFIG": str(config), "TERM": "xterm-256color", **env},
        transport=sandbox_transport(app),
        cache_dir=tmp_path / "cache",
        terminal=(120, 40),
    )
    return [c.line() for c in checks]


def line(all_lines: list[str], what: str) -> str:
    return next(text for text in all_lines if text.split("] ", 1)[1].startswith(f"{what}:"))


@pytest.mark.parametrize("plan", ["starter", "growth", "pro", "enterprise"])
async def test_doctor_names_the_plan_the_headers_report(tmp_path: Path, plan: str) -> None:
    found = await lines(
        tmp_path, f'email = "{DEMO_AGENT_EMAIL}"\n', plan=plan, FRESHSERVICE_API_KEY=KEY
    )
    assert line(found, "plan") == f"[ok  ] plan: {plan} (from the X-Ratelimit headers)"


async def test_a_stale_plan_in_the_config_is_flagged(tmp_path: Path) -> None:
    found = await lines(
        tmp_path, f'email = "{DEMO_AGENT_EMAIL}"\nplan = "starter"\n', FRESHSERVICE_API_KEY=KEY
    )
    assert "[warn] plan: pro from the headers, the config says starter" in line(found, "plan")


async def test_doctor_says_which_key_file_holds_the_key(tmp_path: Path) -> None:
    key_file = tmp_path / "default.key"
    write_key_file(key_file, KEY)
    found = await lines(tmp_path, f'email = "{DEMO_AGENT_EMAIL}"\napi_key_file = "{key_file}"\n')
    assert line(found, "API key") == f"[ok  ] API key: from the key file {key_file} (mode 600)"
    assert line(found, "reachability").startswith("[ok  ]")
    assert all(KEY not in text for text in found)


async def test_doctor_says_whether_notifications_will_show(tmp_path: Path) -> None:
    plain = await lines(tmp_path, "", FRESHSERVICE_API_KEY=KEY)
    assert line(plain, "notifications").startswith("[warn] notifications: bell and the in-app")
    iterm = await lines(tmp_path, "", FRESHSERVICE_API_KEY=KEY, TERM_PROGRAM="iTerm.app")
    assert line(iterm, "notifications").startswith("[ok  ] notifications: bell, osc9")
