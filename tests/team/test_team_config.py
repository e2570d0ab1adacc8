"""Team mode's settings: profile keys, the environment, and what a mistake says."""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.config import ConfigError, load_config, select_profile
from fstui.store.team.settings import redact_url, run_password_command, team_settings
from tests.config.harness import write_config


def test_team_mode_is_off_by_default(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, '[profiles.default]\ndomain = "acme"\n'))
    profile = select_profile(config, None, env={})
    assert (profile.redis_url, profile.redis_password_cmd, profile.team_share) == (None, None, 0.6)
    assert team_settings(profile.redis_url, env={}) is None


def test_profile_keys(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path,
            "[profiles.default]\n"
            'redis_url = "rediss://redis.acme.internal:6380/2"\n'
            'redis_password_cmd = "pass show fstui/redis"\n'
            "team_share = 0.5\n",
        )
    )
    profile = select_profile(config, None, env={})
    settings = team_settings(
        profile.redis_url, password_cmd=profile.redis_password_cmd, share=profile.team_share, env={}
    )
    assert settings is not None
    assert settings.tls and settings.share == 0.5 and settings.source == "profile"
    assert settings.password_cmd == "pass show fstui/redis"


def test_the_environment_turns_it_on_and_wins(tmp_path: Path) -> None:
    config = load_config(
        write_config(tmp_path, '[profiles.default]\nredis_url = "redis://a:6379/0"\n')
    )
    env = {"FSTUI_REDIS_URL": "redis://b.example:6379/1"}
    profile = select_profile(config, None, env=env)
    assert profile.redis_url == "redis://b.example:6379/1"
    settings = team_settings("redis://a:6379/0", env=env)
    assert settings is not None and settings.source == "environment"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('redis_url = "http://:hunter2@cache:6379"', "redis://"),
        ('redis_url = "redis://"', "redis://"),
        ("team_share = 1.5", "team_share"),
        ("team_share = 0", "team_share"),
        ('team_share = "half"', "team_share"),
    ],
)
def test_mistakes_name_the_key_and_never_the_password(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write_config(tmp_path, f"[profiles.default]\n{line}\n"))
    assert message in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_the_url_with_its_password_stays_out_of_repr_and_messages() -> None:
    settings = team_settings("redis://fstui:hunter2@cache:6379/0", env={})
    assert settings is not None
    assert "hunter2" not in repr(settings)
    assert settings.shown_url == "redis://fstui:***@cache:6379/0"
    assert redact_url("rediss://cache.acme:6380") == "rediss://cache.acme:6380"


def test_password_command_first_line(tmp_path: Path) -> None:
    script = tmp_path / "pw.sh"
    script.write_text("#!/bin/sh\necho 's3cret'\necho 'ignored'\n")
    script.chmod(0o700)
    assert run_password_command(str(script)) == "s3cret"
    failing = tmp_path / "fail.sh"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o700)
    with pytest.raises(ConfigError, match="status 3"):
        run_password_command(str(failing))


def test_a_password_command_from_a_file_others_can_change_is_refused(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        '[profiles.default]\nredis_url = "redis://cache:6379/0"\n'
        'redis_password_cmd = "pass show redis"\n',
    )
    path.chmod(0o666)
    config = load_config(path)
    profile = select_profile(config, None, env={})
    with pytest.raises(ConfigError, match="redis_password_cmd not run"):
        team_settings(
            profile.redis_url, password_cmd=profile.redis_password_cmd, env={}, config=config
        )
    path.chmod(0o600)
    safe = load_config(path)
    assert team_settings(
        profile.redis_url, password_cmd=profile.redis_password_cmd, env={}, config=safe
    )


def test_team_for_profile_reads_the_selected_profile(tmp_path: Path) -> None:
    from fstui.store.team import team_for_profile

    config = load_config(
        write_config(
            tmp_path, '[profiles.default]\nredis_url = "redis://cache:6379/0"\nteam_share = 0.4\n'
        )
    )
    profile = select_profile(config, None, env={})
    settings = team_for_profile(profile, config, env={})
    assert settings is not None and settings.share == 0.4
    off = select_profile(load_config(write_config(tmp_path, "[profiles.default]\n")), None, env={})
    assert team_for_profile(off, env={}) is None
