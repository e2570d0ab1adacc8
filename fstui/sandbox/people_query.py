"""``query=`` on GET /agents and GET /requesters: the reference's "Filter Agents" and "Filter
Requesters" grammar, answered from the sandbox's people.

The grammar is the filter language of fstui/query (``field:value``, ``:>``/``:<`` on numbers
and dates, AND/OR with parentheses, ``null``) plus the "starts with" operator
``~[attribute_1|attribute_2]:'text'`` (reference lines 12044 and 13061). Errors answer with
the reference's bodies (lines 12244-12262 and 13255-13270).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from fstui.query import And, Comparison, FieldSpec, FieldType, Node, Or, QueryError, evaluate, parse
from fstui.sandbox.errors import ApiError, FieldError, field_error, validation_failed

JsonDict = dict[str, Any]
MAX_QUERY_LENGTH = 512
PAGE_SIZE = 30
"""Reference notes 8-9 (agents) and 9-10 (requesters): 30 a page, pages 1 to 40."""
MAX_PAGE = 40

_S, _N, _D = FieldType.STRING, FieldType.NUMBER, FieldType.DATE


def _fields(email: str) -> dict[str, FieldSpec]:
    """The "Supported Agent/Requester Fields" tables (lines 12049-12063, 13066-13080)."""
    specs = [
        FieldSpec("first_name", _S, nullable=True),
        FieldSpec("last_name", _S, nullable=True),
        FieldSpec("name", _S, nullable=True),
        FieldSpec("job_title", _S, nullable=True),
        FieldSpec(email, _S, nullable=True),
        FieldSpec("work_phone_number", _S, nullable=True),
        FieldSpec("mobile_phone_number", _S, nullable=True),
        FieldSpec("department_id", _N, nullable=True, keys=("department_ids",)),
        FieldSpec("reporting_manager_id", _N, nullable=True),
        FieldSpec("time_zone", _S, nullable=True),
        FieldSpec("language", _S, nullable=True),
        FieldSpec("location_id", _N, nullable=True),
        FieldSpec("created_at", _D),
        FieldSpec("updated_at", _D),
    ]
    return {spec.name: spec for spec in specs}


AGENT_FIELDS = _fields("email")
REQUESTER_FIELDS = _fields("primary_email")
_PREFIX_ATTRIBUTES = ("first_name", "last_name", "name", "mobile_phone_number", "work_phone_number")
AGENT_PREFIX = frozenset({*_PREFIX_ATTRIBUTES, "email"})
REQUESTER_PREFIX = frozenset({*_PREFIX_ATTRIBUTES, "primary_email"})

_STARTS_WITH = re.compile(r"~\s*\[([^\]]*)\]\s*:\s*'((?:[^'\\]|\\.)*)'")
_PLACEHOLDER = "__starts_with_"
_TAKES = re.compile(r"^(\w+) takes ")


def _unknown_field(name: str) -> ApiError:
    """Line 12248: an unknown field answers ``"message": "[:invalid_field]"``."""
    return validation_failed(FieldError(name, "[:invalid_field]", "invalid_value"))


def _query_error(error: QueryError) -> ApiError:
    """The body for a query the parser refused: a mistyped value names its field, as the
    reference's "Datatype validation" example does (line 12253)."""
    named = _TAKES.match(error.message)
    if error.code == "datatype_mismatch" and named is not None:
        expected = "Positive Integer" if "number" in error.message else "String"
        return validation_failed(
            FieldError(named.group(1), f'["It should be a/an {expected}"]', "invalid_value")
        )
    return field_error("query", error.message, error.code)


def quoted_query(raw: str) -> str:
    """The text between the mandatory double quotes (400 otherwise, api-facts.md #4)."""
    text = raw.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise field_error("query", "Query should be enclosed within double quotes")
    inner = text[1:-1]
    if len(inner) > MAX_QUERY_LENGTH:
        raise field_error("query", f"Query string should not exceed {MAX_QUERY_LENGTH} characters")
    return inner


class PeopleQuery:
    """One parsed ``query=`` value, able to tell whether a person record matches."""

    def __init__(
        self, raw: str, fields: Mapping[str, FieldSpec], prefix_attributes: frozenset[str]
    ) -> None:
        inner = quoted_query(raw)
        self._fields = fields
        self._prefixes: dict[str, tuple[tuple[str, ...], str]] = {}

        def placeholder(match: re.Match[str]) -> str:
            attributes = tuple(a.strip() for a in match.group(1).split("|") if a.strip())
            for attribute in attributes or ("",):
                if attribute not in prefix_attributes:
                    raise _unknown_field(attribute or "~")
            name = f"{_PLACEHOLDER}{len(self._prefixes)}"
            term = match.group(2).replace("\\'", "'").replace("\\\\", "\\")
            self._prefixes[name] = (attributes, term.casefold())
            return f"{name}:'x'"

        rewritten = _STARTS_WITH.sub(placeholder, inner)
        synthetic = {name: FieldSpec(name, _S) for name in self._prefixes}
        try:
            self._node = parse(rewritten, fields, custom_fields=synthetic)
        except QueryError as error:
            raise _query_error(error) from None
        self._check_names(self._node)

    def _check_names(self, node: Node) -> None:
        if isinstance(node, And | Or):
            for item in node.items:
                self._check_names(item)
        elif node.field not in self._fields and node.field not in self._prefixes:
            raise _unknown_field(node.field)

    def matches(self, record: JsonDict) -> bool:
        return self._matches(self._node, record)

    def _matches(self, node: Node, record: JsonDict) -> bool:
        if isinstance(node, And):
            return all(self._matches(item, record) for item in node.items)
        if isinstance(node, Or):
            return any(self._matches(item, record) for item in node.items)
        if node.field in self._prefixes:
            return self._starts_with(node, record)
        return evaluate(node, record, self._fields)

    def _starts_with(self, node: Comparison, record: JsonDict) -> bool:
        attributes, term = self._prefixes[node.field]
        for attribute in attributes:
            value = record.get(attribute)
            if not isinstance(value, str):
                continue
            # Line 13246: searching the e-mail searches its first name, last name and domain
            # parts ("firstname.lastname@domain.ext") as well as the whole address.
            parts = re.split(r"[.@]", value) if attribute.endswith("email") else []
            if any(part.casefold().startswith(term) for part in (value, *parts)):
                return True
        return False


def filter_people(
    raw: str,
    rows: list[JsonDict],
    *,
    fields: Mapping[str, FieldSpec],
    prefix_attributes: frozenset[str],
    record_of: Callable[[JsonDict], JsonDict],
) -> list[JsonDict]:
    """The rows matching ``raw``, newest first ("sorted by created_at in descending order")."""
    query = PeopleQuery(raw, fields, prefix_attributes)
    found = [row for row in rows if query.matches(record_of(row))]
    found.sort(key=lambda row: (row["created_at"], row["id"]), reverse=True)
    return found


def searchable(row: JsonDict) -> JsonDict:
    """A person as the query sees it: with ``name`` (first and last name, one space)."""
    name = " ".join(part for part in (row.get("first_name"), row.get("last_name")) if part)
    return {**row, "name": name}
