"""One-line request/response traces for ``fstui --debug``, with credentials redacted."""

from __future__ import annotations

from collections.abc import Callable, Mapping

REDACTED = "[REDACTED]"
TraceFn = Callable[[str], None]

_RATE_HEADERS = (
    ("x-ratelimit-total", "total"),
    ("x-ratelimit-remaining", "remaining"),
    ("x-ratelimit-used-currentrequest", "used"),
    ("retry-after", "retry-after"),
)


class Tracer:
    def __init__(self, sink: TraceFn | None, secrets: tuple[str, ...]) -> None:
        self._sink = sink
        self._secrets = tuple(s for s in secrets if s)

    @property
    def enabled(self) -> bool:
        return self._sink is not None

    def _emit(self, line: str) -> None:
        if self._sink is None:
            return
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
        self._sink(line)

    def request(self, method: str, url: str, attempt: int, priority: str, credits: int) -> None:
        retry = f" retry={attempt - 1}" if attempt > 1 else ""
        self._emit(
            f"-> {method} {url} auth=Basic {REDACTED} priority={priority} credits={credits}{retry}"
        )

    def response(
        self, method: str, url: str, status: int, headers: Mapping[str, str], elapsed: float
    ) -> None:
        limits = " ".join(
            f"{label}={headers[name]}" for name, label in _RATE_HEADERS if name in headers
        )
        self._emit(f"<- {status} {method} {url} {elapsed * 1000:.0f}ms {limits}".rstrip())

    def failure(self, method: str, url: str, what: str, elapsed: float) -> None:
        self._emit(f"<- ERR {method} {url} {elapsed * 1000:.0f}ms {what}")
