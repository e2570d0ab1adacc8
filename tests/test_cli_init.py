"""`fstui init` as a command: the parser, the terminal prompts, and the exit status."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fstui.cli import build_parser, run_init_command
from fstui.onboarding import ConsolePrompter
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport

KEY = "cli-init-key"


def test_init_takes_a_profile_before_or_after_the_subcommand() -> None:
    parser = build_parser()
    assert parser.parse_args(["init", "--profile", "work"]).init_profile == "work"
    args = parser.parse_args(["--profile", "home", "init"])
    assert (args.command, args.profile, args.init_profile) == ("init", "home", None)


def console(lines: list[str], secrets: list[str], out: list[str]) -> ConsolePrompter:
    def read(prompt: str) -> str:
        out.append(prompt)
        return lines.pop(0) if lines else ""  # Enter: the default (e.g. of a workspace choice)

    def read_secret(prompt: str) -> str:
        out.append(prompt)
        return secrets.pop(0)

    return ConsolePrompter(read=read, read_secret=read_secret, write=out.append)


def test_init_on_the_terminal_writes_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out: list[str] = []
    transport = sandbox_transport(create_app(SandboxConfig(tickets=30, api_key=KEY, plan="growth")))
    prompter = console(["http://127.0.0.1:8765", DEMO_AGENT_EMAIL], [KEY], out)
    config_file = tmp_path / "config.toml"
    status = run_init_command(
        "work", prompter=prompter, config_file=config_file, transport=transport
    )
    assert status == 0
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert "Freshservice domain (acme, acme.freshservice.com or a URL): " in out
    assert "API key: " in out  # asked through getpass: no echo
    assert any('plan = "growth"' in line for line in out)
    assert KEY not in "\n".join(out) and KEY not in config_file.read_text()


def test_a_stopped_init_writes_nothing_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(prompt: str) -> str:
        raise EOFError

    prompter = ConsolePrompter(read=interrupted, write=lambda text: None)
    status = run_init_command(None, prompter=prompter, config_file=tmp_path / "config.toml")
    assert status == 130
    assert "nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "config.toml").exists()


def test_a_refused_init_exits_1_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("this is [not toml")
    status = run_init_command(None, prompter=ConsolePrompter(write=lambda t: None), config_file=bad)
    assert status == 1
    assert "Fix or move the file" in capsys.readouterr().err


def test_the_profile_init_wrote_is_ready_to_launch(tmp_path: Path) -> None:
    from fstui.cli import account_launcher

    transport = sandbox_transport(create_app(SandboxConfig(tickets=30, api_key=KEY, plan="pro")))
    out: list[str] = []
    prompter = console(["http://127.0.0.1:8765", DEMO_AGENT_EMAIL], [KEY], out)
    config_file = tmp_path / "config.toml"
    assert (
        run_init_command("work", prompter=prompter, config_file=config_file, transport=transport)
        == 0
    )
    plan = account_launcher("work", config_file)
    assert plan.problem is None and plan.launcher is not None and plan.profile_name == "work"


def test_a_profile_without_a_key_points_at_fstui_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fstui.cli import account_launcher

    monkeypatch.delenv("FRESHSERVICE_API_KEY", raising=False)
    monkeypatch.delenv("FRESHSERVICE_DOMAIN", raising=False)
    config_file = tmp_path / "config.toml"
    config_file.write_text('[profiles.work]\ndomain = "acme"\nemail = "a@acme.com"\n')
    plan = account_launcher("work", config_file)
    assert plan.launcher is None and plan.problem is not None
    assert "run `fstui init`" in plan.problem
