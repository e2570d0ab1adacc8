import pytest

from fstui.api import ConfigurationError, resolve_base_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("acme", "https://acme.freshservice.com/api/v2"),
        ("acme.freshservice.com", "https://acme.freshservice.com/api/v2"),
        (" ACME.freshservice.com/ ", "https://acme.freshservice.com/api/v2"),
        ("https://x.example/api/v2", "https://x.example/api/v2"),
        ("https://x.example/api/v2/", "https://x.example/api/v2"),
        ("https://x.example", "https://x.example/api/v2"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/api/v2"),
        ("http://127.1.2.3:80/api/v2", "http://127.1.2.3:80/api/v2"),
        ("http://localhost:9000/", "http://localhost:9000/api/v2"),
        ("http://[::1]:9000", "http://[::1]:9000/api/v2"),
    ],
)
def test_base_url_forms(given: str, expected: str) -> None:
    assert resolve_base_url(given) == expected


@pytest.mark.parametrize(
    "given",
    ["http://acme.freshservice.com", "http://10.0.0.5/api/v2", "http://localhost.evil.com"],
)
def test_plain_http_refused_off_loopback(given: str) -> None:
    with pytest.raises(ConfigurationError, match="http"):
        resolve_base_url(given)


@pytest.mark.parametrize("given", ["", "   ", "ftp://acme.example", "acme corp"])
def test_unusable_domains_refused(given: str) -> None:
    with pytest.raises(ConfigurationError):
        resolve_base_url(given)
