"""`i` on the welcome screen runs the guided set-up in the app; esc leaves nothing written."""

from __future__ import annotations

from pathlib import Path

from fstui.ui.app import FstuiApp
from fstui.ui.screens.init_flow import InitFlowScreen
from fstui.ui.screens.welcome import WelcomeScreen
from tests.pilot_support import until


async def test_i_opens_the_set_up_and_esc_comes_back(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    asked: list[str] = []

    def relaunch(profile: str) -> tuple[None, str]:
        asked.append(profile)
        return None, "not reached"

    app = FstuiApp(launcher=None, config_path=config, relaunch=relaunch)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "welcome")
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InitFlowScreen), "the set-up")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "back")
    assert not config.exists() and asked == []
