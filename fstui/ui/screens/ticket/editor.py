"""Writing a reply in the agent's own editor ($VISUAL / $EDITOR).

The text goes through a private temp file (mode 0600, removed afterwards): replies can hold
personal data and other users on a shared jump host must not read them from /tmp.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass

FALLBACK_EDITOR = "vi"


@dataclass(frozen=True)
class EditorResult:
    text: str
    ok: bool
    message: str = ""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL, then $EDITOR, then vi; split like a shell would ("code --wait" works)."""
    env = os.environ if environ is None else environ
    raw = env.get("VISUAL") or env.get("EDITOR") or FALLBACK_EDITOR
    try:
        parts = shlex.split(raw)
    except ValueError:
        parts = [raw]
    return parts or [FALLBACK_EDITOR]


def edit_text(text: str, *, command: list[str] | None = None, suffix: str = ".md") -> EditorResult:
    """Run the editor on `text` and return what the file holds afterwards.

    Blocks until the editor exits; the caller suspends the TUI around it. A non-zero exit
    keeps the original text (the agent quit the editor without meaning to send anything).
    The file ends in a newline like any text file (vi said `[noeol]`, other editors add one on
    save); that one newline is taken off again, so a round trip leaves the text as it was.
    """
    argv = command if command is not None else editor_command()
    fd, path = tempfile.mkstemp(prefix="fstui-", suffix=suffix)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") or not text else text + "\n")
        try:
            completed = subprocess.run([*argv, path], check=False)
        except OSError as exc:
            return EditorResult(text, False, f"Could not start the editor {argv[0]!r}: {exc}")
        if completed.returncode != 0:
            return EditorResult(
                text, False, f"The editor exited with status {completed.returncode}; text kept."
            )
        with open(path, encoding="utf-8", errors="replace") as handle:
            edited = handle.read()
        return EditorResult(edited.removesuffix("\n"), True)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
