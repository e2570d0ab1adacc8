"""Split query text into tokens, each remembering where it starts for error carets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .errors import QueryError
from .nodes import Op


class Kind(Enum):
    WORD = "word"  # field names, AND, OR, true, false, null, and mistaken bare values
    NUMBER = "number"
    STRING = "string"  # single-quoted text, escapes resolved
    LPAREN = "("
    RPAREN = ")"
    OP = "op"  # ':', ':>' or ':<'
    BAD = "bad"  # a run of letters/digits that is neither word nor number, e.g. 2021-01-01
    END = "end"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str  # the source text of the token
    position: int
    value: str = ""  # for STRING: the text between the quotes, unescaped


_RUN = re.compile(r"[A-Za-z0-9_.\-]+")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"-?[0-9]+")
_OPERATOR = re.compile(r"[:<>=!~]+")
_OP_TEXT: dict[str, Op] = {":": "eq", ":>": "ge", ":<": "le"}
_SPACE = " \t\r\n"


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; positions are shifted by ``offset`` into the caller's text.

    Raises QueryError for characters no query can contain, unknown operators and
    text values without their closing quote.
    """
    tokens: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        position = offset + index
        if char in _SPACE:
            index += 1
        elif char in "()":
            kind = Kind.LPAREN if char == "(" else Kind.RPAREN
            tokens.append(Token(kind, char, position))
            index += 1
        elif char == "'":
            token, index = _read_string(text, index, offset)
            tokens.append(token)
        elif char == '"':
            raise QueryError("use single quotes around text values, not double quotes", position)
        elif (match := _OPERATOR.match(text, index)) is not None:
            operator = match.group()
            if operator not in _OP_TEXT:
                raise QueryError(
                    f"unknown operator '{operator}': use ':' (equals), ':>' (at least) "
                    "or ':<' (at most)",
                    position,
                )
            tokens.append(Token(Kind.OP, operator, position))
            index = match.end()
        elif (match := _RUN.match(text, index)) is not None:
            run = match.group()
            if _NUMBER.fullmatch(run):
                kind = Kind.NUMBER
            elif _WORD.fullmatch(run):
                kind = Kind.WORD
            else:
                kind = Kind.BAD
            tokens.append(Token(kind, run, position))
            index = match.end()
        else:
            raise QueryError(f"unexpected character {char!r}", position)
    tokens.append(Token(Kind.END, "", offset + len(text)))
    return tokens


def operator_name(token: Token) -> Op:
    """'eq', 'ge' or 'le' for an OP token."""
    return _OP_TEXT[token.text]


def _read_string(text: str, start: int, offset: int) -> tuple[Token, int]:
    r"""Read 'text' from ``start`` (the opening quote); ``\'`` and ``\\`` are escapes."""
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in "'\\":
            chars.append(text[index + 1])
            index += 2
        elif char == "'":
            raw = text[start : index + 1]
            return Token(Kind.STRING, raw, offset + start, "".join(chars)), index + 1
        else:
            chars.append(char)
            index += 1
    raise QueryError("this text value is missing its closing quote (')", offset + start)
