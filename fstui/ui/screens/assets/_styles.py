"""Where the asset screens' TCSS lives (shipped as styles/assets.tcss)."""

from __future__ import annotations

from pathlib import PurePath


def asset_styles() -> list[str | PurePath]:
    from fstui.ui.app import styles_dir

    path = styles_dir() / "assets.tcss"
    return [str(path)] if path.is_file() else []
