"""The one exception the query package raises, shaped for a caret under the mistake."""

from __future__ import annotations

from typing import Any


class QueryError(ValueError):
    """A query the API would reject, with where and why in words a user can act on.

    ``code`` uses the API's own error codes (``invalid_value``, ``invalid_field``,
    ``datatype_mismatch``) so the sandbox can answer with the body the real service sends.
    """

    def __init__(self, message: str, position: int, code: str = "invalid_value") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} (at position {self.position})"

    def __repr__(self) -> str:
        return f"QueryError({self.message!r}, position={self.position}, code={self.code!r})"

    def caret(self, text: str) -> str:
        """The query on one line and a ``^`` under the offending character on the next."""
        line = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        column = max(0, min(self.position, len(line)))
        return f"{line}\n{' ' * column}^"

    def to_error_body(self, param: str = "query") -> dict[str, Any]:
        """The 400 body Freshservice sends for an invalid query parameter."""
        return {
            "description": "Validation failed",
            "errors": [{"field": param, "message": self.message, "code": self.code}],
        }
