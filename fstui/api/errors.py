"""The client's exceptions.

Every message is written for the agent at the keyboard: it says what happened and what to do next.
None of them ever contains the API key: they are built only from the host, method, path and the
server's own error text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One entry of a 400 body's ``errors`` list."""

    field: str | None
    message: str
    code: str | None = None

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        code = f" ({self.code})" if self.code else ""
        return f"{where}{self.message}{code}"


class FreshserviceError(Exception):
    """Base class: anything the client raises about talking to Freshservice."""

    status: int | None = None

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        method: str | None = None,
        path: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.method = method
        self.path = path
        self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class ConfigurationError(FreshserviceError):
    """The domain/URL or key given to the client cannot work (caught before any request)."""


class AuthenticationError(FreshserviceError):
    status = 401


class PermissionDenied(FreshserviceError):
    status = 403


class NotFound(FreshserviceError):
    status = 404


class ValidationFailed(FreshserviceError):
    status = 400

    def __init__(
        self,
        message: str,
        *,
        errors: list[FieldError] | None = None,
        method: str | None = None,
        path: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, status=400, method=method, path=path, code=code)
        self.errors: list[FieldError] = list(errors or [])


class Conflict(FreshserviceError):
    status = 409


class RateLimited(FreshserviceError):
    status = 429

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, status=429, method=method, path=path)
        self.retry_after = retry_after


class ServerError(FreshserviceError):
    """5xx: Freshservice's side; retried for reads, reported for writes."""


class NetworkError(FreshserviceError):
    """The request could not be delivered, or the connection dropped before an answer."""


class NotSent(NetworkError):
    """The connection never opened (refused, DNS, connect timeout): nothing reached the
    server, so a write that failed so is certainly not applied and may go again at once,
    without first looking on the server for it."""


class UnknownDomain(NotSent):
    """DNS does not know the host: almost always a typo in the configured domain."""


class RequestTimeout(FreshserviceError):
    """No answer in time. For a write the outcome is unknown."""


class MalformedResponse(FreshserviceError):
    """A 2xx answer whose body is not the JSON we expected (cut off, HTML, wrong shape)."""
