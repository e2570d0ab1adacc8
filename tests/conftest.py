"""Suite-wide rule: under CI a missing ../shared is a failure, not a quiet skip.

About one test in seven reads the API reference or the recorded samples in ../shared beside the
repo; on a laptop without it they skip, which is fine. In CI (`CI=true`) a skip there would hide
that 14% of the suite did not run, so the session refuses to start without ../shared, and any
test that still skips for a missing reference or sample fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REQUIRED = ("reference/freshservice-api-v2.txt", "reference/samples")
_SHARED_SKIP_WORDS = ("shared", "reference", "sample")


def ci_enabled(env: Any = None) -> bool:
    """`CI` set to a true value, as GitHub Actions, GitLab and most runners do."""
    value = (os.environ if env is None else env).get("CI", "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def shared_dir() -> Path:
    """../shared beside the repo; FSTUI_SHARED_DIR points elsewhere (used to test this rule)."""
    override = os.environ.get("FSTUI_SHARED_DIR")
    return Path(override) if override else SHARED


def missing_shared(root: Path) -> list[str]:
    """The required parts of ../shared that are not there."""
    return [part for part in REQUIRED if not (root / part).exists()]


def is_shared_skip(reason: str) -> bool:
    """A skip reason that says the reference or a sample was not found."""
    lowered = reason.lower()
    return any(word in lowered for word in _SHARED_SKIP_WORDS) and (
        "not found" in lowered or "not present" in lowered or "not beside" in lowered
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    if not ci_enabled():
        return
    root = shared_dir()
    missing = missing_shared(root)
    if missing:
        raise pytest.UsageError(
            f"CI=true but {root} lacks {', '.join(missing)}: the reference tests would skip. "
            "Check out the shared reference beside the repo (../shared)."
        )


def _fail_shared_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if not (ci_enabled() and report.skipped):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    if is_shared_skip(reason):
        report.outcome = "failed"
        report.longrepr = f"CI=true: a skip for missing shared data is a failure ({reason})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    outcome = yield
    _fail_shared_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    outcome = yield
    _fail_shared_skip(outcome.get_result())
