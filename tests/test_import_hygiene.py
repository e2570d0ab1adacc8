"""The architecture's arrows hold: static contracts (import-linter) and what really loads.

This replaces four per-package subprocess checks (api, store, sandbox, query). The contracts
live in pyproject.toml under [tool.importlinter]; `make test` also runs `lint-imports`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# package -> top-level modules it must never load, also not through a dynamic import
CORE = {
    "fstui.api": ("textual", "fstui.ui", "fstui.store"),
    "fstui.store": ("textual", "fstui.ui"),
    "fstui.sandbox": ("textual", "fstui.ui", "fstui.store", "fstui.api"),
    "fstui.query": ("textual", "fstui.ui", "httpx", "rich"),
    "fstui.config": ("textual", "fstui.ui"),
    "fstui.text": ("textual", "fstui.ui"),
}


def lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_architecture_contract_is_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = re.search(r"Contracts: (\d+) kept, (\d+) broken", result.stdout)
    assert summary is not None, result.stdout
    # layers, core, query, sandbox, app, screens, api package: none may go missing unnoticed
    assert (int(summary[1]), int(summary[2])) >= (7, 0) and summary[2] == "0", result.stdout


@pytest.mark.parametrize("package", sorted(CORE))
def test_core_package_loads_nothing_above_it(package: str) -> None:
    """At run time too: what `import package` (and each of its submodules) pulls in."""
    code = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        root = importlib.import_module({package!r})
        for info in pkgutil.walk_packages(root.__path__, root.__name__ + "."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)
        banned = {CORE[package]!r}
        inside = tuple(b + "." for b in banned)
        print(sorted(m for m in sys.modules if m in banned or m.startswith(inside)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"{package} loaded {result.stdout.strip()}"


def test_a_deferred_or_type_checking_import_of_the_app_breaks_the_contract(
    tmp_path: Path,
) -> None:
    """The "screens never import the app" contract sees imports a quick grep would miss."""
    package = tmp_path / "demo"
    (package / "screens").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "app.py").write_text("class App: ...\n")
    (package / "screens" / "__init__.py").write_text("")
    (package / "screens" / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo.app import App\n"
    )
    (package / "screens" / "deferred.py").write_text(
        "def later() -> object:\n    from demo import app\n\n    return app\n"
    )
    (tmp_path / ".importlinter").write_text(
        textwrap.dedent(
            """
            [importlinter]
            root_package = demo

            [importlinter:contract:screens]
            name = Screens never import the app
            type = forbidden
            source_modules = demo.screens
            forbidden_modules = demo.app
            """
        )
    )
    result = lint_imports(tmp_path, "--config", str(tmp_path / ".importlinter"))
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    assert "demo.screens.typed -> demo.app" in result.stdout
    assert "demo.screens.deferred -> demo.app" in result.stdout
