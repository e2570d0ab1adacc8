"""Turning exceptions into sentences for the screen.

Messages come from the client's own exception types (already free of the API
key); anything unexpected gets a generic sentence, never a traceback.
"""

from __future__ import annotations


def describe_startup_error(exc: BaseException) -> str:
    from fstui.api.errors import FreshserviceError
    from fstui.config import ConfigError

    if isinstance(exc, FreshserviceError | ConfigError):
        return f"Could not start: {exc}"
    return f"Could not start: unexpected {type(exc).__name__}. Run `fstui doctor` for details."


def describe_error(exc: BaseException) -> str:
    from fstui.api.errors import FreshserviceError

    if isinstance(exc, FreshserviceError):
        return str(exc)
    return f"Unexpected {type(exc).__name__}; the action was not completed."
