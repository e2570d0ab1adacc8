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

__all__ = ["WorkerErrors", "describe_error", "describe_startup_error"]


def describe_startup_error(exc: BaseException) -> str:
    from fstui.api import FreshserviceError
    from fstui.config import ConfigError

    if isinstance(exc, FreshserviceError | ConfigError):
        return f"Could not start: {exc}"
    return f"Could not start: unexpected {type(exc).__name__}. Run `fstui doctor` for details."


def describe_error(exc: BaseException) -> str:
    from fstui.api import FreshserviceError

    if isinstance(exc, FreshserviceError):
        return str(exc)
    return f"Unexpected {type(exc).__name__}; the action was not completed."


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
