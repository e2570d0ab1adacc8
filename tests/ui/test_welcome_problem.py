"""Start-up errors name their real source and are not buried under set-up text (#18 item 9)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fstui.ui.app import FstuiApp
from fstui.ui.screens.welcome import WelcomeScreen, name_the_source

DNS = (
    "acme.freshservice.com could not be found (DNS lookup failed). Check the Freshservice "
    "domain in your configuration, and your network."
)


def test_a_domain_from_the_environment_is_named_as_such() -> None:
    said = name_the_source(DNS, {"FRESHSERVICE_DOMAIN": "acme"})
    assert "$FRESHSERVICE_DOMAIN" in said and "in your configuration" not in said
    assert name_the_source(DNS, {}) == DNS


def screen_text(app: FstuiApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def test_an_error_with_an_existing_config_skips_the_create_it_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRESHSERVICE_DOMAIN", "acme")
    config = tmp_path / "config.toml"
    config.write_text('[profiles.default]\ndomain = "acme"\n')

    app = FstuiApp(launcher=None, config_path=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WelcomeScreen(config, DNS))
        await pilot.pause()
        text = screen_text(app)
        assert "$FRESHSERVICE_DOMAIN" in text
        assert "create the config file" not in text and str(config) in text


async def test_no_config_still_explains_how_to_create_it(tmp_path: Path) -> None:
    config = tmp_path / "missing.toml"
    app = FstuiApp(launcher=None, config_path=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WelcomeScreen(config, "No profile configured."))
        await pilot.pause()
        assert "create the config file" in screen_text(app)


@pytest.fixture
def short_home() -> Iterator[Path]:
    """A short home-like folder, as an agent's `~/.config/fstui` is, not pytest's long tmp_path."""
    with tempfile.TemporaryDirectory(prefix="fsh") as folder:
        yield Path(folder)


async def test_the_chmod_hint_keeps_the_command_whole_at_80_columns(short_home: Path) -> None:
    """The loose-key error's `chmod 600 <path>` wrapped between `600` and the path (#18 polish)."""
    from fstui.config import ConfigError, load_config, resolve_api_key, select_profile

    config_path = short_home / "config.toml"
    config_path.write_text('[profiles.default]\ndomain = "acme"\napi_key = "k"\n')
    config_path.chmod(0o644)
    config = load_config(config_path)
    with pytest.raises(ConfigError) as caught:
        resolve_api_key(select_profile(config, None, {}), config, {}, lambda *_: None)
    command = f"chmod 600 {config_path}"
    assert command in str(caught.value) and len(command) < 70  # fits at 80 on its own

    app = FstuiApp(launcher=None, config_path=config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(WelcomeScreen(config_path, str(caught.value)))
        await pilot.pause()
        rows = [
            "".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()
        ]
        assert any(command in row for row in rows), "\n".join(rows)
