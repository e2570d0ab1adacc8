"""What the user typed as their account -> the domain written to the config and the API URL.

Accepts ``acme``, ``acme.freshservice.com``, a browser URL such as
``https://acme.freshservice.com/a/tickets/42``, and a loopback sandbox URL. The config keeps the
shortest spelling that resolves to the same base URL, so the file reads the way people talk.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fstui.api import ConfigurationError, is_loopback_host, resolve_base_url

__all__ = ["Domain", "DomainError", "parse_domain"]

_SUFFIX = ".freshservice.com"


class DomainError(ValueError):
    """The text is not a Freshservice domain; the message says what would be."""


@dataclass(frozen=True)
class Domain:
    config_value: str  # what goes into `domain = ...`
    base_url: str  # https://acme.freshservice.com/api/v2

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc


def parse_domain(text: str) -> Domain:
    """Normalise the answer to "your Freshservice domain"; raise DomainError with a hint."""
    raw = (text or "").strip()
    if not raw:
        raise DomainError("Type your helpdesk name, e.g. acme or acme.freshservice.com.")
    if "://" in raw:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() == "http" and host and is_loopback_host(host):
            # a local sandbox: keep scheme, host and port, drop any page path
            value = f"http://{parts.netloc}"
            return Domain(value, _resolve(value))
        if parts.scheme.lower() not in ("http", "https") or not host:
            raise DomainError(f"{raw!r} is not a usable URL; try acme.freshservice.com.")
        if parts.scheme.lower() == "http":
            raise DomainError(
                f"Refusing plain http:// for {host}: the API key would travel unencrypted. "
                "Use https:// or just the name (acme)."
            )
        if parts.port is not None:
            value = f"https://{parts.netloc.lower()}"
            return Domain(value, _resolve(value))
        raw = host
    host = raw.strip("/").lower()
    if "/" in host or " " in host or "@" in host:
        raise DomainError(
            f"{raw!r} is not a Freshservice domain; try acme or acme.freshservice.com."
        )
    if host.endswith(_SUFFIX) and "." not in host[: -len(_SUFFIX)]:
        host = host[: -len(_SUFFIX)]
    return Domain(host, _resolve(host))


def _resolve(value: str) -> str:
    try:
        return resolve_base_url(value)
    except ConfigurationError as exc:
        raise DomainError(str(exc)) from None
