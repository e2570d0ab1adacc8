"""Under CI a missing ../shared fails the run instead of skipping 14% of it (issue 17).

The rule lives in tests/conftest.py; these tests run pytest in a subprocess (the session-start
check) and feed the report hook real pytest reports (the skip-to-failure conversion).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMALL_TEST = "tests/text/test_search_text.py"


def _rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location("root_conftest_rules", ROOT / "tests/conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pytest(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "FSTUI_SHARED_DIR")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", SMALL_TEST, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ci_without_shared_refuses_to_run(tmp_path: Path) -> None:
    done = _pytest({"CI": "true", "FSTUI_SHARED_DIR": str(tmp_path / "nowhere")})
    assert done.returncode != 0
    assert "CI=true but" in done.stderr + done.stdout
    assert "reference/freshservice-api-v2.txt" in done.stderr + done.stdout


def test_without_ci_a_missing_shared_is_fine(tmp_path: Path) -> None:
    done = _pytest({"FSTUI_SHARED_DIR": str(tmp_path / "nowhere")})
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_with_shared_present_runs(tmp_path: Path) -> None:
    (tmp_path / "reference" / "samples").mkdir(parents=True)
    (tmp_path / "reference" / "freshservice-api-v2.txt").write_text("x")
    done = _pytest({"CI": "true", "FSTUI_SHARED_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("reason", "fails"),
    [
        ("Skipped: reference not found at /x (expected ../shared beside the repo)", True),
        ("Skipped: ../shared/reference/samples not present beside the repo", True),
        ("Skipped: sample not found at /x/y.json", True),
        ("Skipped: ../shared/reference is not beside the repo", True),
        ("Skipped: uvicorn not installed", False),
        ("Skipped: needs a real redis-server", False),
    ],
)
@pytest.mark.parametrize("ci", ["true", ""])
def test_skips_for_missing_shared_data_fail_only_under_ci(
    monkeypatch: pytest.MonkeyPatch, reason: str, fails: bool, ci: str
) -> None:
    rules = _rules()
    monkeypatch.setenv("CI", ci)
    report = pytest.TestReport(
        "tests/x.py::t", ("tests/x.py", 1, "t"), {}, "skipped", ("tests/x.py", 1, reason), "setup"
    )
    rules._fail_shared_skip(report)
    assert report.outcome == ("failed" if fails and ci else "skipped")


def test_ci_values() -> None:
    rules = _rules()
    assert all(rules.ci_enabled({"CI": v}) for v in ("true", "1", "TRUE", "yes"))
    assert not any(rules.ci_enabled({"CI": v}) for v in ("", "false", "0"))
    assert not rules.ci_enabled({})
