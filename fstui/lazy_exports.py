"""A package's names imported on first use (PEP 562), for the packages on the start path.

`fstui.api`, `fstui.api.models`, `fstui.text` and `fstui.sandbox` export many names whose modules
are heavy (httpx, every resource's pydantic models, the HTML parser, starlette). Importing the
package must not import them all: the first frame needs only a few (tests/test_import_budget.py
holds that line). Each package keeps a table name -> defining module and gets its module-level
`__getattr__` / `__dir__` from here, one implementation instead of a copy per package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str], names: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: a name in `where` is imported from its module
    on first use and kept as a plain attribute of the package, so later lookups cost nothing."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *names])

    return __getattr__, __dir__
