"""`download_dir` in a profile: where saved attachments go (issue #19: "default the user's
download directory from platformdirs, configurable").

Before, the ticket screen read `session.extras["download_dir"]`, which nothing set: the setting
did not exist and every save went to ~/Downloads. Now the profile's key reaches the store, and a
save with no directory named lands there, over real HTTP from the sandbox, into real files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fstui.config import ConfigError, load_config
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.session import open_account_session
from tests.config.harness import write_config

PROFILE = """
[profiles.default]
domain = "acme"
email = "agent@acme.test"
download_dir = "{where}"
"""


def test_the_profile_names_the_download_directory(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, PROFILE.format(where="~/tickets/files")))
    assert config.profiles["default"].download_dir == Path.home() / "tickets" / "files"
    unset = load_config(write_config(tmp_path, PROFILE.replace('download_dir = "{where}"', "")))
    assert unset.profiles["default"].download_dir is None


def test_a_blank_download_directory_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="download_dir"):
        load_config(write_config(tmp_path, PROFILE.format(where="  ")))


async def test_a_save_lands_in_the_configured_directory(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(tickets=120, plan="unlimited"))
    chosen = tmp_path / "chosen"
    session = await open_account_session(
        domain="http://127.0.0.1",
        api_key=app.state.sandbox.config.api_key,
        me_email=DEMO_AGENT_EMAIL,
        profile_name="t",
        plan=None,
        cache_dir=tmp_path / "cache",
        transport=sandbox_transport(app),
        download_dir=chosen,
    )
    try:
        assert session.store.attachments.directory == chosen
        attachment = None
        for ticket_id in range(1, 120):
            ticket = (await session.store.tickets.ticket(ticket_id)).value
            found = [a for c in ticket.conversations or [] for a in c.attachments or []]
            if found:
                attachment = found[0]
                break
        assert attachment is not None, "the demo data carries attachments"
        saved = await session.store.attachments.save(attachment)
        assert saved.path.parent == chosen and saved.path.stat().st_size == saved.size > 0
    finally:
        await session.aclose()
