"""Writing one profile into config.toml, keeping every other profile and key as it was.

Python reads TOML but does not write it, and the file is small and regular (top-level keys,
``[profiles.NAME]`` tables, a few sub-tables and arrays of inline tables), so a short writer
is enough. The rendered text is parsed back and compared before it replaces the file: a
writer bug can never leave a config fstui cannot read. The file is written 0600 from birth.
Comments in an edited file are not kept (TOML round-tripping would need a new dependency).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fstui.private_disk import write_private_text

__all__ = ["ConfigWriteError", "read_raw", "render_toml", "update_profile"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class ConfigWriteError(Exception):
    """The config could not be read back or written."""


def read_raw(path: Path) -> dict[str, Any]:
    """The file as plain TOML data ({} when it does not exist yet)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigWriteError(f"Cannot edit {path}: {exc}") from None


def update_profile(
    path: Path,
    name: str,
    values: Mapping[str, Any],
    *,
    remove: tuple[str, ...] = (),
    make_default: bool = False,
) -> str:
    """Set ``values`` in ``[profiles.NAME]`` (dropping keys in ``remove`` and keys set to None),
    write the file 0600, and return the profile's section as written."""
    data = read_raw(path)
    profiles = data.setdefault("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigWriteError(f"Cannot edit {path}: [profiles] is not a table.")
    profile = profiles.setdefault(name, {})
    if not isinstance(profile, dict):
        raise ConfigWriteError(f"Cannot edit {path}: [profiles.{name}] is not a table.")
    for key in remove:
        profile.pop(key, None)
    for key, value in values.items():
        if value is None:
            profile.pop(key, None)
        else:
            profile[key] = value
    if make_default or "default_profile" not in data:
        data["default_profile"] = name
    text = render_toml(data)
    if tomllib.loads(text) != data:
        raise ConfigWriteError("internal error: the rendered config does not read back the same")
    _write_private(path, text)
    return render_toml({"profiles": {name: profile}})


def render_toml(data: Mapping[str, Any]) -> str:
    """TOML text for ``data``: scalars first, then each table under its dotted header."""
    lines: list[str] = []
    _table(lines, (), data)
    return "\n".join(lines).strip("\n") + "\n"


def _table(lines: list[str], prefix: tuple[str, ...], table: Mapping[str, Any]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, Mapping)}
    tables = {k: v for k, v in table.items() if isinstance(v, Mapping)}
    if prefix and (scalars or not tables):
        lines.append("")
        lines.append("[" + ".".join(_key(part) for part in prefix) + "]")
    for key, value in scalars.items():
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        _table(lines, (*prefix, key), value)


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise ConfigWriteError(f"cannot write a {type(value).__name__} into the config")


def _write_private(path: Path, text: str) -> None:
    try:
        write_private_text(path, text)
    except OSError as exc:
        raise ConfigWriteError(f"Cannot write {path}: {exc.strerror}") from None
