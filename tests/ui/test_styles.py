"""Every screen finds its stylesheet and the themes load, in a checkout as in the wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.screen import Screen

from fstui.ui.app import FstuiApp
from fstui.ui.screens.assets import AssetDetailScreen, AssetScreen
from fstui.ui.screens.queue import QueueScreen
from fstui.ui.screens.ticket import TicketScreen
from fstui.ui.screens.welcome import WelcomeScreen
from fstui.ui.styles import BASE_SHEET, styles_dir
from fstui.ui.themes import HIGH_CONTRAST

ROOT = Path(__file__).resolve().parents[2]
SCREENS: list[type[Screen[None]]] = [
    QueueScreen,
    WelcomeScreen,
    TicketScreen,
    AssetScreen,
    AssetDetailScreen,
]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.__name__)
def test_each_screen_sheet_sits_beside_its_module(screen: type[Screen[None]]) -> None:
    import inspect

    path = Path(str(screen.CSS_PATH))
    assert path.is_absolute() and path.is_file(), path
    assert path.parent == Path(inspect.getfile(screen)).parent


def test_the_app_reads_the_one_base_sheet() -> None:
    assert Path(str(FstuiApp.CSS_PATH)) == BASE_SHEET and BASE_SHEET.is_file()


def test_themes_come_from_the_styles_folder_the_wheel_ships() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"styles": "fstui/styles"}  # inside the wheel: fstui/styles/*.toml
    assert styles_dir() == ROOT / "styles"  # in a checkout
    assert (styles_dir() / "fstui-high-contrast.toml").is_file()
    assert HIGH_CONTRAST.name == "fstui-high-contrast"
    assert (HIGH_CONTRAST.primary, HIGH_CONTRAST.panel) == ("#ffff00", "#000080")
    assert HIGH_CONTRAST.variables["block-cursor-text-style"] == "bold"
