"""What the config tests (and the doctor's and team mode's) build on: a config file on disk.

Holds no tests itself.
"""

from __future__ import annotations

from pathlib import Path


def write_config(directory: Path, text: str, mode: int = 0o600) -> Path:
    """`directory`/config.toml holding `text`, readable by its owner only unless `mode` says
    otherwise (the loader refuses a key from a file others can read)."""
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path
