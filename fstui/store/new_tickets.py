"""New tickets: checked locally against the account's form, sent exactly once through the outbox.

Why local checks: a form can mark a missing or mistyped field before anything is sent (offline
too), with the same rules the server applies (required fields, choices, types, the category
tree); the server's own 400 still has the last word and names its field (`server_problems`).

Why a marker: a create whose answer was lost (timeout, crash) is "in doubt". Sending it again
could make a second ticket, so the outbox looks for it first: the description carries the
write's token in an HTML comment (`token_marker`, invisible when shown), and the tickets of
the same requester with the same subject are searched for it (`find_created`).

Why paths: attachments are kept in the outbox as file paths (with the size seen when they
were attached), read only when the write is sent, so a queued write stays small and a file
that changed or vanished is noticed instead of sending something else (`load_files`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from fstui.api import (
    TICKET_ATTACHMENT_LIMIT,
    Priority,
    Requester,
    TicketField,
    UploadFile,
    ValidationFailed,
    prefix_query,
)
from fstui.store.reference import category_tree
from fstui.text import one_line

__all__ = [
    "NEW_TICKET",
    "AttachmentProblem",
    "FieldProblem",
    "NewTicketForm",
    "attachment_entry",
    "bad_addresses",
    "check_new_ticket",
    "find_created",
    "load_files",
    "server_problems",
]

NEW_TICKET = 0
"""The ticket id a create write is filed under until the server gives it one."""

_EMAIL = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"'.]{2,}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Form field name -> the key a create body carries it under (reference lines 1862-1890).
_DEFAULT_KEYS = {
    "subject": "subject",
    "description": "description",
    "status": "status",
    "priority": "priority",
    "source": "source",
    "urgency": "urgency",
    "impact": "impact",
    "ticket_type": "type",
    "group": "group_id",
    "agent": "responder_id",
    "department": "department_id",
    "category": "category",
}
_CODED = ("status", "priority", "source", "urgency", "impact")


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field; `field` is the body key (custom fields by their name)."""

    field: str
    message: str


class AttachmentProblem(Exception):
    """A file cannot be attached (missing, not a file, too large, changed since attached)."""


# -- addresses ---------------------------------------------------------------------------------


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def bad_addresses(addresses: Iterable[str]) -> list[str]:
    """The addresses a CC/BCC/From field cannot carry, as typed (for the form to mark)."""
    return [a for a in addresses if not valid_email(a)]


# -- the form check ----------------------------------------------------------------------------


def _required(field: TicketField) -> bool:
    return bool(field.required or field.required_for_agents)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _choice_values(field: TicketField) -> list[str]:
    return [
        str(c["value"])
        for c in field.choices or []
        if isinstance(c, dict) and isinstance(c.get("value"), str)
    ]


def _type_message(field_type: str, value: Any) -> str | None:
    if field_type in ("custom_text", "custom_paragraph", "custom_url"):
        return None if isinstance(value, str) else "must be text"
    if field_type == "custom_number":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be a whole number"
    if field_type == "custom_decimal":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if field_type == "custom_checkbox":
        return None if isinstance(value, bool) else "must be yes or no"
    if field_type == "custom_date":
        if not (isinstance(value, str) and _DATE.match(value)):
            return "must be a date (yyyy-mm-dd)"
        try:
            datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return "must be a real date"
    return None


def check_new_ticket(fields: Mapping[str, Any], form: Sequence[TicketField]) -> list[FieldProblem]:
    """Every problem the server would refuse `fields` (a create body) for, by field.

    The rules: a requester (requester_id, email, or phone with a name; reference line 1892),
    the fields the form marks required for agents, coded fields among the form's choices,
    custom fields by type and dropdowns among their choices, the category path within the
    form's tree (dependent dropdowns), valid CC addresses. Empty means "send it".
    """
    problems: list[FieldProblem] = []
    if all(_empty(fields.get(k)) for k in ("requester_id", "email", "phone")):
        problems.append(FieldProblem("requester", "a requester is required"))
    email = fields.get("email")
    if isinstance(email, str) and email and not valid_email(email):
        problems.append(FieldProblem("email", "is not a valid email address"))
    if fields.get("phone") and not fields.get("email") and _empty(fields.get("name")):
        problems.append(FieldProblem("name", "a name is required with a phone number"))
    custom = fields.get("custom_fields") or {}
    for field in form:
        name = field.name or ""
        if field.default_field:
            key = _DEFAULT_KEYS.get(name)
            if key is None:
                continue
            value = fields.get(key)
            label = one_line(field.label or name, 40)
            if _required(field) and _empty(value) and name not in _CODED:
                problems.append(FieldProblem(key, f"{label} is required"))
            if name in _CODED and value is not None:
                codes = field.choice_labels()
                if codes and value not in codes:
                    problems.append(FieldProblem(key, f"{label}: not one of the form's choices"))
            if name == "ticket_type" and isinstance(value, str):
                allowed = _choice_values(field)
                if allowed and value not in allowed:
                    problems.append(FieldProblem(key, f"{label}: not one of the form's choices"))
            continue
        value = custom.get(name)
        label = one_line(field.label or name, 40)
        if field.field_type == "nested_field":
            problems.extend(_nested_problems(field, custom))
            if _required(field) and _empty(value):
                problems.append(FieldProblem(name, f"{label} is required"))
            continue
        if _empty(value):
            if _required(field):
                problems.append(FieldProblem(name, f"{label} is required"))
            continue
        message = _type_message(field.field_type or "", value)
        if message is None and field.field_type == "custom_dropdown":
            allowed = _choice_values(field)
            if allowed and value not in allowed:
                message = "not one of the form's choices"
        if message is not None:
            problems.append(FieldProblem(name, f"{label} {message}"))
    problems.extend(_category_problems(fields, form))
    for key in ("cc_emails",):
        wrong = bad_addresses(str(a) for a in fields.get(key) or [])
        if wrong:
            problems.append(FieldProblem(key, f"not valid: {one_line(', '.join(wrong), 80)}"))
    return problems


def _nested_problems(field: TicketField, custom: Mapping[str, Any]) -> list[FieldProblem]:
    """A custom dependent dropdown: each level's value among the choices under the level
    above (the field's choices and nested_options), named by the field's nested_fields."""
    names = [field.name or ""]
    for nested in sorted(
        (n for n in field.nested_fields or [] if isinstance(n, dict)),
        key=lambda n: int(n.get("level") or 0),
    ):
        names.append(str(nested.get("name") or ""))
    options: list[Any] = list(field.choices or [])
    for depth, name in enumerate(names):
        value = custom.get(name)
        if value is None:
            deeper = [n for n in names[depth + 1 :] if custom.get(n) is not None]
            return [FieldProblem(deeper[0], f"needs a {name} first")] if deeper else []
        chosen = next((o for o in options if isinstance(o, dict) and o.get("value") == value), None)
        if chosen is None:
            return [FieldProblem(name, "not one of the form's choices")]
        options = list(chosen.get("nested_options") or [])
    return []


def _category_problems(
    fields: Mapping[str, Any], form: Sequence[TicketField]
) -> list[FieldProblem]:
    tree = category_tree(form)
    category, sub, item = (fields.get(k) for k in ("category", "sub_category", "item_category"))
    if not tree or category is None:
        if sub is not None:
            return [FieldProblem("sub_category", "needs a category")]
        return []
    if category not in tree:
        return [FieldProblem("category", "not one of the form's categories")]
    if sub is None:
        return [FieldProblem("item_category", "needs a sub-category")] if item else []
    if sub not in tree[category]:
        return [FieldProblem("sub_category", f"not a sub-category of {category}")]
    if item is not None and item not in tree[category][sub]:
        return [FieldProblem("item_category", f"not an item of {sub}")]
    return []


def server_problems(error: ValidationFailed) -> list[FieldProblem]:
    """The server's 400 as problems by field, for the form to point at (untrusted text)."""
    return [
        FieldProblem(one_line(e.field or "", 60), one_line(e.message or "", 200))
        for e in error.errors
    ]


# -- attachments by path -----------------------------------------------------------------------


def attachment_entry(path: Path) -> dict[str, Any]:
    """What the outbox keeps for one file to attach: absolute path, name, size now.

    Refuses what cannot be sent: not a regular file, unreadable, over the reference's 40 MB
    ticket limit (line 393)."""
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise AttachmentProblem(f"{one_line(str(path), 120)} is not a file")
    size = resolved.stat().st_size
    if size > TICKET_ATTACHMENT_LIMIT:
        raise AttachmentProblem(
            f"{one_line(resolved.name, 80)} is {size / 1_048_576:.1f} MB; Freshservice takes at "
            f"most {TICKET_ATTACHMENT_LIMIT // 1_048_576} MB per ticket"
        )
    if not _readable(resolved):
        raise AttachmentProblem(f"{one_line(resolved.name, 80)} cannot be read")
    return {"path": str(resolved), "name": resolved.name, "size": size}


def _readable(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            stream.read(1)
    except OSError:
        return False
    return True


def check_entries(entries: Sequence[Mapping[str, Any]]) -> None:
    """The files together must fit the ticket limit."""
    total = sum(int(e.get("size", 0)) for e in entries)
    if total > TICKET_ATTACHMENT_LIMIT:
        raise AttachmentProblem(
            f"the files weigh {total / 1_048_576:.1f} MB together; Freshservice takes at most "
            f"{TICKET_ATTACHMENT_LIMIT // 1_048_576} MB per ticket"
        )


def _read_all(entries: Sequence[Mapping[str, Any]]) -> list[UploadFile]:
    check_entries(entries)
    files = []
    for entry in entries:
        path = Path(str(entry["path"]))
        name = str(entry.get("name") or path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            why = exc.strerror or "unreadable"
            raise AttachmentProblem(f"{one_line(name, 80)} cannot be read: {why}") from None
        if "size" in entry and len(data) != int(entry["size"]):
            raise AttachmentProblem(f"{one_line(name, 80)} changed since it was attached")
        files.append(UploadFile(name, data, _content_type(name)))
    return files


async def load_files(entries: Sequence[Mapping[str, Any]]) -> list[UploadFile]:
    """Read the files of a write when it is sent (off the event loop)."""
    if not entries:
        return []
    return await asyncio.to_thread(_read_all, entries)


_TYPES = {
    ".txt": "text/plain",
    ".log": "text/plain",
    ".csv": "text/csv",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".zip": "application/zip",
}


def _content_type(name: str) -> str:
    return _TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


# -- exactly once ------------------------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    dump = getattr(value, "model_dump", None)
    return cast(dict[str, Any], dump(mode="json")) if callable(dump) else {}


async def find_created(
    client: Any, fields: Mapping[str, Any], token: str, since: float
) -> Any | None:
    """The ticket an earlier attempt of this create made, if it made one.

    Searched by requester (id or email) and subject among tickets updated since just before
    the first attempt; a candidate counts only when its description carries the token (a
    list may leave descriptions out: then the candidate is read).
    """
    subject = fields.get("subject")
    start = datetime.fromtimestamp(since, UTC) - timedelta(minutes=5)
    params: dict[str, Any] = {"updated_since": start}
    if isinstance(fields.get("requester_id"), int):
        params["requester_id"] = fields["requester_id"]
    elif isinstance(fields.get("email"), str):
        params["email"] = fields["email"]
    marker = f"fstui:{token}"
    ours = _words(str(fields.get("description") or ""))
    same_text: list[Any] = []
    async for ticket in client.list_tickets(**params):
        row = _mapping(ticket)
        if row.get("subject") != subject:
            continue
        found = ticket
        if row.get("description") is None and isinstance(row.get("id"), int):
            found = await client.get_ticket(row["id"])
            row = _mapping(found)
        description = row.get("description")
        if isinstance(description, str) and marker in description:
            return found
        if isinstance(description, str) and _words(description) == ours:
            same_text.append(found)
    # An account whose sanitiser drops HTML comments loses the marker: then one ticket of the
    # same requester, subject and text, made since the first attempt, is taken as ours (two
    # would be a guess: none is, and the write is sent again after the grace period).
    return same_text[0] if len(same_text) == 1 else None


_TAG = re.compile(r"<[^>]*>")


def _words(markup: str) -> list[str]:
    """The words of an HTML description, comments and tags removed."""
    text = re.sub(r"<!--.*?-->", " ", markup, flags=re.S)
    return _TAG.sub(" ", text).lower().split()


# -- the service the new-ticket form uses ---------------------------------------------------


REQUESTER_SEARCH_ATTRIBUTES = ("first_name", "last_name", "primary_email")
"""What "type a name or an e-mail" searches (the reference's "starts with", line 12044)."""


class NewTicketForm:
    """What a new-ticket form asks the store: who the requester is, and what is wrong.

    `search_requesters` answers as the agent types (prefix search, 30 a page, one call per
    distinct text, shared by concurrent keystrokes); `check` marks fields against the form
    the reference data holds, loading it first when the cache has none (an empty form would
    pass everything)."""

    def __init__(
        self,
        plumbing: Any,
        form: Callable[[], Sequence[TicketField]],
        load: Callable[[], Awaitable[Any]],
    ) -> None:
        self._p = plumbing
        self._form = form
        self._load = load

    async def search_requesters(self, text: str, *, limit: int = 10) -> list[Requester]:
        term = " ".join(text.split())[:80]
        if len(term) < 2:
            return []
        query = prefix_query(term, REQUESTER_SEARCH_ATTRIBUTES)

        async def load() -> list[Requester]:
            pager = self._p.client.list_requesters(query=query, priority=Priority.INTERACTIVE)
            async for page in pager.pages():
                return list(page)
            return []

        found: list[Requester] = await self._p.flight.run(
            f"requester-search:{term.lower()}", lambda: self._p.call(load())
        )
        return found[:limit]

    async def check(self, fields: Mapping[str, Any]) -> list[FieldProblem]:
        form = self._form()
        if not form:
            await self._load()
            form = self._form()
        return check_new_ticket(fields, form)
