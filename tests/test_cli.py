import subprocess
import sys

from fstui import __version__


def test_version_flag_prints_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "fstui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"fstui {__version__}"
