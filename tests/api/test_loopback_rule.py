"""Plain http only for literal loopback (issue 17, item 4): the API key travels in every request.

`*.localhost` names are refused: RFC 6761 asks resolvers to keep them local, but a jump host's
resolver may forward them to DNS, and the key would go in clear to whoever answers.
"""

from __future__ import annotations

import pytest

from fstui.api import ConfigurationError, resolve_base_url
from fstui.api.urls import is_loopback_host


@pytest.mark.parametrize(
    "host",
    ["localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "127.0.0.0", "::1", "[::1]"],
)
def test_literal_loopback_names_and_addresses_are_loopback(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "sandbox.localhost",
        "evil.localhost",
        "localhost.",
        "localhost.evil.com",
        "128.0.0.1",
        "126.255.255.255",
        "0.0.0.0",
        "::",
        "::ffff:127.0.0.1",
        "[::2]",
        "10.0.0.5",
        "",
    ],
)
def test_everything_else_is_not(host: str) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    "url", ["http://sandbox.localhost:8765", "http://a.b.localhost/api/v2", "http://[::2]:80"]
)
def test_plain_http_to_localhost_subdomains_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="Refusing plain http"):
        resolve_base_url(url)


def test_https_to_a_localhost_subdomain_is_fine() -> None:
    assert resolve_base_url("https://dev.localhost") == "https://dev.localhost/api/v2"
