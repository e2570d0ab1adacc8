"""Typed access to what the app holds for every screen: the clock and the session.

Screens and widgets may not import the app (the import contracts forbid it), yet they need its
clock (frozen in tests and screenshots) and, for the palette, its session. These accessors read
them from whatever app hosts the node, so a test host that is not `FstuiApp` works too, and
nobody writes `self.app.clock  # type: ignore` again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from textual.app import App

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["Clock", "clock_of", "now_of", "session_of", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: an aware UTC datetime."""
    return datetime.now(UTC)


def clock_of(app: App[Any]) -> Clock:
    """The app's clock, or the real one when the hosting app has none."""
    clock = getattr(app, "clock", None)
    return clock if callable(clock) else utc_now


def now_of(app: App[Any]) -> datetime:
    """What time it is for the screens of `app` (its clock's answer)."""
    return clock_of(app)()


def session_of(app: App[Any]) -> Session | None:
    """The account or demo session the app opened, or None before it has one.

    The session module is the composition root above the UI, so it is named for the type
    checker only; the app sets the attribute when the launcher has answered.
    """
    return cast("Session | None", getattr(app, "session", None))
