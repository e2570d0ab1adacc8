"""Reads retry transient failures; writes never repeat when the outcome is unknown."""

from __future__ import annotations

import httpx
import pytest

from fstui.api import NetworkError, NotSent, RequestTimeout, ServerError
from fstui.api.resources.files import UploadFile

from .harness import FAST_RETRY, json_response, make_client


def _flaky(failures: list[Exception | int], ok_body: dict[str, object]) -> object:
    """Fail with each item in turn (exception raised, or status returned), then succeed."""
    queue = list(failures)

    def handler(request: httpx.Request) -> httpx.Response:
        if queue:
            failure = queue.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure)
        return json_response(ok_body)

    return handler


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.ConnectTimeout("slow connect"),
        httpx.RemoteProtocolError("server disconnected"),
        httpx.ReadError("connection reset"),
        502,
        503,
        504,
    ],
    ids=repr,
)
async def test_get_retried_after_transient_failure(failure: Exception | int) -> None:
    client, recorder = make_client(_flaky([failure, failure], {"ticket": {"id": 3}}))  # type: ignore[arg-type]
    async with client:
        ticket = await client.get_ticket(3)
    assert ticket.id == 3
    assert len(recorder.requests) == 3


async def test_refused_read_retried_once_then_not_sent() -> None:
    """A refused connection is answered at once: one quick retry, then the offline view, not
    seconds of "loading…" (the tmux run against a stopped sandbox waited 3.5 s of backoff)."""
    client, recorder = make_client(_flaky([httpx.ConnectError("refused")] * 10, {}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(NotSent, match="Could not connect"):
            await client.get_ticket(3)
    assert len(recorder.requests) == 2


async def test_refused_once_then_answered() -> None:
    client, recorder = make_client(
        _flaky([httpx.ConnectError("refused")], {"ticket": {"id": 3}})  # type: ignore[arg-type]
    )
    async with client:
        assert (await client.get_ticket(3)).id == 3
    assert len(recorder.requests) == 2


async def test_refusals_and_timeouts_share_the_attempts() -> None:
    """A refusal after a timeout still gets its one retry, within max_attempts (3 here)."""
    failures: list[Exception | int] = [httpx.ReadTimeout("slow"), httpx.ConnectError("refused")]
    client, recorder = make_client(_flaky(failures, {"ticket": {"id": 3}}))  # type: ignore[arg-type]
    async with client:
        assert (await client.get_ticket(3)).id == 3
    assert len(recorder.requests) == 3


async def test_get_gives_up_after_max_attempts() -> None:
    client, recorder = make_client(_flaky([503] * 10, {}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(ServerError):
            await client.get_ticket(3)
    assert len(recorder.requests) == 3


async def test_500_is_not_retried() -> None:
    client, recorder = make_client(_flaky([500], {"ticket": {"id": 3}}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(ServerError):
            await client.get_ticket(3)
    assert len(recorder.requests) == 1


async def test_post_not_repeated_after_read_timeout() -> None:
    client, recorder = make_client(_flaky([httpx.ReadTimeout("slow")], {"conversation": {"id": 1}}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(RequestTimeout) as info:
            await client.reply(1, "hello")
    assert len(recorder.requests) == 1
    assert "may or may not have been applied" in str(info.value)


@pytest.mark.parametrize(
    "failure", [httpx.RemoteProtocolError("dropped"), httpx.ReadError("reset")], ids=repr
)
async def test_put_not_repeated_after_dropped_connection(failure: Exception) -> None:
    client, recorder = make_client(_flaky([failure], {"ticket": {"id": 1}}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(NetworkError) as info:
            await client.update_ticket(1, {"status": 4})
    assert len(recorder.requests) == 1
    assert "may or may not have been applied" in str(info.value)


async def test_write_not_repeated_after_502() -> None:
    client, recorder = make_client(_flaky([502], {"ticket": {"id": 1}}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(ServerError) as info:
            await client.update_ticket(1, {"status": 4})
    assert len(recorder.requests) == 1
    assert "may or may not" in str(info.value)


async def test_write_retried_when_connection_never_opened() -> None:
    client, recorder = make_client(_flaky([httpx.ConnectError("refused")], {"ticket": {"id": 1}}))  # type: ignore[arg-type]
    async with client:
        ticket = await client.update_ticket(1, {"status": 4})
    assert ticket.id == 1
    assert len(recorder.requests) == 2


async def test_429_retried_for_a_write_after_retry_after() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return json_response({"message": "exhausted"}, 429, {"retry-after": "0"})
        return json_response({"conversation": {"id": 9}})

    client, _ = make_client(handler)
    async with client:
        conversation = await client.add_note(1, "x")
    assert conversation.id == 9
    assert len(calls) == 2


def test_backoff_is_capped_exponential_with_jitter() -> None:
    import random

    from fstui.api import RetryPolicy

    policy = RetryPolicy(base_delay=1.0, max_delay=5.0, jitter=0.5)
    rng = random.Random(1)
    delays = [policy.delay(n, rng) for n in range(1, 8)]
    assert all(0 <= d <= 7.5 for d in delays)
    assert 0.5 <= delays[0] <= 1.5
    no_jitter = RetryPolicy(base_delay=1.0, max_delay=5.0, jitter=0.0)
    assert [no_jitter.delay(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]


async def test_a_refused_upload_is_not_sent_after_one_quick_retry() -> None:
    """A reply with a file to a server that refuses: two tries, then NotSent (nothing reached
    the server), so the outbox sends it again later without first looking for it there; it was
    four tries and a NetworkError, which the outbox holds as in doubt."""
    client, recorder = make_client(_flaky([httpx.ConnectError("refused")] * 10, {}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(NotSent, match="nothing was sent"):
            await client.reply(3, "<p>see file</p>", attachments=[UploadFile("a.txt", b"hi")])
    assert len(recorder.requests) == 2


async def test_an_upload_whose_connection_never_opened_in_time_is_not_sent() -> None:
    client, recorder = make_client(_flaky([httpx.ConnectTimeout("slow connect")] * 10, {}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(NotSent, match="nothing was sent"):
            await client.add_note(3, "<p>log</p>", attachments=[UploadFile("a.txt", b"hi")])
    assert len(recorder.requests) == FAST_RETRY.max_attempts  # as before for a slow connect


async def test_an_upload_timing_out_after_sending_is_in_doubt_and_not_repeated() -> None:
    client, recorder = make_client(_flaky([httpx.ReadTimeout("slow")] * 10, {}))  # type: ignore[arg-type]
    async with client:
        with pytest.raises(RequestTimeout, match="may or may not"):
            await client.reply(3, "<p>x</p>", attachments=[UploadFile("a.txt", b"hi")])
    assert len(recorder.requests) == 1
