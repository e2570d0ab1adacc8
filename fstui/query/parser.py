"""Parse filter-query text into nodes, checking it the way the API does.

Grammar (reference "Filter Tickets" / "Filter Assets"; AND binds tighter than OR)::

    query      := or_expr END
    or_expr    := and_expr ("OR" and_expr)*
    and_expr   := term ("AND" term)*
    term       := "(" or_expr ")" | field op value
    op         := ":" | ":>" | ":<"
    value      := number | true | false | null | 'text' | 'YYYY-MM-DD'

AND/OR are accepted in any case and built-in field names in any case (the reference's own
example writes ``priorIty``); whitespace may surround every token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from .errors import QueryError
from .fields import TICKET_FIELDS, FieldSpec, FieldType
from .nodes import And, Comparison, Node, Op, Or, Value
from .tokens import Kind, Token, operator_name, tokenize

MAX_LENGTH = 512
"""The reference: "Query string ... can have up to 512 characters"."""

MAX_DEPTH = 32
"""Deeper parentheses are refused so that hostile text cannot exhaust the stack."""

_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEYWORDS = {"and", "or"}


def parse(
    text: str,
    fields: Mapping[str, FieldSpec] | None = TICKET_FIELDS,
    *,
    custom_fields: Mapping[str, FieldSpec] | None = None,
    allow_unknown_custom: bool = True,
) -> Node:
    """The query ``text`` as nodes; raises QueryError pointing at the first problem.

    ``text`` is the inner query; one pair of wrapping double quotes is stripped if present
    and error positions still index into ``text`` as given. A name that is neither in
    ``fields`` nor ``custom_fields`` is a custom field typed by its literal when
    ``allow_unknown_custom``, and an ``invalid_field`` error otherwise.
    """
    inner, offset = _unwrap(text)
    if len(inner) > MAX_LENGTH:
        raise QueryError(
            f"the query is {len(inner)} characters long; the limit is {MAX_LENGTH}",
            offset + MAX_LENGTH,
        )
    if not inner.strip():
        raise QueryError("the query is empty: write a condition such as priority:3", offset)
    parser = _Parser(
        tokenize(inner, offset),
        fields or {},
        custom_fields or {},
        allow_unknown_custom,
    )
    return parser.parse_query()


def _unwrap(text: str) -> tuple[str, int]:
    """Strip one pair of wrapping double quotes, returning the inner text and its offset."""
    stripped = text.strip()
    if not stripped.startswith('"'):
        return text, 0
    start = text.index('"')
    if len(stripped) < 2 or not stripped.endswith('"'):
        raise QueryError("the query opens with a double quote but does not close it", start)
    end = text.rindex('"')
    return text[start + 1 : end], start + 1


class _Parser:
    def __init__(
        self,
        tokens: list[Token],
        fields: Mapping[str, FieldSpec],
        custom_fields: Mapping[str, FieldSpec],
        allow_unknown_custom: bool,
    ) -> None:
        self._tokens = tokens
        self._index = 0
        self._fields = fields
        self._custom = custom_fields
        self._allow_unknown = allow_unknown_custom
        self._depth = 0

    # -- token helpers -------------------------------------------------------------------

    def _peek(self, ahead: int = 0) -> Token:
        return self._tokens[min(self._index + ahead, len(self._tokens) - 1)]

    def _next(self) -> Token:
        token = self._peek()
        self._index += 1
        return token

    def _at_keyword(self, keyword: str) -> bool:
        token = self._peek()
        return (
            token.kind is Kind.WORD
            and token.text.lower() == keyword
            and self._peek(1).kind is not Kind.OP
        )

    # -- grammar -------------------------------------------------------------------------

    def parse_query(self) -> Node:
        node = self._or_expr()
        token = self._peek()
        if token.kind is Kind.RPAREN:
            raise QueryError("this ')' has no matching '('", token.position)
        if token.kind is not Kind.END:
            raise QueryError(f"expected AND or OR before {_show(token)}", token.position)
        return node

    def _or_expr(self) -> Node:
        items = [self._and_expr()]
        while self._at_keyword("or"):
            keyword = self._next()
            items.append(self._and_expr(after=keyword))
        return items[0] if len(items) == 1 else Or(items)

    def _and_expr(self, after: Token | None = None) -> Node:
        items = [self._term(after)]
        while self._at_keyword("and"):
            keyword = self._next()
            items.append(self._term(after=keyword))
        return items[0] if len(items) == 1 else And(items)

    def _term(self, after: Token | None) -> Node:
        token = self._peek()
        if token.kind is Kind.LPAREN:
            return self._group()
        if token.kind is Kind.WORD and not (
            token.text.lower() in _KEYWORDS and self._peek(1).kind is not Kind.OP
        ):
            return self._comparison()
        if token.kind is Kind.END and after is not None:
            raise QueryError(f"expected a condition after '{after.text}'", token.position)
        if token.kind is Kind.RPAREN and after is None:
            raise QueryError("expected a condition inside the parentheses", token.position)
        if token.kind is Kind.OP:
            raise QueryError(f"expected a field name before '{token.text}'", token.position)
        raise QueryError(
            f"expected a condition such as priority:3, not {_show(token)}", token.position
        )

    def _group(self) -> Node:
        opening = self._next()
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise QueryError(f"too many nested parentheses (at most {MAX_DEPTH})", opening.position)
        node = self._or_expr()
        closing = self._peek()
        if closing.kind is not Kind.RPAREN:
            if closing.kind is Kind.END:
                raise QueryError("this '(' is never closed", opening.position)
            raise QueryError(f"expected AND, OR or ')' before {_show(closing)}", closing.position)
        self._next()
        self._depth -= 1
        return node

    def _comparison(self) -> Node:
        name = self._next()
        op_token = self._peek()
        if op_token.kind is not Kind.OP:
            raise QueryError(
                f"expected ':' after '{name.text}' (e.g. {name.text}:value)", op_token.position
            )
        self._next()
        spec = self._resolve(name)
        field = spec.name if spec else name.text
        op = operator_name(op_token)
        value_token = self._peek()
        literal = self._literal(field, op_token, value_token, spec)
        self._next()
        value = _check(field, op, op_token, literal, value_token, spec)
        return Comparison(field, op, value)

    def _resolve(self, name: Token) -> FieldSpec | None:
        """The spec for a field name, or None for a custom field typed by its literal."""
        for table in (self._fields, self._custom):
            if name.text in table:
                return table[name.text]
        lowered = name.text.lower()
        for table in (self._fields, self._custom):
            for key, spec in table.items():
                if key.lower() == lowered:
                    return spec
        if self._allow_unknown:
            return None
        raise QueryError(f"unknown field '{name.text}'", name.position, "invalid_field")

    def _literal(self, field: str, op_token: Token, token: Token, spec: FieldSpec | None) -> object:
        """The raw literal: int, bool, None, or a STRING token (typed later by the field)."""
        missing = QueryError(f"expected a value after '{field}{op_token.text}'", token.position)
        if token.kind is Kind.NUMBER:
            return int(token.text)
        if token.kind is Kind.STRING:
            return token
        if token.kind is Kind.WORD:
            word = token.text.lower()
            if word in ("true", "false"):
                return word == "true"
            if word == "null":
                return None
            if word in _KEYWORDS:
                raise missing
            if spec is not None and spec.type is FieldType.NUMBER:
                raise QueryError(
                    f"{field} takes a number, not '{token.text}'",
                    token.position,
                    "datatype_mismatch",
                )
            raise QueryError(
                f"put text values in single quotes: {field}{op_token.text}'{token.text}'",
                token.position,
            )
        if token.kind is Kind.BAD:
            if _DATE_SHAPE.fullmatch(token.text):
                raise QueryError(
                    f"put dates in single quotes: {field}{op_token.text}'{token.text}'",
                    token.position,
                )
            raise QueryError(
                f"'{token.text}' is not a value: use a whole number, true, false, null "
                "or 'text in single quotes'",
                token.position,
            )
        raise missing


def _check(
    field: str,
    op: Op,
    op_token: Token,
    literal: object,
    value_token: Token,
    spec: FieldSpec | None,
) -> Value:
    """The typed value, or a QueryError when it does not fit the field or operator."""
    position = value_token.position
    if literal is None:
        if op != "eq":
            raise QueryError(f"null works only with ':' ({field}:null)", op_token.position)
        if spec is not None and not spec.nullable:
            raise QueryError(f"{field} cannot be null", position)
        return None
    field_type = spec.type if spec is not None else _infer(op, literal)
    if field_type is FieldType.DATE:
        if op == "eq":
            raise QueryError(
                f"{field} is a date: use ':>' (on or after) or ':<' (on or before)",
                op_token.position,
            )
        if not isinstance(literal, Token):
            raise QueryError(
                f"{field} takes a date in quotes such as '2024-01-31'",
                position,
                "datatype_mismatch",
            )
        return _date(literal)
    if op != "eq" and field_type is not FieldType.NUMBER:
        kind = "text" if field_type is FieldType.STRING else "true/false"
        raise QueryError(
            f"{field} is {kind}: ':>' and ':<' work only with numbers and dates",
            op_token.position,
        )
    if field_type is FieldType.NUMBER:
        if isinstance(literal, bool) or not isinstance(literal, int):
            what = "true/false" if isinstance(literal, bool) else "text"
            raise QueryError(f"{field} takes a number, not {what}", position, "datatype_mismatch")
        value: Value = literal
    elif field_type is FieldType.BOOLEAN:
        if not isinstance(literal, bool):
            raise QueryError(f"{field} takes true or false", position, "datatype_mismatch")
        value = literal
    else:
        if not isinstance(literal, Token):
            raise QueryError(f"{field} takes text in single quotes", position, "datatype_mismatch")
        value = literal.value
    if spec is not None and spec.choices is not None and op == "eq" and value not in spec.choices:
        shown = ", ".join(sorted(map(str, spec.choices), key=lambda c: (len(c), c)))
        raise QueryError(f"{field} must be one of {shown}", position)
    return value


def _infer(op: Op, literal: object) -> FieldType:
    """A custom field's type from its literal: quoted text is a date only with :> / :<."""
    if isinstance(literal, bool):
        return FieldType.BOOLEAN
    if isinstance(literal, int):
        return FieldType.NUMBER
    return FieldType.STRING if op == "eq" else FieldType.DATE


def _date(token: Token) -> date:
    if _DATE_SHAPE.fullmatch(token.value):
        try:
            return date.fromisoformat(token.value)
        except ValueError:
            pass
    raise QueryError(f"'{token.value}' is not a date: write dates as 'YYYY-MM-DD'", token.position)


def _show(token: Token) -> str:
    if token.kind is Kind.END:
        return "the end of the query"
    return token.text if token.kind is Kind.STRING else f"'{token.text}'"
