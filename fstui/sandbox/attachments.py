"""Attachments: multipart request bodies, the 40 MB per-ticket limit, stored and generated
file contents, and ``GET /api/v2/attachments/{id}``.

The reference: "The Content-Type should always be multipart/form-data for create/update
requests with attachments" (line 285); "The total size of these attachments cannot exceed
40 MB" (ticket, line 393) and "The total size of all of a ticket's attachments (not just this
note) cannot exceed 40 MB" (reply/note, lines 4378, 4411); files go as ``attachments[]``
(create, line 617; reply, line 4451); the file name is preserved (line 287). Download:
``GET /api/v2/attachments/[id]`` (line 24346), for attachments of tickets, problems, changes,
releases, articles and assets (line 24338).

Multipart bodies are parsed with the standard library's e-mail parser, so the sandbox needs
no extra dependency. Generated attachments (``data/threads.py``) get deterministic contents of
their advertised size and type, derived from the attachment id alone.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import random
import zlib
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.config import DEMO_DOMAIN
from fstui.sandbox.data import forms, ids
from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import ApiError, FieldError, field_error, not_found, validation_failed
from fstui.sandbox.timefmt import iso
from fstui.sandbox.web import COMMON_HEADERS, path_int, read_json, sandbox_of

JsonDict = dict[str, Any]
TICKET_ATTACHMENT_LIMIT = 40 * 1024 * 1024
"""The reference's 40 MB across all of one ticket's attachments (lines 393, 4378, 4411)."""
GENERATED_OFFSET = 7_000_000
"""Generated attachment ids: the incoming conversation's id plus this (data/threads.py)."""
ATTACHMENT_ID_BASE = 29_500_000_000
"""Uploaded attachments count from here (above every generated child id)."""
LIMIT_MESSAGE = "The total size of all the attachments of a ticket cannot exceed 40 MB"


@dataclass(frozen=True)
class Upload:
    """One file of a multipart body."""

    name: str
    content_type: str
    data: bytes


def is_multipart(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() == "multipart/form-data"


async def read_body(request: Request) -> tuple[JsonDict, list[Upload]]:
    """The request's fields and files: JSON as before, or multipart/form-data whose
    ``name[]`` parts become lists and ``custom_fields[x]`` parts a nested object."""
    if not is_multipart(request):
        return await read_json(request), []
    raw = await request.body()
    header = f"Content-Type: {request.headers['content-type']}\r\nMIME-Version: 1.0\r\n\r\n"
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(header.encode("latin-1") + raw)
    if not message.is_multipart():
        raise field_error("body", "Request body has invalid multipart format", "invalid_json")
    fields: JsonDict = {}
    uploads: list[Upload] = []
    for part in message.iter_parts():
        assert isinstance(part, Message)
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if name == "attachments[]" and filename is not None:
            uploads.append(Upload(filename, part.get_content_type(), data))
            continue
        _put_form_value(fields, name, data.decode("utf-8", "replace"))
    return fields, uploads


_INT_FORM_FIELDS = frozenset(
    {
        "requester_id",
        "status",
        "priority",
        "responder_id",
        "group_id",
        "source",
        "department_id",
        "urgency",
        "impact",
        "workspace_id",
        "requested_for_id",
        "email_config_id",
        "user_id",
        "parent_id",
    }
)
_BOOL_FORM_FIELDS = frozenset({"private", "incoming"})
_TYPED_CUSTOM_FIELDS = frozenset(
    {
        forms.CUSTOM_CHECKBOX,
        *(
            name
            for name, _, kind in forms.EXTRA_CUSTOM_FIELDS
            if kind in ("custom_number", "custom_decimal")
        ),
    }
)
"""Custom fields whose form text is a JSON number or boolean; text and dropdowns stay text."""


def _form_scalar(name: str, text: str) -> Any:
    """Form values are text; numbers and booleans are read as the JSON body would carry them
    (Freshservice accepts ``priority=1`` in a form, reference line 617)."""
    if name in _INT_FORM_FIELDS and text.strip().lstrip("-").isdigit():
        return int(text)
    if name in _BOOL_FORM_FIELDS and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def _put_form_value(fields: JsonDict, name: str, text: str) -> None:
    if name.endswith("[]"):
        fields.setdefault(name[:-2], []).append(text)
    elif name.startswith("custom_fields[") and name.endswith("]"):
        key = name[len("custom_fields[") : -1]
        value: Any = text
        if key in _TYPED_CUSTOM_FIELDS:  # numbers and true/false as the field's type
            try:
                value = json.loads(text)
            except ValueError:
                value = text
        custom = fields.setdefault("custom_fields", {})
        if isinstance(custom, dict):
            custom[key] = value
    else:
        fields[name] = _form_scalar(name, text)


def ticket_attachment_bytes(db: SandboxDB, ticket_id: int) -> int:
    """What the ticket's attachments already weigh: its own and its conversations'."""
    row = db.tickets[ticket_id]
    total = sum(int(a.get("size", 0)) for a in row.get("_attachments", []))
    for conversation in db.thread(ticket_id).conversations:
        total += sum(int(a.get("size", 0)) for a in conversation.get("attachments", []))
    return total


def check_limit(uploads: list[Upload], already: int) -> None:
    """The 400 the reference's 40 MB limit produces, on the ``attachments`` field."""
    incoming = sum(len(u.data) for u in uploads)
    if uploads and already + incoming > TICKET_ATTACHMENT_LIMIT:
        raise validation_failed(FieldError("attachments", LIMIT_MESSAGE, "invalid_size"))


def store_uploads(db: SandboxDB, uploads: list[Upload], stamp: str) -> list[JsonDict]:
    """Keep the files (for download) and answer their attachment records."""
    records = []
    for upload in uploads:
        attachment_id = ATTACHMENT_ID_BASE + len(db.attachment_blobs) + 1
        db.attachment_blobs[attachment_id] = (upload.content_type, upload.data)
        records.append(
            {
                "id": attachment_id,
                "content_type": upload.content_type,
                "size": len(upload.data),
                "name": upload.name,
                "attachment_url": f"https://{DEMO_DOMAIN}/helpdesk/attachments/"
                f"{attachment_id}/{upload.name}",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    return records


def stamp_now(request: Request) -> str:
    return iso(sandbox_of(request).now())


# -- generated contents ----------------------------------------------------------------------

_LOG_LINES = (
    "INFO  service started, listening on 0.0.0.0:8443",
    "WARN  certificate for vpn.acme.example expires in 12 days",
    "ERROR connection reset by peer while reading response header",
    "INFO  retrying request (attempt 2 of 5)",
    "ERROR authentication failed for user: token expired",
    "DEBUG cache hit ratio 0.87 over the last 300 s",
    "WARN  disk /var usage at 91 percent",
)


def _text(rng: random.Random, size: int) -> bytes:
    out = bytearray()
    second = 0
    while len(out) < size:
        second += rng.randint(1, 40)
        line = f"2026-11-{rng.randint(1, 28):02d} {second // 3600 % 24:02d}:"
        line += f"{second // 60 % 60:02d}:{second % 60:02d} {rng.choice(_LOG_LINES)}\n"
        out += line.encode()
    return bytes(out[: size - 1]) + b"\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")


def _png(rng: random.Random, size: int) -> bytes:
    """A real 16x16 PNG, padded to ``size`` with a private ancillary chunk."""
    width = height = 16
    shade = bytes(rng.randrange(256) for _ in range(3))
    rows = b"".join(b"\x00" + shade * width for _ in range(height))
    head = b"\x89PNG\r\n\x1a\n" + _png_chunk(
        b"IHDR", width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    )
    body = _png_chunk(b"IDAT", zlib.compress(rows))
    end = _png_chunk(b"IEND", b"")
    pad = max(0, size - len(head) - len(body) - len(end) - 12)
    filler = _png_chunk(b"fsTb", (b"fstui-sandbox " * (pad // 14 + 1))[:pad])
    return head + body + filler + end


def _jpeg(rng: random.Random, size: int) -> bytes:
    """JPEG markers (SOI, JFIF APP0, comment segments, EOI) at the advertised size."""
    out = bytearray(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    while len(out) < size - 2:
        room = min(65_000, size - 2 - len(out) - 4)
        if room <= 0:
            break
        out += b"\xff\xfe" + (room + 2).to_bytes(2, "big") + bytes([rng.randrange(32, 127)]) * room
    out += b"\xff\xd9"
    return bytes(out[:size]) if len(out) > size else bytes(out)


def _pdf(rng: random.Random, size: int) -> bytes:
    """A one-page PDF that says what it is, padded with a comment to the advertised size."""
    text = f"Invoice {rng.randint(10_000, 99_999)} - generated by the fstui sandbox"
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    tail = trailer.encode()
    pad = size - len(out) - len(tail)
    if pad > 2:
        out += b"%" + b"x" * (pad - 2) + b"\n"
    return bytes(out + tail)


def generated_content(attachment: JsonDict) -> bytes:
    """The bytes of a generated attachment, the same on every run (seeded by its id)."""
    rng = random.Random(f"attachment-bytes-{attachment['id']}")
    size = int(attachment["size"])
    kind = attachment["content_type"]
    if kind == "image/png":
        return _png(rng, size)
    if kind == "image/jpeg":
        return _jpeg(rng, size)
    if kind == "application/pdf":
        return _pdf(rng, size)
    return _text(rng, size)


def find_attachment(db: SandboxDB, attachment_id: int) -> tuple[str, str, bytes] | None:
    """(name, content type, bytes) of an uploaded or generated attachment."""
    stored = db.attachment_blobs.get(attachment_id)
    if stored is not None:
        name = _uploaded_name(db, attachment_id) or f"attachment-{attachment_id}"
        return name, stored[0], stored[1]
    offset = attachment_id - GENERATED_OFFSET - ids.CONVERSATION_BASE
    if not 0 <= offset < ids.WRITTEN_CHILD_BASE - ids.CONVERSATION_BASE:
        return None
    ticket_id = offset // ids.CHILD_SLOTS
    if ticket_id not in db.tickets:
        return None
    for conversation in db.thread(ticket_id).conversations:
        for attachment in conversation.get("attachments", []):
            if attachment["id"] == attachment_id:
                return attachment["name"], attachment["content_type"], generated_content(attachment)
    return None


def _uploaded_name(db: SandboxDB, attachment_id: int) -> str | None:
    for row in db.tickets.values():
        for attachment in row.get("_attachments", []):
            if attachment["id"] == attachment_id:
                return str(attachment["name"])
    for thread in db.threads.values():
        for conversation in thread.conversations:
            for attachment in conversation.get("attachments", []):
                if attachment["id"] == attachment_id:
                    return str(attachment["name"])
    return None


def content_disposition(name: str) -> str:
    """`attachment` with the name as RFC 6266 puts it: an ASCII `filename` for old clients
    and `filename*` (RFC 5987, UTF-8) for the real one. HTTP headers are Latin-1, so a name
    such as `отчёт.pdf` written raw would crash the response; quotes, backslashes and line
    breaks are dropped so no name can end the header or add another."""
    plain = "".join(c for c in name if c.isprintable() and c not in '"\\')
    fallback = plain.encode("ascii", "replace").decode("ascii").replace("?", "_") or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(plain, safe='')}"


def _download(request: Request) -> Response:
    """GET /api/v2/attachments/{id} (reference line 24346): the file's bytes."""
    found = find_attachment(sandbox_of(request).db, path_int(request))
    if found is None:
        raise not_found()
    name, content_type, data = found
    return Response(
        data,
        200,
        headers={
            **COMMON_HEADERS,
            "Content-Disposition": content_disposition(name),
            "ETag": '"' + hashlib.sha256(data).hexdigest()[:32] + '"',
        },
        media_type=content_type,
    )


def raise_if_not_attachable(uploads: list[Upload]) -> None:
    """A file part with no name cannot be attached (the name is preserved, line 287)."""
    if any(not u.name.strip() for u in uploads):
        raise ApiError(
            400,
            {
                "description": "Validation failed",
                "errors": [
                    {
                        "field": "attachments",
                        "message": "It should be a/an valid file format",
                        "code": "datatype_mismatch",
                    }
                ],
            },
        )


ROUTES = [Route("/api/v2/attachments/{id:int}", _download, methods=["GET"])]
