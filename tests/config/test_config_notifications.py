"""The profile's notification table and key file: defaults, switches, and messages that name
the key to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.config import ConfigError, load_config
from fstui.config.model import NotificationPrefs
from tests.config.harness import write_config


def load(tmp_path: Path, body: str) -> NotificationPrefs:
    path = write_config(tmp_path, f'[profiles.work]\ndomain = "acme"\n{body}')
    return load_config(path).profiles["work"].notifications


def test_everything_is_on_by_default_with_fifteen_minutes_lead(tmp_path: Path) -> None:
    prefs = load(tmp_path, "")
    assert prefs == NotificationPrefs()
    assert (prefs.assigned, prefs.due, prefs.due_minutes, prefs.quiet_hours) == (
        True,
        True,
        15,
        None,
    )


def test_switches_quiet_hours_and_channels(tmp_path: Path) -> None:
    prefs = load(
        tmp_path,
        "[profiles.work.notifications]\ngroup = false\ndue_minutes = 30\n"
        'quiet_hours = "22:00-07:00"\nterminal = "osc9"\ntmux_passthrough = true\n'
        "desktop = false\n",
    )
    assert (prefs.group, prefs.reply, prefs.due_minutes) == (False, True, 30)
    assert (prefs.quiet_hours, prefs.terminal, prefs.tmux_passthrough) == (
        "22:00-07:00",
        "osc9",
        True,
    )
    assert prefs.desktop is False


def test_api_key_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[profiles.work]\napi_key_file = "/home/a/.config/fstui/work.key"\n')
    assert load_config(path).profiles["work"].api_key_file == "/home/a/.config/fstui/work.key"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('quiet_hours = "10pm-7am"', "quiet_hours must look like"),
        ("due_minutes = 0", "due_minutes must be between 1 and 1440"),
        ('terminal = "kitty"', "terminal must be one of auto, osc9, osc777, off"),
        ('assigned = "yes"', "assigned must be a bool"),
        ("sound = true", "unknown key(s) sound"),
    ],
)
def test_a_wrong_value_names_the_key(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"\[profiles\.work\.notifications\]") as caught:
        load(tmp_path, f"[profiles.work.notifications]\n{body}\n")
    assert message in str(caught.value)
