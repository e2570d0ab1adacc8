"""Consoles in separate processes with separate cache directories ("hosts"), one real Redis and
the sandbox served on loopback: one budget, one sync, takeover, Redis faults, no API key in Redis.

Deadlines below only stop a hung test; what is asserted is counted (rounds, calls, statuses),
never how fast this machine is.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fstui.store.team.server import LocalRedisServer

pytestmark = pytest.mark.slow

WORKER = Path(__file__).with_name("team_console.py")
REPO = Path(__file__).resolve().parents[2]
API_KEY = "team-sandbox-key-0d9c44e1"
HANG = 60.0  # seconds before a wait gives up: a hung process, not a slow one


class Recorder:
    """ASGI wrapper: the instant each request reached the sandbox."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.arrivals: list[float] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.arrivals.append(time.time())
        await self.app(scope, receive, send)


@pytest.fixture
def sandbox_factory() -> Iterator[Callable[..., tuple[str, Any, Recorder]]]:
    from fstui.sandbox import SandboxConfig, create_app
    from fstui.sandbox.server import serve_in_thread

    contexts: list[Any] = []

    def start(**config: Any) -> tuple[str, Any, Recorder]:
        app = create_app(SandboxConfig(api_key=API_KEY, seed=7, **config))
        recorder = Recorder(app)
        context = serve_in_thread(recorder)  # type: ignore[arg-type]
        base = context.__enter__()
        contexts.append(context)
        return f"{base}/api/v2", app, recorder

    yield start
    for context in contexts:
        context.__exit__(None, None, None)


class Console:
    """One worker process and the JSON lines it printed."""

    def __init__(
        self, mode: str, redis_url: str, api_url: str, cache: Path, name: str, **options: Any
    ) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.name = name
        self.lines: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                mode,
                redis_url,
                api_url,
                API_KEY,
                str(cache),
                name,
                json.dumps(options),
            ],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, test: Callable[[dict[str, Any]], bool], after: int = 0) -> dict[str, Any]:
        """The first line (from index ``after``) that passes ``test``."""
        deadline = time.monotonic() + HANG
        with self._changed:
            while True:
                for line in self.lines[after:]:
                    if test(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(
                        f"{self.name} never printed such a line; last: {self.lines[-3:]}"
                    )
                self._changed.wait(min(left, 0.5))

    @property
    def last(self) -> dict[str, Any]:
        with self._changed:
            return self.lines[-1] if self.lines else {}

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.fixture
def spawn() -> Iterator[Callable[..., Console]]:
    started: list[Console] = []

    def make(*args: Any, **options: Any) -> Console:
        console = Console(*args, **options)
        started.append(console)
        return console

    yield make
    for console in started:
        console.kill()


def assert_no_api_key_in_redis(url: str) -> int:
    """Every key and every value, whatever its type; returns how many keys were read."""
    import redis

    forms = [API_KEY, base64.b64encode(f"{API_KEY}:X".encode()).decode()]
    client = redis.Redis.from_url(url)
    seen = 0
    for key in client.scan_iter(match="*", count=500):
        seen += 1
        kind = client.type(key).decode()
        if kind == "string":
            values: list[Any] = [client.get(key)]
        elif kind == "hash":
            values = [*client.hgetall(key).items()]
        elif kind == "stream":
            values = [entry for entry in client.xrange(key)]
        elif kind == "zset":
            values = client.zrange(key, 0, -1, withscores=True)
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        else:
            values = []
        blob = repr((key, values))
        for form in forms:
            assert form not in blob, f"the API key reached Redis under {key!r}"
    client.close()
    return seen


def put_subject(api_url: str, ticket_id: int, subject: str) -> None:
    """One agent's write (the outbox's job in the app), straight to the sandbox."""
    response = httpx.put(
        f"{api_url}/tickets/{ticket_id}", json={"subject": subject}, auth=(API_KEY, "X"), timeout=30
    )
    assert response.status_code == 200, response.text


def open_ids(api_url: str, count: int) -> list[int]:
    """Tickets of the sandbox that are open (status 2), to watch and change."""
    response = httpx.get(
        f"{api_url}/tickets",
        params={"updated_since": "2000-01-01T00:00:00Z", "per_page": 100},
        auth=(API_KEY, "X"),
        timeout=30,
    )
    ids = [t["id"] for t in response.json()["tickets"] if t["status"] == 2]
    assert len(ids) >= count
    return ids[:count]


def test_two_hosts_share_one_budget_and_see_no_429(
    redis_url: str,
    sandbox_factory: Callable[..., tuple[str, Any, Recorder]],
    spawn: Callable[..., Console],
    tmp_path: Path,
) -> None:
    window, limit, each = 2.0, 6, 9
    # The server allows one credit more than the consoles aim for: a request granted just
    # before a window's end may arrive just after it (the app keeps a 5% margin for this).
    api_url, _app, recorder = sandbox_factory(
        plan="starter", limits={"account": limit + 1}, window_seconds=window, tickets=20
    )
    start_at = time.time() + 3.0  # after both interpreters imported fstui
    options = {"limit": limit, "window": window, "count": each, "start_at": start_at, "parallel": 3}
    consoles = [
        spawn("budget", redis_url, api_url, tmp_path / f"host-{n}", n, **options) for n in "ab"
    ]
    results = [c.wait_for(lambda line: "statuses" in line) for c in consoles]
    for result in results:
        assert result["statuses"] == {"200": each}, result  # not one 429, every call answered
        assert not result["fell_back"], result
    assert len(recorder.arrivals) == 2 * each  # the sandbox served every call, once
    # together within the limit in every window, on the budget's one clock (Redis' TIME)
    granted = sorted(t for result in results for t in result["reserved_at"])
    assert len(granted) == 2 * each
    for i, t in enumerate(granted):
        assert sum(1 for u in granted[i:] if u < t + window) <= limit
    # both drew on it: neither console was starved while the other ran
    firsts = sorted(min(result["reserved_at"]) for result in results)
    assert firsts[1] - firsts[0] < granted[-1] - granted[0]
    assert_no_api_key_in_redis(redis_url)


def test_without_team_mode_the_same_two_hosts_overspend(
    redis_url: str,
    sandbox_factory: Callable[..., tuple[str, Any, Recorder]],
    spawn: Callable[..., Console],
    tmp_path: Path,
) -> None:
    """The control: the sandbox does answer 429 when two consoles each keep their own budget,
    so the test above would catch a budget that is not shared."""
    window, limit, each = 2.0, 6, 9
    api_url, _app, _recorder = sandbox_factory(
        plan="starter", limits={"account": limit + 1}, window_seconds=window, tickets=20
    )
    start_at = time.time() + 3.0
    options = {
        "limit": limit,
        "window": window,
        "count": each,
        "start_at": start_at,
        "parallel": 3,
        "solo": True,
    }
    consoles = [
        spawn("budget", redis_url, api_url, tmp_path / f"host-{n}", n, **options) for n in "ab"
    ]
    results = [c.wait_for(lambda line: "statuses" in line) for c in consoles]
    assert sum(r["statuses"].get("429", 0) for r in results) > 0


def test_one_leads_the_other_sees_its_changes_and_takes_over_when_it_dies(
    redis_url: str,
    sandbox_factory: Callable[..., tuple[str, Any, Recorder]],
    spawn: Callable[..., Console],
    tmp_path: Path,
) -> None:
    api_url, _app, _recorder = sandbox_factory(plan="pro", tickets=60)
    first_id, second_id = open_ids(api_url, 2)
    options = {"interval": 1.0, "watch": [first_id, second_id]}
    a = spawn("sync", redis_url, api_url, tmp_path / "host-a", "a", **options)
    first = a.wait_for(lambda line: line["role"] == "leader" and line["loaded"])
    open_count = first["tickets"]
    assert open_count > 0

    b = spawn("sync", redis_url, api_url, tmp_path / "host-b", "b", **options)
    joined = b.wait_for(lambda line: line["loaded"])
    assert joined["role"] == "follower"
    assert joined["tickets"] == open_count  # its queues are full from its first refresh...
    assert joined["calls"] == 0  # ...without a single API call
    assert joined["status"] == "team: following"

    put_subject(api_url, first_id, "Laptop will not boot after update")  # an agent's change
    seen = b.wait_for(
        lambda line: line["subjects"][str(first_id)] == "Laptop will not boot after update"
    )
    assert seen["calls"] == 0 and seen["role"] == "follower"

    rounds_before = b.last["round"]
    a.kill()  # kill -9: no lease handed back
    took = b.wait_for(lambda line: line["role"] == "leader", after=len(b.lines))
    # the round under way when a died, then at most two refresh intervals
    assert took["round"] - rounds_before <= 3

    put_subject(api_url, second_id, "Projector in room 2 shows no signal")
    b.wait_for(
        lambda line: line["subjects"][str(second_id)] == "Projector in room 2 shows no signal"
    )
    c = spawn("sync", redis_url, api_url, tmp_path / "host-c", "c", **options)
    late = c.wait_for(lambda line: line["loaded"])
    assert (late["role"], late["calls"]) == ("follower", 0)
    assert late["subjects"] == {
        str(first_id): "Laptop will not boot after update",
        str(second_id): "Projector in room 2 shows no signal",
    }
    assert assert_no_api_key_in_redis(redis_url) > 3


def test_redis_killed_both_fall_back_then_rejoin(
    redis_server: LocalRedisServer,
    sandbox_factory: Callable[..., tuple[str, Any, Recorder]],
    spawn: Callable[..., Console],
    tmp_path: Path,
) -> None:
    api_url, _app, _recorder = sandbox_factory(plan="pro", tickets=40)
    (watched,) = open_ids(api_url, 1)
    options = {"interval": 1.0, "watch": [watched]}
    a = spawn("sync", redis_server.url, api_url, tmp_path / "host-a", "a", **options)
    a.wait_for(lambda line: line["role"] == "leader" and line["loaded"])
    b = spawn("sync", redis_server.url, api_url, tmp_path / "host-b", "b", **options)
    b.wait_for(lambda line: line["role"] == "follower" and line["loaded"])

    redis_server.kill()
    mark_a, mark_b = len(a.lines), len(b.lines)
    alone_b = b.wait_for(lambda line: "unreachable" in line["status"], after=mark_b)
    assert alone_b["role"] == "leader"  # nobody to follow: b syncs on its own
    alone_a = a.wait_for(lambda line: "unreachable" in line["status"], after=mark_a)
    assert alone_a["role"] == "leader"
    put_subject(api_url, watched, "Door badge rejected at the east entrance")
    b.wait_for(
        lambda line: line["subjects"][str(watched)] == "Door badge rejected at the east entrance"
    )

    redis_server.start()  # empty, as after a crash
    mark_a, mark_b = len(a.lines), len(b.lines)
    back_a = a.wait_for(lambda line: "unreachable" not in line["status"], after=mark_a)
    back_b = b.wait_for(lambda line: "unreachable" not in line["status"], after=mark_b)
    # one of them leads again, the other follows
    settled_a = a.wait_for(lambda line: line["round"] > back_a["round"] + 1, after=mark_a)
    settled_b = b.wait_for(lambda line: line["round"] > back_b["round"] + 1, after=mark_b)
    assert sorted([settled_a["role"], settled_b["role"]]) == ["follower", "leader"]
    assert_no_api_key_in_redis(redis_server.url)
