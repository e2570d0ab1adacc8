"""The log file is private and never holds the API key, not even inside a traceback."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from fstui.logsetup import REDACTOR, setup_logging


def test_log_is_private_and_redacts_messages_and_tracebacks(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "fstui.log"
    logger = setup_logging(path, debug=True)
    REDACTOR.add_secret("k3y-s3cret")
    try:
        logger.info("sending with k3y-s3cret")
        try:
            raise RuntimeError("auth header was k3y-s3cret")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)
    text = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "k3y-s3cret" not in text
    assert text.count("<redacted>") >= 2 and "RuntimeError" in text
    logging.getLogger("fstui").handlers.clear()
