"""Every failure shape becomes the right exception with a message an agent can act on."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from fstui.api import (
    AuthenticationError,
    Conflict,
    FreshserviceError,
    MalformedResponse,
    NetworkError,
    NotFound,
    PermissionDenied,
    RateLimited,
    RetryPolicy,
    ServerError,
    UnknownDomain,
    ValidationFailed,
)

from .harness import API_KEY, SAMPLES, json_response, make_client

NO_RETRY = RetryPolicy(max_attempts=1, max_rate_limit_retries=0, base_delay=0.0)


def _assert_key_hidden(exc: BaseException) -> None:
    for text in (str(exc), repr(exc), str(exc.args)):
        assert API_KEY not in text


@pytest.mark.parametrize(
    ("status", "body", "kind", "needle"),
    [
        (
            401,
            {"code": "invalid_credentials", "message": "nope"},
            AuthenticationError,
            "The API key was rejected by acme.freshservice.com. Check",
        ),
        (
            403,
            {"code": "access_denied", "message": "You are not authorized"},
            PermissionDenied,
            "not authorized",
        ),
        (404, None, NotFound, "Not found: GET /tickets/9"),
        (409, {"message": "conflicting state"}, Conflict, "Reload"),
        (
            429,
            {"message": "The API rate limit allotted for your domain has been exhausted"},
            RateLimited,
            "rate limit",
        ),
        (500, {"message": "boom"}, ServerError, "server error (500)"),
        (503, None, ServerError, "server error (503)"),
        (405, None, FreshserviceError, "405"),
    ],
)
async def test_status_maps_to_exception(
    status: int, body: object, kind: type[FreshserviceError], needle: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"retry-after": "30"} if status == 429 else {}
        if body is None:
            return httpx.Response(status, headers=headers)
        return json_response(body, status, headers)

    client, _ = make_client(handler, retry=NO_RETRY)
    async with client:
        with pytest.raises(kind) as info:
            await client.get_ticket(9)
    assert needle in str(info.value)
    assert info.value.status == status
    _assert_key_hidden(info.value)


async def test_validation_errors_listed_field_by_field() -> None:
    body = {
        "description": "Validation failed",
        "errors": [
            {
                "field": "requester_id",
                "message": "It should be a Number",
                "code": "datatype_mismatch",
            },
            {"field": "subject", "message": "It should not be blank", "code": "missing_field"},
        ],
    }
    client, _ = make_client(lambda r: json_response(body, 400))
    async with client:
        with pytest.raises(ValidationFailed) as info:
            await client.create_ticket(subject="")
    exc = info.value
    assert [(e.field, e.code) for e in exc.errors] == [
        ("requester_id", "datatype_mismatch"),
        ("subject", "missing_field"),
    ]
    assert "requester_id: It should be a Number (datatype_mismatch)" in str(exc)
    assert "subject: It should not be blank" in str(exc)


async def test_real_bad_request_sample_parses() -> None:
    path = SAMPLES / "freshworks-sdk" / "badRequest.json"
    if not path.exists():
        pytest.skip("../shared/reference/samples not present beside the repo")
    body = json.loads(path.read_text())
    client, _ = make_client(lambda r: json_response(body, 400))
    async with client:
        with pytest.raises(ValidationFailed) as info:
            await client.get_ticket(1)
    assert info.value.errors, "the sample's field errors were lost"
    assert all(e.message for e in info.value.errors)


async def test_rate_limited_carries_retry_after() -> None:
    client, _ = make_client(
        lambda r: json_response({"message": "exhausted"}, 429, {"retry-after": "1521"}),
        retry=NO_RETRY,
    )
    async with client:
        with pytest.raises(RateLimited) as info:
            await client.get_ticket(1)
    assert info.value.retry_after == 1521
    assert "1521 s" in str(info.value)


@pytest.mark.parametrize("content", [b"<html>maintenance</html>", b'{"ticket": {"id": 1', b""])
async def test_unreadable_2xx_body_is_malformed_response(content: bytes) -> None:
    client, _ = make_client(lambda r: httpx.Response(200, content=content))
    async with client:
        with pytest.raises(MalformedResponse):
            await client.get_ticket(1)


async def test_wrong_shape_2xx_body_is_malformed_response() -> None:
    client, _ = make_client(lambda r: json_response({"something": "else"}))
    async with client:
        with pytest.raises(MalformedResponse, match="ticket"):
            await client.get_ticket(1)


async def test_dns_failure_has_its_own_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from exc

    client, recorder = make_client(handler, domain="acmee")
    async with client:
        with pytest.raises(UnknownDomain) as info:
            await client.get_ticket(1)
    assert "acmee.freshservice.com could not be found" in str(info.value)
    assert "domain" in str(info.value)
    assert len(recorder.requests) == 1  # a typo does not get better by retrying
    _assert_key_hidden(info.value)


async def test_connection_refused_names_host_and_says_check_network() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    client, recorder = make_client(handler)
    async with client:
        with pytest.raises(NetworkError) as info:
            await client.get_ticket(1)
    message = str(info.value)
    assert "acme.freshservice.com" in message and "network" in message
    assert not isinstance(info.value, UnknownDomain)
    assert len(recorder.requests) == 2  # one quick retry (RetryPolicy.connect_attempts)


async def test_key_never_in_client_repr() -> None:
    client, _ = make_client(lambda r: json_response({}))
    async with client:
        assert API_KEY not in repr(client)
        assert API_KEY not in repr(client._session)
        assert API_KEY not in repr(vars(client))
