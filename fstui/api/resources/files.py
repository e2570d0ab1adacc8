"""Files over the API: multipart/form-data writes with attachments, and streamed downloads.

A multipart write goes through the session's own request (`multipart=`), so it follows the
rules of every write: the limiter, the trace, a timeout after sending reported as an unknown
outcome and never repeated; a 429 (not processed, reference line 65) or a connection that never
opened is safe to repeat. Downloads stream beside it on the same HTTP client (auth, timeouts, no
redirects with the key) and the same error mapping.

The reference: "The Content-Type should always be multipart/form-data for create/update
requests with attachments" (line 285), files as ``attachments[]`` (line 617); "The total size
of these attachments cannot exceed 40 MB" (line 393); download at ``/api/v2/attachments/[id]``
(line 24346).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from fstui.api.error_mapping import error_from_response
from fstui.api.errors import (
    FreshserviceError,
    NetworkError,
    RequestTimeout,
)
from fstui.api.ratelimit.plans import api_path
from fstui.api.ratelimit.priority import Priority
from fstui.api.session import ApiSession, decode_json

TICKET_ATTACHMENT_LIMIT = 40 * 1024 * 1024
"""The reference's 40 MB across one ticket's attachments (lines 393, 4378, 4411)."""
DEFAULT_DOWNLOAD_CAP = TICKET_ATTACHMENT_LIMIT
CHUNK = 64 * 1024


class AttachmentTooLarge(FreshserviceError):
    """A file (to send, or arriving) is over the size cap; nothing was sent or kept."""


@dataclass(frozen=True)
class UploadFile:
    """One file to attach: its name as the server should keep it, its bytes, its type."""

    name: str
    data: bytes
    content_type: str = "application/octet-stream"


def form_fields(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A JSON-shaped payload as form parts: lists as ``name[]``, ``custom_fields`` as
    ``custom_fields[key]``, booleans as true/false, None left out (a form has no null)."""
    parts: list[tuple[str, str]] = []

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    for name, value in payload.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            parts.extend((f"{name}[]", text(v)) for v in value if v is not None)
        elif isinstance(value, Mapping):
            parts.extend((f"{name}[{k}]", text(v)) for k, v in value.items() if v is not None)
        else:
            parts.append((name, text(value)))
    return parts


def check_total(files: Sequence[UploadFile], limit: int = TICKET_ATTACHMENT_LIMIT) -> None:
    total = sum(len(f.data) for f in files)
    if total > limit:
        raise AttachmentTooLarge(
            f"The attachments weigh {total / 1_048_576:.1f} MB; Freshservice accepts at most "
            f"{limit // 1_048_576} MB per ticket.",
            code="invalid_size",
        )


async def send_multipart(
    session: ApiSession,
    method: str,
    path: str,
    payload: Mapping[str, Any],
    files: Sequence[UploadFile],
    *,
    priority: Priority,
) -> Any:
    """One multipart write; the JSON answer, or the mapped error."""
    check_total(files)
    uploads = [("attachments[]", (f.name, f.data, f.content_type)) for f in files]
    body = (_grouped(form_fields(payload)), uploads)
    response = await session.request(method, path, multipart=body, priority=priority)
    return decode_json(response, method)


def _grouped(parts: list[tuple[str, str]]) -> dict[str, list[str] | str]:
    """httpx takes repeated form names as a list value."""
    grouped: dict[str, list[str] | str] = {}
    for name, value in parts:
        if name.endswith("[]"):
            existing = grouped.setdefault(name, [])
            assert isinstance(existing, list)
            existing.append(value)
        else:
            grouped[name] = value
    return grouped


@dataclass(frozen=True)
class Download:
    """Where a download landed and what it was."""

    path: Path
    size: int
    content_type: str | None


async def stream_to_file(
    session: ApiSession,
    path: str,
    destination: Path,
    *,
    max_bytes: int = DEFAULT_DOWNLOAD_CAP,
    priority: Priority,
    redirect_transport: httpx.AsyncBaseTransport | None = None,
) -> Download:
    """GET ``path`` into ``destination`` chunk by chunk, stopping at ``max_bytes``.

    A redirect (the file kept elsewhere) is followed with a separate client that carries no
    credentials, only to an https address (or the same host, for the loopback sandbox);
    ``redirect_transport`` is that client's transport (tests).

    Written to a temporary file beside the destination and renamed at the end, so a cut or
    refused download leaves nothing behind and never a half file under the real name. The
    destination must not exist yet (the caller picks a free name); it is never overwritten.
    """
    url = session.url_for(path)
    shown = api_path(url)
    partial = destination.with_name(f".{destination.name}.part")
    reservation = await session.limiter.acquire_request("GET", url, priority=priority)
    try:
        async with session.http.stream("GET", url) as response:
            session.limiter.observe(reservation, response.status_code, response.headers)
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location:
                # Freshservice may answer with the file's storage address (a signed URL):
                # fetched without our credentials, so the key never travels elsewhere.
                target = str(response.url.join(location))
                if (
                    not target.startswith("https://")
                    and response.url.host != httpx.URL(target).host
                ):
                    raise error_from_response(response, "GET", shown)
                async with (
                    httpx.AsyncClient(
                        transport=redirect_transport,
                        timeout=session.http.timeout,
                        follow_redirects=True,
                        max_redirects=3,
                    ) as plain,
                    plain.stream("GET", target) as stored,
                ):
                    if stored.status_code >= 300:
                        await stored.aread()
                        raise error_from_response(stored, "GET", shown)
                    size, content_type = await _sink(stored, partial, max_bytes, shown)
            elif response.status_code >= 300:
                await response.aread()
                raise error_from_response(response, "GET", shown)
            else:
                size, content_type = await _sink(response, partial, max_bytes, shown)
    except httpx.TimeoutException:
        partial.unlink(missing_ok=True)
        raise RequestTimeout(
            f"{session.host} did not send {shown} in time.", method="GET", path=shown
        ) from None
    except httpx.TransportError:
        partial.unlink(missing_ok=True)
        raise NetworkError(
            f"The connection to {session.host} dropped during GET {shown}.",
            method="GET",
            path=shown,
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _publish(partial, destination)
    return Download(destination, size, content_type)


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


async def _sink(
    response: httpx.Response, partial: Path, max_bytes: int, shown: str
) -> tuple[int, str | None]:
    """Stream the body into ``partial``, refusing past ``max_bytes`` (declared or counted)."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(int(declared), max_bytes, shown)
    size = 0
    with partial.open("xb") as sink:
        async for chunk in response.aiter_bytes(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(size, max_bytes, shown)
            sink.write(chunk)
    return size, response.headers.get("content-type")


def _publish(partial: Path, destination: Path) -> None:
    """Give the finished file its name, never over an existing one (FileExistsError)."""
    try:
        os.link(partial, destination)  # fails if the name was taken meanwhile: no overwrite
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network or FAT file systems)
        if os.path.lexists(destination):
            raise FileExistsError(str(destination)) from None
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def _too_large(size: int, cap: int, shown: str) -> AttachmentTooLarge:
    return AttachmentTooLarge(
        f"The file is larger than the {cap / 1_048_576:.0f} MB download limit "
        f"({size / 1_048_576:.1f} MB or more); nothing was saved.",
        method="GET",
        path=shown,
        code="too_large",
    )
