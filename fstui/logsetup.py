"""`--log FILE` and `--debug`: a plain log file that never holds the API key.

The client already redacts its traces; the filter here is the second lock on
the door, masking the key in any record that somehow carries it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

LOGGER_NAME = "fstui"
TraceFn = Callable[[str], None]


class RedactingFilter(logging.Filter):
    """Replaces every occurrence of the secrets in a record's final message."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: list[str] = []

    def add_secret(self, secret: str) -> None:
        if secret and secret not in self._secrets:
            self._secrets.append(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self._secrets:
            message = message.replace(secret, "<redacted>")
        record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:  # tracebacks can quote a request's headers
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self._secrets:
                record.exc_text = record.exc_text.replace(secret, "<redacted>")
        return True


REDACTOR = RedactingFilter()


def setup_logging(path: Path | None, debug: bool) -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))  # private from birth
        path.chmod(0o600)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(REDACTOR)
        logger.addHandler(handler)
    else:
        logger.addHandler(logging.NullHandler())
    return logger


def http_trace(logger: logging.Logger) -> TraceFn:
    def trace(line: str) -> None:
        logger.debug("http %s", line)

    return trace
