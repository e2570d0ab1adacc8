"""Config file loading, profile selection, key sources and the permission rule."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fstui.config import ConfigError, KeySource, load_config, resolve_api_key, select_profile
from tests.config.harness import write_config

GOOD = """
default_profile = "work"

[profiles.work]
domain = "acme"
email = "me@acme.test"
plan = "Pro"
refresh_interval = 30
saved_queues = [{ name = "VIP", query = "priority:4 AND status:2" }]
keymap = { "queue.assign_me" = "ctrl+t" }
"""


def key_command(tmp_path: Path, code: str) -> str:
    script = tmp_path / "key.py"
    script.write_text(code)
    return f"{sys.executable} {script}"


def test_missing_file_is_first_run_not_an_error(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert config.profiles == {}
    assert not config.exists


def test_profile_fields_are_read_and_normalised(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    profile = select_profile(config, None, env={})
    assert profile.name == "work"
    assert profile.domain == "acme"
    assert profile.plan == "pro"
    assert profile.refresh_interval == 30
    assert profile.saved_queues[0].query == "priority:4 AND status:2"
    assert profile.keymap == {"queue.assign_me": "ctrl+t"}


def test_environment_domain_overrides_the_file(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    env = {"FRESHSERVICE_DOMAIN": "http://127.0.0.1:8765"}
    assert select_profile(config, None, env=env).domain == "http://127.0.0.1:8765"


def test_unknown_profile_names_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    with pytest.raises(ConfigError, match="profiles: work"):
        select_profile(config, "home", env={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[profiles.x]\nplan = 'gold'\n", "plan must be one of"),
        ("[profiles.x]\ncolour = 'red'\n", "unknown key"),
        ("[profiles.x]\nrefresh_interval = 1\n", "refresh_interval"),
        ("[profiles.x]\nsaved_queues = [{ name = 'a' }]\n", "saved_queues\\[0\\]"),
        ("not = [valid", "not valid TOML"),
    ],
)
def test_bad_config_gets_a_message_naming_the_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write_config(tmp_path, text))


def test_key_from_environment_wins(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD + 'api_key = "file-key"\n'))
    profile = select_profile(config, None, env={})
    key = resolve_api_key(profile, config, env={"FRESHSERVICE_API_KEY": "env-key"})
    assert key is not None and key.value == "env-key" and key.source is KeySource.ENVIRONMENT
    assert "env-key" not in repr(key)


def test_key_from_keyring(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    profile = select_profile(config, None, env={})
    key = resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: f"ring-{s}-{u}")
    assert key is not None and key.value == "ring-fstui-work" and key.source is KeySource.KEYRING


def test_key_from_command(tmp_path: Path) -> None:
    cmd = key_command(tmp_path, "print('cmd-key')")
    config = load_config(write_config(tmp_path, GOOD + f"api_key_cmd = '{cmd}'\n"))
    profile = select_profile(config, None, env={})
    key = resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None)
    assert key is not None and key.value == "cmd-key" and key.source is KeySource.COMMAND


def test_failing_key_command_is_reported_without_output(tmp_path: Path) -> None:
    cmd = key_command(tmp_path, "import sys; print('secret'); sys.exit(3)")
    config = load_config(write_config(tmp_path, GOOD + f"api_key_cmd = '{cmd}'\n"))
    profile = select_profile(config, None, env={})
    with pytest.raises(ConfigError, match="status 3") as err:
        resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None)
    assert "secret" not in str(err.value)


def test_key_in_private_file_is_used(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD + 'api_key = "file-key"\n', mode=0o600))
    profile = select_profile(config, None, env={})
    key = resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None)
    assert key is not None and key.value == "file-key" and key.source is KeySource.CONFIG_FILE


def test_key_in_readable_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = write_config(tmp_path, GOOD + 'api_key = "file-key"\n', mode=0o644)
    config = load_config(path)
    profile = select_profile(config, None, env={})
    with pytest.raises(ConfigError) as err:
        resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None)
    assert f"chmod 600 {path}" in str(err.value)
    assert "file-key" not in str(err.value)


def test_no_source_means_no_key(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    profile = select_profile(config, None, env={})
    assert resolve_api_key(profile, config, env={}, keyring_get=lambda s, u: None) is None
