"""The parsed form of a filter query: comparisons joined by AND and OR.

Nodes are frozen and compare by value so that a query can be parsed, rebuilt and checked
for equality (``parse(to_query(node)) == node``) and used as a cache key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

Op: TypeAlias = Literal["eq", "ge", "le"]
"""``:`` is eq, ``:>`` is ge (at least), ``:<`` is le (at most)."""

Value: TypeAlias = int | bool | str | date | None
"""A literal: number, true/false, quoted text, quoted 'YYYY-MM-DD' date, or null."""

OPS: tuple[Op, ...] = ("eq", "ge", "le")


class _Combines:
    """``a & b`` is And, ``a | b`` is Or (flattened), so queues read like the query."""

    __slots__ = ()

    def __and__(self, other: Node) -> And:
        return And([self, other])  # type: ignore[list-item]

    def __or__(self, other: Node) -> Or:
        return Or([self, other])  # type: ignore[list-item]


@dataclass(frozen=True)
class Comparison(_Combines):
    """``field:value``, ``field:>value`` or ``field:<value``."""

    field: str
    op: Op
    value: Value


@dataclass(frozen=True, init=False)
class And(_Combines):
    """All items hold. Never holds another ``And`` directly: nested ANDs are flattened."""

    items: tuple[Node, ...]

    def __init__(self, items: Iterable[Node]) -> None:
        object.__setattr__(self, "items", _flatten(And, items))


@dataclass(frozen=True, init=False)
class Or(_Combines):
    """Any item holds. Never holds another ``Or`` directly: nested ORs are flattened."""

    items: tuple[Node, ...]

    def __init__(self, items: Iterable[Node]) -> None:
        object.__setattr__(self, "items", _flatten(Or, items))


Node: TypeAlias = Comparison | And | Or


def _flatten(kind: type[And] | type[Or], items: Iterable[Node]) -> tuple[Node, ...]:
    flat: list[Node] = []
    for item in items:
        if isinstance(item, kind):
            flat.extend(item.items)
        elif isinstance(item, Comparison | And | Or):
            flat.append(item)
        else:
            raise TypeError(f"{kind.__name__} items must be nodes, not {type(item).__name__}")
    if not flat:
        raise ValueError(f"{kind.__name__} needs at least one item")
    return tuple(flat)


def all_of(*nodes: Node) -> Node:
    """AND the nodes together; a single node is returned as is."""
    return nodes[0] if len(nodes) == 1 else And(nodes)


def any_of(*nodes: Node) -> Node:
    """OR the nodes together; a single node is returned as is."""
    return nodes[0] if len(nodes) == 1 else Or(nodes)
