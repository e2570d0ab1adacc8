"""The error bodies Freshservice answers with, raised from handlers as one exception type."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An HTTP error response: status, JSON body and optional extra headers."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


class FieldError:
    """One entry of a validation-failed body."""

    __slots__ = ("code", "field", "message")

    def __init__(self, field: str, message: str, code: str) -> None:
        self.field = field
        self.message = message
        self.code = code

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "code": self.code}


def validation_failed(*errors: FieldError) -> ApiError:
    """400 with the documented ``{"description": "Validation failed", "errors": [...]}``."""
    return ApiError(
        400,
        {"description": "Validation failed", "errors": [error.as_dict() for error in errors]},
    )


def field_error(field: str, message: str, code: str = "invalid_value") -> ApiError:
    return validation_failed(FieldError(field, message, code))


def not_found() -> ApiError:
    return ApiError(404, {"code": "not_found", "message": "The requested resource was not found"})


def conflict(message: str) -> ApiError:
    return ApiError(409, {"code": "inconsistent_state", "message": message})


UNAUTHORIZED_BODY = {
    "code": "invalid_credentials",
    "message": "You have to be logged in to perform this action.",
}
ACCESS_DENIED_BODY = {
    "code": "access_denied",
    "message": "You are not authorized to perform this action.",
}
"""Reference line 332: "Insufficient privileges to perform this action"."""
NOT_ACCEPTABLE_BODY = {
    "code": "invalid_accept_header",
    "message": "Only application/json and */* are supported in the Accept header.",
}
"""Reference line 302: "406 Unsupported Accept Header. Only application/json and */* are
supported"; the reference shows no body, so this one says the same in the usual shape."""
RATE_LIMITED_BODY = {
    "message": "The API rate limit allotted for your Freshservice domain has been exhausted"
}
SERVER_ERROR_BODIES = {
    500: {"code": "internal_error", "message": "We're sorry, but something went wrong."},
    502: {"code": "bad_gateway", "message": "Bad Gateway"},
    503: {"code": "service_unavailable", "message": "Service Temporarily Unavailable"},
}
