"""`fstui doctor` on team mode, against real Redis servers with and without a password."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from fstui.doctor import diagnose
from fstui.store.team.doctor import check_team
from fstui.store.team.server import LocalRedisServer
from fstui.store.team.settings import team_settings


@pytest.fixture
def locked_server(tmp_path: Path) -> Iterator[LocalRedisServer]:
    server = LocalRedisServer(password="door-4-team", directory=tmp_path)
    server.start()
    yield server
    server.close()


def levels(results: list[tuple[str, str, str]]) -> dict[str, str]:
    return {what: level for level, what, _ in results}


async def test_a_server_with_a_password_passes(locked_server: LocalRedisServer) -> None:
    settings = team_settings(locked_server.url, env={})
    assert settings is not None
    results = await check_team(settings, namespace="fstui:acme.freshservice.com")
    assert levels(results) == {
        "team mode": "ok",
        "team Redis": "ok",
        "team TLS": "ok",  # loopback
        "team Redis authentication": "ok",
        "team Redis access": "ok",
    }
    assert "door-4-team" not in repr(results)


async def test_a_server_without_a_password_is_a_warning(redis_url: str) -> None:
    settings = team_settings(redis_url, env={})
    assert settings is not None
    results = await check_team(settings)
    assert levels(results)["team Redis authentication"] == "warn"
    assert any("needs no password" in detail for _, _, detail in results)


async def test_a_wrong_password_says_authentication(locked_server: LocalRedisServer) -> None:
    wrong = locked_server.url.replace("door-4-team", "guess")
    settings = team_settings(wrong, env={})
    assert settings is not None
    results = await check_team(settings)
    assert results[-1][0] == "fail"
    assert "authentication" in results[-1][2]
    assert "guess" not in repr(results)


async def test_nobody_listening_says_cannot_connect() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = team_settings(f"redis://127.0.0.1:{port}/0", env={})
    assert settings is not None
    results = await check_team(settings, wait=0.5)
    assert results[-1][:2] == ("fail", "team Redis")
    assert "cannot connect" in results[-1][2]


async def test_tls_to_a_server_without_tls_fails_the_handshake(
    redis_server: LocalRedisServer,
) -> None:
    settings = team_settings(redis_server.url.replace("redis://", "rediss://"), env={})
    assert settings is not None
    results = await check_team(settings, wait=1.0)
    assert results[-1][0] == "fail"
    assert "TLS" in results[-1][2]


async def test_doctor_runs_the_team_checks_only_when_team_mode_is_on(
    tmp_path: Path, redis_url: str
) -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"ticket_fields": []}, headers={"x-ratelimit-total": "100"})

    config = tmp_path / "config.toml"
    config.write_text('[profiles.default]\ndomain = "acme"\n', encoding="utf-8")
    config.chmod(0o600)
    env = {"FSTUI_CONFIG": str(config), "FRESHSERVICE_API_KEY": "k-123"}
    transport = httpx.MockTransport(handler)
    solo = await diagnose(
        None, env=env, transport=transport, cache_dir=tmp_path / "c", terminal=(80, 24)
    )
    assert not [c for c in solo if c.what.startswith("team")]
    team = await diagnose(
        None,
        env={**env, "FSTUI_REDIS_URL": redis_url},
        transport=transport,
        cache_dir=tmp_path / "c",
        terminal=(80, 24),
    )
    shown = {c.what: c.level for c in team if c.what.startswith("team")}
    assert shown["team Redis"] == "ok"
    assert shown["team Redis authentication"] == "warn"
