"""The API key stays secret: not in the cache, the debug log, errors, screenshots or reprs.

A whole session (sync, queue, ticket detail, a reply through the outbox, a failing call) runs
against the sandbox with `--debug` logging and HTTP tracing on; then every byte written is searched
for the key, in clear and in the Basic-auth form it travels in.
"""

from __future__ import annotations

import base64
import logging
import ssl
import stat
from pathlib import Path

import pytest

from fstui.api import FreshserviceClient, resolve_base_url
from fstui.api.errors import FreshserviceError
from fstui.logsetup import LOGGER_NAME, REDACTOR, http_trace, setup_logging
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.session import open_account_session

KEY = "Zq9-secret-api-key-7731"
KEY_FORMS = (KEY.encode(), base64.b64encode(f"{KEY}:X".encode()), KEY[::-1].encode())


def _leaks(data: bytes) -> list[bytes]:
    return [form for form in KEY_FORMS[:2] if form in data]


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "fstui.log"


async def test_key_never_written_to_cache_log_or_errors(tmp_path: Path, log_path: Path) -> None:
    REDACTOR.add_secret(KEY)  # what cli.main does with the resolved key
    logger = setup_logging(log_path, debug=True)
    try:
        app = create_app(SandboxConfig(tickets=60, api_key=KEY, plan="pro"))
        cache_dir = tmp_path / "cache"
        session = await open_account_session(
            domain="http://127.0.0.1:9",
            api_key=KEY,
            me_email=DEMO_AGENT_EMAIL,
            profile_name="secret-test",
            plan="pro",
            cache_dir=cache_dir,
            trace=http_trace(logger),
            transport=sandbox_transport(app),
        )
        try:
            await session.store.reference()
            await session.store.sync()
            ticket_id = next(iter(app.state.sandbox.db.tickets))
            await session.store.ticket(ticket_id)
            logging.getLogger(f"{LOGGER_NAME}.test").warning("key in a message %s", KEY)
            assert KEY not in repr(session.client) and KEY not in repr(session.store)
            app.state.sandbox.faults.error_rate = 1.0
            with pytest.raises(FreshserviceError) as failure:
                await session.client.get_ticket(ticket_id)
            app.state.sandbox.faults.error_rate = 0.0
            for text in (str(failure.value), repr(failure.value), repr(failure.value.__cause__)):
                assert KEY not in text
        finally:
            await session.aclose()
    finally:
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)

    _check_written(log_path, cache_dir)


def _check_written(log_path: Path, cache_dir: Path) -> None:
    log_bytes = log_path.read_bytes()
    assert b"GET" in log_bytes, "the debug trace should have logged requests"
    assert _leaks(log_bytes) == []
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600

    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert files, "the session should have cached something"
    for path in files:
        assert _leaks(path.read_bytes()) == [], f"key found in {path}"
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} readable by others"
    for directory in [cache_dir, *(p for p in cache_dir.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(directory.stat().st_mode) & 0o077 == 0, f"{directory} is open"


async def test_wrong_key_error_does_not_echo_the_key(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(tickets=20, api_key="the-right-key"))
    async with FreshserviceClient(
        "http://127.0.0.1/api/v2", KEY, transport=sandbox_transport(app), plan="unlimited"
    ) as client:
        with pytest.raises(FreshserviceError) as failure:
            await client.get_ticket(1)
    assert failure.value.status == 401
    assert KEY not in str(failure.value) and KEY not in repr(failure.value)


async def test_tls_verification_is_on_for_real_accounts() -> None:
    async with FreshserviceClient(resolve_base_url("acme"), KEY, plan="pro") as client:
        http = client._session.http
        pool = http._transport._pool  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._ssl_context
        assert context.verify_mode is ssl.CERT_REQUIRED
        assert context.check_hostname is True
        assert str(http.base_url) == "" or http.base_url.scheme == "https"
    assert resolve_base_url("acme").startswith("https://")


@pytest.mark.parametrize(
    "url",
    ["http://acme.freshservice.com", "http://10.0.0.5:8080", "http://127.0.0.1.evil.test"],
)
def test_plain_http_refused_off_loopback_without_echoing_anything_secret(url: str) -> None:
    with pytest.raises(FreshserviceError) as failure:
        resolve_base_url(url)
    assert "http" in str(failure.value) and KEY not in str(failure.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]"])
def test_plain_http_allowed_to_loopback(url: str) -> None:
    assert resolve_base_url(url).startswith("http://")
