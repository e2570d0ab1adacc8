"""`fstui doctor` against the in-process sandbox: what it says for a good and a bad setup."""

from __future__ import annotations

from pathlib import Path

from fstui.doctor import Check, diagnose
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from tests.config.harness import write_config

KEY = "doctor-test-key"


def env_for(tmp_path: Path, key: str, *, email: str = DEMO_AGENT_EMAIL) -> dict[str, str]:
    config = write_config(
        tmp_path, f'[profiles.default]\ndomain = "http://127.0.0.1:8765"\nemail = "{email}"\n'
    )
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


def _toml_char(char: str) -> str:
    """One character as a TOML basic string holds it (controls only as \\u escapes)."""
    code = ord(char)
    if char in '\\"':
        return "\\" + char
    if 0x20 <= code < 0x7F:
        return char
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _append(env: dict[str, str], text: str) -> None:
    config = Path(env["FSTUI_CONFIG"])
    config.write_text(config.read_text() + text)


def _write_config(tmp_path: Path, text: str) -> dict[str, str]:
    config = write_config(tmp_path, text)
    return {"FSTUI_CONFIG": str(config), "FRESHSERVICE_API_KEY": KEY, "TERM": "dumb"}


async def _diagnose(env: dict[str, str], tmp_path: Path) -> list[Check]:
    """Like `run`, for a prepared env; never leaves the process (sandbox transport)."""
    app = create_app(SandboxConfig(tickets=50, api_key=KEY, plan="starter"))
    return await diagnose(
        None, env=env, transport=sandbox_transport(app), cache_dir=tmp_path / "c", terminal=(80, 24)
    )


async def test_malformed_saved_queue_fails_naming_the_queue_and_position(tmp_path: Path) -> None:
    env = env_for(tmp_path, KEY)
    _append(
        env,
        'saved_queues = [{ name = "VIP", query = "priority:4 AND" },'
        ' { name = "Fine", query = "status:2" }]\n',
    )
    checks = await _diagnose(env, tmp_path)
    failing = [c.line() for c in checks if c.level == "fail"]
    assert len(failing) == 1
    line = failing[0]
    assert line.startswith('[FAIL] saved queues: saved queue "VIP": expected a condition after')
    assert "(at position 14)" in line
    query_line, caret_line = line.split("\n")[1:]
    assert query_line == "    priority:4 AND"
    assert caret_line == "    " + " " * 14 + "^"  # under the end, where a condition is missing


async def test_valid_saved_queues_are_one_ok_line(tmp_path: Path) -> None:
    env = env_for(tmp_path, KEY)
    _append(env, 'saved_queues = [{ name = "A", query = "status:2" }]\n')
    checks = await _diagnose(env, tmp_path)
    assert "[ok  ] saved queues: 1 valid" in [c.line() for c in checks]


async def test_control_characters_from_the_config_are_not_printed(tmp_path: Path) -> None:
    from fstui.text.hostile import ALL_IN_ONE, leaks

    hostile = ALL_IN_ONE
    escaped = "".join(_toml_char(c) for c in hostile)
    env = _write_config(
        tmp_path,
        f'[profiles.default]\ndomain = "{escaped}"\nemail = "a@b"\n'
        f'saved_queues = [{{ name = "{escaped}", query = "status:2 AND {escaped}" }}]\n',
    )
    checks = await _diagnose(env, tmp_path)
    printed = "\n".join(c.line() for c in checks)
    assert leaks(hostile)  # the file really holds the attacks
    assert leaks(printed) == []
    assert "HX-1049" in printed  # the domain is still shown, minus its escapes


async def test_unreadable_toml_with_controls_is_reported_inert(tmp_path: Path) -> None:
    env = _write_config(tmp_path, "[profiles.default\x1b]2;HX-TITLE\x07\n")
    checks = await _diagnose(env, tmp_path)
    line = checks[0].line()
    assert line.startswith("[FAIL] config") and "\x1b" not in line and "\x07" not in line
