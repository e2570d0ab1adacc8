"""Turning what the user typed ("acme", "acme.freshservice.com", a URL) into the API base URL."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from fstui.api.errors import ConfigurationError

_API_PATH = "/api/v2"
_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")


def is_loopback_host(host: str) -> bool:
    """Plain http is only acceptable to a server on this machine (the sandbox).

    Only literal loopback: the name ``localhost`` (which resolvers answer from /etc/hosts),
    an address in 127.0.0.0/8, or ``::1``. Names under ``.localhost`` are not enough: RFC 6761
    asks resolvers to keep them local, but a jump host's resolver may send them to DNS, and
    then the API key would travel in clear to whoever answers.
    """
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        return address == ipaddress.IPv6Address("::1")
    return address in _LOOPBACK_V4


def resolve_base_url(domain_or_url: str) -> str:
    """Return ``https://<host>/api/v2`` (or the given URL with ``/api/v2`` ensured).

    Refuses plain http to anything but loopback: the API key travels in every request.
    """
    text = (domain_or_url or "").strip()
    if not text:
        raise ConfigurationError(
            "No Freshservice domain is configured. Set it to your helpdesk name, "
            "e.g. 'acme' or 'acme.freshservice.com'."
        )
    if "://" not in text:
        host = text.strip("/")
        if "/" in host or " " in host:
            raise ConfigurationError(
                f"'{text}' is not a Freshservice domain. "
                "Use e.g. 'acme' or 'acme.freshservice.com'."
            )
        if "." not in host:
            host = f"{host}.freshservice.com"
        return f"https://{host.lower()}{_API_PATH}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"'{text}' is not a usable URL. Use e.g. https://acme.freshservice.com/api/v2."
        )
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigurationError(
            f"Refusing plain http:// for {parts.hostname}: the API key would travel unencrypted. "
            "Use https:// (http is allowed only for a local sandbox on localhost, 127.0.0.0/8 "
            "or ::1)."
        )
    path = parts.path.rstrip("/")
    if not path.endswith(_API_PATH):
        path = f"{path}{_API_PATH}"
    return urlunsplit((scheme, parts.netloc, path, "", ""))
