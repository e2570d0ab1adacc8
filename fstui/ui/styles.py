"""Where the look comes from: the base sheet beside the app, the themes in `styles/`.

Each screen's TCSS sits beside its module (`CSS_PATH` built from `__file__`, so a subclass in
another folder, like a test host, still finds it) and ships inside the package with it. The one
base sheet is `fstui/ui/app.tcss`. The themes are data in the top-level `styles/` folder, shipped
in the wheel as `fstui/styles` (pyproject's force-include); `styles_dir` is the one path helper.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BASE_SHEET", "styles_dir"]

BASE_SHEET = Path(__file__).with_name("app.tcss")


def styles_dir() -> Path:
    """`fstui/styles` inside an installed wheel, `./styles` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "styles"
    return inside if inside.is_dir() else package.parent / "styles"
