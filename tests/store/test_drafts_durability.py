"""A draft survives SIGKILL of the process that wrote it, right after save returned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fstui.store.cache import JsonCache
from fstui.store.drafts import DraftKey, Drafts

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from fstui.store.cache import JsonCache
    from fstui.store.drafts import DraftKey, Drafts

    cache = JsonCache(Path(sys.argv[1]))
    Drafts(cache).save(DraftKey(1234, "reply"), "Dear customer, halfway through a sentence",
                       {"cc_emails": ["boss@example.com"]})
    print("saved", flush=True)
    time.sleep(60)  # never closes the cache: killed here
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_draft_survives_sigkill_of_the_writer(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "saved"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with JsonCache(directory) as cache:
        draft = Drafts(cache).load(DraftKey(1234, "reply"))
    assert draft is not None
    assert draft.text == "Dear customer, halfway through a sentence"
    assert draft.meta == {"cc_emails": ["boss@example.com"]}
