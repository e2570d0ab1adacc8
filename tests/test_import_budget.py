"""What the first frame imports: the app and the queue screen, without the API stack.

Issue #22: the start of `fstui --demo` was mostly imports (httpx, the client, every resource's
pydantic models, the sandbox) before the first rows, though the queue's first frame paints from
the cache and needs only the Ticket row type. `fstui.api` and `fstui.api.models` export lazily
so that importing the first-paint path loads none of it; this keeps a later change (a top-level
`from fstui.api import FreshserviceClient` in a screen, an eager `__init__`) from silently
putting it back. A fresh interpreter each time: sys.modules of the test run holds everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

FIRST_PAINT = ("fstui.cli", "fstui.ui.app", "fstui.ui.screens.queue")
"""What `fstui --demo` imports before the session opens (the app preloads the queue screen)."""

NOT_BEFORE_FIRST_PAINT = (
    "httpx",
    "fstui.api.client",
    "fstui.api.resources",
    "fstui.api.models.asset",
    "fstui.api.models.service_desk",
    "fstui.sandbox.app",
    "fstui.sandbox.state",
    "starlette",
    "fstui.ui.screens.ticket",
    "fstui.ui.commands",
    "fstui.text.html_to_document",
)


def loaded_after(imports: tuple[str, ...]) -> set[str]:
    code = textwrap.dedent(
        f"""
        import importlib, json, sys
        for name in {list(imports)!r}:
            importlib.import_module(name)
        print(json.dumps(sorted(sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout))


@pytest.fixture(scope="module")
def first_paint_modules() -> set[str]:
    return loaded_after(FIRST_PAINT)


@pytest.mark.parametrize("module", NOT_BEFORE_FIRST_PAINT)
def test_first_paint_path_does_not_import(first_paint_modules: set[str], module: str) -> None:
    assert module not in first_paint_modules


def test_the_row_type_is_there(first_paint_modules: set[str]) -> None:
    """The check above means something: the queue's row type and Textual are loaded."""
    assert {"fstui.api.models.ticket", "textual.app", "pydantic"} <= first_paint_modules


def test_lazy_names_resolve_to_the_same_objects() -> None:
    """Every name the lazily exporting packages (fstui.lazy_exports) export is reachable and is
    the object of its defining module (a stale entry in a lazy table fails here, not in a
    user's start)."""
    import fstui.api
    import fstui.api.models
    import fstui.sandbox
    import fstui.text
    from fstui.api.models.ticket import Ticket

    for package in (fstui.api, fstui.api.models, fstui.text, fstui.sandbox):
        for name in package.__all__:
            assert getattr(package, name) is not None, name
    assert fstui.api.Ticket is Ticket is fstui.api.models.Ticket
    with pytest.raises(AttributeError):
        _ = fstui.api.NoSuchName
