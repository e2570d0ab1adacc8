"""`api_key_cmd` is a program the agent runs: only from a file and directory no one else can write,
and its failures never repeat the command line (issue 17, items 3 and 5)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fstui.config import ConfigError, KeySource, load_config, resolve_api_key, select_profile

SECRET = "tok-IN-THE-COMMAND-4242"


def _setup(tmp_path: Path, code: str, *, file_mode: int = 0o600, dir_mode: int = 0o700) -> Path:
    """A config in its own directory whose api_key_cmd runs `code` and leaves a trace file."""
    directory = tmp_path / "conf"
    directory.mkdir()
    script = tmp_path / "key.py"
    trace = tmp_path / "ran"
    script.write_text(f"open({str(trace)!r}, 'w').close()\n{code}\n")
    path = directory / "config.toml"
    cmd = f"{sys.executable} {script} --token {SECRET}"
    path.write_text(f"[profiles.default]\ndomain = 'acme'\napi_key_cmd = '{cmd}'\n")
    path.chmod(file_mode)
    directory.chmod(dir_mode)
    return path


def _resolve(path: Path) -> object:
    config = load_config(path)
    profile = select_profile(config, None, env={})
    return resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None)


@pytest.mark.parametrize("file_mode", [0o620, 0o602, 0o666, 0o660])
def test_command_in_a_file_others_can_write_is_not_run(tmp_path: Path, file_mode: int) -> None:
    path = _setup(tmp_path, "print('k')", file_mode=file_mode)
    with pytest.raises(ConfigError, match="other users can change") as err:
        _resolve(path)
    assert not (tmp_path / "ran").exists()
    assert f"chmod go-w {path}" in str(err.value)
    assert SECRET not in str(err.value)


@pytest.mark.parametrize("dir_mode", [0o770, 0o707, 0o777])
def test_command_in_a_directory_others_can_write_is_not_run(tmp_path: Path, dir_mode: int) -> None:
    path = _setup(tmp_path, "print('k')", dir_mode=dir_mode)
    try:
        with pytest.raises(ConfigError, match="replace") as err:
            _resolve(path)
    finally:
        path.parent.chmod(0o700)
    assert not (tmp_path / "ran").exists()
    assert SECRET not in str(err.value)


def test_sticky_shared_directory_is_accepted(tmp_path: Path) -> None:
    # Like /tmp: others may create files there but not replace ours.
    path = _setup(tmp_path, "print('from-cmd')", dir_mode=0o1777)
    try:
        key = _resolve(path)
    finally:
        path.parent.chmod(0o700)
    assert getattr(key, "value", None) == "from-cmd"


def test_readable_but_not_writable_file_still_runs_the_command(tmp_path: Path) -> None:
    # Reading the command reveals nothing the key file rule protects; writing it is the danger.
    path = _setup(tmp_path, "print('from-cmd')", file_mode=0o644, dir_mode=0o755)
    key = _resolve(path)
    assert getattr(key, "value", None) == "from-cmd"
    assert getattr(key, "source", None) is KeySource.COMMAND
    assert (tmp_path / "ran").exists()


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("import sys; sys.exit(5)", "status 5"),
        ("pass", "printed nothing"),
        ("import sys; print(' ', file=sys.stdout); sys.exit(0)", "printed nothing"),
    ],
)
def test_failures_never_repeat_the_command_line(tmp_path: Path, code: str, needle: str) -> None:
    path = _setup(tmp_path, code)
    with pytest.raises(ConfigError, match=needle) as err:
        _resolve(path)
    assert SECRET not in str(err.value) and "key.py" not in str(err.value)


@pytest.mark.parametrize(
    ("command", "needle"),
    [
        (f"/nonexistent/pass show {SECRET}", "not found"),
        (f"pass show '{SECRET}", "could not run"),  # unbalanced quote
        ("   ", "empty"),
    ],
)
def test_commands_that_cannot_start_do_not_echo(tmp_path: Path, command: str, needle: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[profiles.default]\ndomain = "acme"\napi_key_cmd = "{command}"\n')
    path.chmod(0o600)
    with pytest.raises(ConfigError, match=needle) as err:
        _resolve(path)
    assert SECRET not in str(err.value)


def test_env_key_wins_so_an_unsafe_file_command_is_never_consulted(tmp_path: Path) -> None:
    path = _setup(tmp_path, "print('k')", file_mode=0o666)
    config = load_config(path)
    profile = select_profile(config, None, env={})
    key = resolve_api_key(profile, config, env={"FRESHSERVICE_API_KEY": "env"}, keyring_get=None)
    assert key is not None and key.value == "env"
    assert not (tmp_path / "ran").exists()
