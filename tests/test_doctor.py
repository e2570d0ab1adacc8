"""`fstui doctor` against the in-process sandbox: what it says for a good and a bad setup."""

from __future__ import annotations

from pathlib import Path

from fstui.doctor import diagnose
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport

KEY = "doctor-test-key"


def env_for(tmp_path: Path, key: str, *, email: str = DEMO_AGENT_EMAIL) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[profiles.default]\ndomain = "http://127.0.0.1:8765"\nemail = "{email}"\n')
    config.chmod(0o600)
    return {"FSTUI_CONFIG": str(config), "FRESHSERVICE_API_KEY": key, "TERM": "xterm-256color"}


async def run(tmp_path: Path, key: str, **kw: str) -> list[str]:
    app = create_app(SandboxConfig(tickets=50, api_key=KEY, plan="starter"))
    checks = await diagnose(
        None,
        env=env_for(tmp_path, key, **kw),
        transport=sandbox_transport(app),
        cache_dir=tmp_path / "cache",
        terminal=(120, 40),
    )
    return [c.line() for c in checks]


async def test_good_setup_passes_every_check(tmp_path: Path) -> None:
    lines = await run(tmp_path, KEY)
    text = "\n".join(lines)
    assert not any(line.startswith("[FAIL]") for line in lines), text
    assert "reachability" in text and f"agent {DEMO_AGENT_EMAIL} found" in text
    assert "API key: from environment" in text
    assert "rate limit: X-Ratelimit-Total 40/min" in text  # list agents sub-limit, Starter
    assert KEY not in text


async def test_bad_key_fails_with_a_plain_message_and_no_key(tmp_path: Path) -> None:
    lines = await run(tmp_path, "wrong-key-123")
    text = "\n".join(lines)
    failing = [line for line in lines if line.startswith("[FAIL]")]
    assert failing and "reachability" in failing[0] and "key" in failing[0].lower()
    assert "wrong-key-123" not in text


async def test_unknown_agent_email_is_a_warning(tmp_path: Path) -> None:
    lines = await run(tmp_path, KEY, email="nobody@example.com")
    assert any(line.startswith("[warn] agent") for line in lines)


async def test_missing_key_says_where_to_put_one(tmp_path: Path) -> None:
    env = env_for(tmp_path, KEY)
    del env["FRESHSERVICE_API_KEY"]
    checks = await diagnose(None, env=env, cache_dir=tmp_path / "c", terminal=(80, 24))
    last = checks[-1].line()
    assert last.startswith("[FAIL] API key") and "FRESHSERVICE_API_KEY" in last
