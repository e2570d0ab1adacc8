"""The pieces of `fstui init` a user meets one at a time: domains, the TOML writer, key files."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from fstui.onboarding import (
    DomainError,
    KeyStorageError,
    parse_domain,
    read_key_file,
    render_toml,
    update_profile,
    write_key_file,
)


@pytest.mark.parametrize(
    ("typed", "value", "base_url"),
    [
        ("acme", "acme", "https://acme.freshservice.com/api/v2"),
        ("Acme.Freshservice.com", "acme", "https://acme.freshservice.com/api/v2"),
        (
            "https://acme.freshservice.com/a/tickets/42",
            "acme",
            "https://acme.freshservice.com/api/v2",
        ),
        ("help.acme.com", "help.acme.com", "https://help.acme.com/api/v2"),
        ("http://127.0.0.1:8765/api/v2", "http://127.0.0.1:8765", "http://127.0.0.1:8765/api/v2"),
    ],
)
def test_domains_as_people_type_them(typed: str, value: str, base_url: str) -> None:
    domain = parse_domain(typed)
    assert (domain.config_value, domain.base_url) == (value, base_url)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "helpdesk name"),
        ("http://acme.freshservice.com", "unencrypted"),
        ("acme corp", "not a Freshservice domain"),
        ("ftp://acme", "not a usable URL"),
    ],
)
def test_domains_that_cannot_work_say_why(typed: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        parse_domain(typed)


def test_the_writer_reads_back_what_it_wrote(tmp_path: Path) -> None:
    data = {
        "default_profile": "work",
        "profiles": {
            "work": {
                "domain": "acme",
                "refresh_interval": 30.5,
                "bell_on_urgent": True,
                "saved_queues": [{"name": 'Say "hi"\\', "query": "priority:4"}],
                "keymap": {"queue.assign_me": "ctrl+t"},
                "notifications": {"quiet_hours": "22:00-07:00", "due_minutes": 10},
            },
            "other": {},
        },
    }
    text = render_toml(data)
    assert tomllib.loads(text) == data
    assert '"queue.assign_me" = "ctrl+t"' in text and "[profiles.work.notifications]" in text


def test_update_profile_is_private_and_keeps_other_profiles(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('default_profile = "a"\n[profiles.a]\ndomain = "a"\n')
    path.chmod(0o644)
    section = update_profile(path, "b", {"domain": "b", "plan": None})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text())
    assert data["default_profile"] == "a" and data["profiles"]["a"] == {"domain": "a"}
    assert section.strip() == '[profiles.b]\ndomain = "b"'


def test_a_key_file_is_owner_only_and_a_loose_one_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "work.key"
    write_key_file(path, "secret-1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert read_key_file(path) == "secret-1"
    path.chmod(0o640)
    with pytest.raises(KeyStorageError, match="chmod 600"):
        read_key_file(path)
    with pytest.raises(KeyStorageError, match="other users can read it"):
        write_key_file(path, "secret-2")


def test_no_key_file_in_a_directory_anyone_can_write(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(KeyStorageError, match="chmod 700"):
        write_key_file(shared / "work.key", "secret")
    assert not (shared / "work.key").exists()


def test_a_symlinked_key_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("")
    link = tmp_path / "work.key"
    link.symlink_to(target)
    with pytest.raises(KeyStorageError, match="not a plain file"):
        write_key_file(link, "secret")
    assert target.read_text() == ""
