"""Turning exceptions into sentences for the screen, and the UI's one worker-error handler.

Messages come from the client's own exception types (already free of the API key); anything
unexpected gets a generic sentence, never a traceback.

Slow work runs in workers declared `exit_on_error=False`; a worker that raises ends in the
ERROR state and `WorkerErrors.on_worker_state_changed` (harlequin's pattern) turns its exception
into words. Each room says only *where* the words go (`show_worker_error`): a tab into its pane,
the ticket shell into its status line; the default is a toast. So no worker repeats
`except FreshserviceError: show(describe_error(exc))`.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.worker import Worker, WorkerState

from fstui.text import Inert, inert_line

__all__ = ["WorkerErrors", "describe_error", "describe_startup_error"]


MESSAGE_MAX = 600
"""A sentence for a status line, a pane or a toast; a server that sends more gets it cut."""


def describe_startup_error(exc: BaseException) -> Inert:
    """Words for the welcome screen. A config error quotes the file (its values may hold
    anything a local user typed) and a client error quotes the server: both go through the
    funnel here, so no caller can show them raw."""
    from fstui.api import FreshserviceError
    from fstui.config import ConfigError

    if isinstance(exc, FreshserviceError | ConfigError):
        return inert_line(f"Could not start: {exc}", MESSAGE_MAX)
    return inert_line(
        f"Could not start: unexpected {type(exc).__name__}. Run `fstui doctor` for details."
    )


def describe_error(exc: BaseException) -> str:
    """Words for a failed action, made inert: the client already funnels what it takes from
    a response, but an exception raised anywhere else may quote a file or a server as is.

    The value is an `Inert`; the annotation says `str` so callers may add their own words."""
    from fstui.api import FreshserviceError

    if isinstance(exc, FreshserviceError):
        return inert_line(str(exc), MESSAGE_MAX)
    return inert_line(f"Unexpected {type(exc).__name__}; the action was not completed.")


class WorkerErrors:
    """Mix in before `Screen` or a container: failed workers of this node become sentences.

    A plain mixin on purpose: Textual follows the first DOMNode base for CSS type names and
    default CSS, so a Widget subclass here would hide `Screen`/`Vertical`/`TabPane` styles.
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            self.show_worker_error(describe_error(worker.error), worker)

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        """Where this room shows a failure; a toast unless the room has a better place."""
        if isinstance(self, Widget):
            self.notify(message, severity="error", timeout=6)
