"""kill -9 while a reply is in flight: after a restart, flush() leaves it on the server once.

The sandbox runs behind uvicorn on loopback in this process (so it outlives the killed client);
a small ASGI wrapper makes reply POSTs slow, either answering late (the write is applied, the
answer never reaches the dead client) or applying late (the write lands after the client died,
maybe after the restarted client has already looked for it).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fstui.api import FreshserviceClient, RetryPolicy
from fstui.store.cache import JsonCache
from fstui.store.outbox import Outbox, Outcome, body_has_token

sandbox = pytest.importorskip("fstui.sandbox")
uvicorn = pytest.importorskip("uvicorn")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

REPO = Path(__file__).resolve().parents[2]
API_KEY = "sandbox-demo-key"
TOKEN = "kill9test0000000000000000000001"

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from fstui.api import FreshserviceClient, RetryPolicy
    from fstui.store.cache import JsonCache
    from fstui.store.outbox import Outbox, Write

    async def main(url, cache_dir, ticket_id, token):
        cache = JsonCache(Path(cache_dir))
        client = FreshserviceClient(url, "sandbox-demo-key", timeout=120,
                                    retry=RetryPolicy(max_attempts=1))
        box = Outbox(cache, client)
        write = Write("reply", int(ticket_id), {"body": "<p>On my way to your desk.</p>"},
                      idempotency_token=token)
        task = asyncio.create_task(box.submit(write))
        while not any(q.in_doubt for q in box.pending()):
            await asyncio.sleep(0.01)
        print("in-flight", flush=True)
        await task
        print("finished", flush=True)  # must never be reached: killed before the answer

    asyncio.run(main(*sys.argv[1:]))
    """
)


@dataclass
class SlowReplies:
    """ASGI wrapper: `mode` is "answer_late" (apply, then hold the answer) or "apply_late"."""

    app: Any
    mode: str
    delay: float
    arrived: threading.Event = field(default_factory=threading.Event)
    applied: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        slow = (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].endswith("/reply")
        )
        if not slow:
            await self.app(scope, receive, send)
            return
        # Read the whole request first: the server has it, whatever happens to the client.
        messages = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        self.arrived.set()
        replay = iter(messages)

        async def replayed() -> Any:
            return next(replay, {"type": "http.disconnect"})

        if self.mode == "apply_late":
            await self._wait(self.delay)
        outgoing: list[Any] = []

        async def capture(message: Any) -> None:
            outgoing.append(message)

        await self.app(scope, replayed, capture)
        self.applied.set()
        if self.mode == "answer_late":
            await self._wait(self.delay)
        for message in outgoing:
            try:
                await send(message)
            except Exception:
                return  # the client is long gone

    async def _wait(self, seconds: float) -> None:
        await asyncio.to_thread(self.release.wait, seconds)


@dataclass
class Server:
    url: str
    slow: SlowReplies


def serve(slow: SlowReplies) -> Iterator[Server]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    config = uvicorn.Config(slow, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "sandbox server did not start"
    try:
        yield Server(f"http://127.0.0.1:{port}", slow)
    finally:
        slow.release.set()
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(params=["answer_late", "apply_late"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    app = sandbox.create_app(sandbox.SandboxConfig(tickets=200, plan="unlimited"))
    # answer_late: the answer would come long after the kill; apply_late: the write lands 1.5 s
    # after the kill, i.e. while the restarted client is already looking for it.
    delay = 30.0 if request.param == "answer_late" else 1.5
    yield from serve(SlowReplies(app, request.param, delay=delay))


def client_for(url: str) -> FreshserviceClient:
    return FreshserviceClient(url, API_KEY, timeout=10, retry=RetryPolicy(max_attempts=1))


async def copies(client: FreshserviceClient, ticket_id: int) -> int:
    return len(
        [c async for c in client.list_conversations(ticket_id) if body_has_token(c.body, TOKEN)]
    )


async def test_reply_in_flight_at_kill_exists_exactly_once_after_restart(
    server: Server, tmp_path: Path
) -> None:
    slow = server.slow
    cache_dir = tmp_path / "cache"
    async with client_for(server.url) as client:
        tickets = await client.list_tickets(per_page=1).first_page()
        ticket_id = tickets[0].id
        assert ticket_id is not None

        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            CHILD,
            server.url,
            str(cache_dir),
            str(ticket_id),
            TOKEN,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        try:
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), 30)
            assert line.decode().strip() == "in-flight"
            assert await asyncio.to_thread(slow.arrived.wait, 20), "request never arrived"
            if slow.mode == "answer_late":
                assert await asyncio.to_thread(slow.applied.wait, 20)
            proc.send_signal(signal.SIGKILL)
            await asyncio.wait_for(proc.wait(), 10)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert await proc.stdout.read() == b""  # it never saw an answer

        with JsonCache(cache_dir) as cache:
            # Generous grace: a request cut off by the kill may still be landing.
            box = Outbox(cache, client, resend_grace=5.0)
            [queued] = box.pending()
            assert queued.in_doubt and queued.write.idempotency_token == TOKEN
            outcomes = []
            deadline = time.monotonic() + 20
            while box.pending() and time.monotonic() < deadline:
                outcomes.extend(r.outcome for r in await box.flush())
                assert await copies(client, ticket_id) <= 1
                if box.pending():
                    await asyncio.sleep(0.25)
            assert box.pending() == []
            assert outcomes[-1] is Outcome.ALREADY_DELIVERED
            assert Outcome.SENT not in outcomes
        assert slow.applied.is_set()
        assert await copies(client, ticket_id) == 1
