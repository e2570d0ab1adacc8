"""Turning what the user typed ("acme", "acme.freshservice.com", a URL) into the API base URL."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from fstui.api.errors import ConfigurationError

_API_PATH = "/api/v2"


def is_loopback_host(host: str) -> bool:
    """Plain http is only acceptable to a server on this machine (the sandbox)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
            "Use https:// (http is allowed only for a local sandbox on 127.0.0.1 or localhost)."
        )
    path = parts.path.rstrip("/")
    if not path.endswith(_API_PATH):
        path = f"{path}{_API_PATH}"
    return urlunsplit((scheme, parts.netloc, path, "", ""))
