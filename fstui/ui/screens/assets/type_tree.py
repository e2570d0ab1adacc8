"""The asset type hierarchy as plain data: parents, children, subtree ids and rolled-up counts.

Why separate from the widget: choosing "Hardware" must list laptops and monitors too, and the
count beside it must include theirs; both are questions about the tree, testable without Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fstui.api import AssetType


@dataclass(frozen=True)
class TypeTree:
    """Asset types by id, with children in name order; roots are types without a known parent."""

    types: Mapping[int, AssetType]
    children: Mapping[int | None, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, types: Iterable[AssetType]) -> TypeTree:
        by_id = {t.id: t for t in types if t.id is not None}
        kids: dict[int | None, list[int]] = {}
        for type_id, asset_type in by_id.items():
            parent = asset_type.parent_asset_type_id
            # A parent outside the list (hidden, another workspace) makes the type a root.
            kids.setdefault(parent if parent in by_id else None, []).append(type_id)
        ordered = {
            parent: tuple(sorted(ids, key=lambda i: ((by_id[i].name or "").casefold(), i)))
            for parent, ids in kids.items()
        }
        return cls(by_id, ordered)

    @property
    def roots(self) -> tuple[int, ...]:
        return tuple(self.children.get(None, ()))

    def name(self, type_id: int | None) -> str:
        if type_id is None:
            return ""
        asset_type = self.types.get(type_id)
        return (asset_type.name if asset_type else None) or f"type {type_id}"

    def subtree(self, type_id: int) -> list[int]:
        """The type and every descendant, parents first (cycles in bad data are cut)."""
        found: list[int] = []
        seen: set[int] = set()
        stack = [type_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(self.children.get(current, ())))
        return found

    def lineage(self, type_id: int) -> list[int]:
        """The type and its ancestors, root first: type fields are inherited down this chain."""
        chain: list[int] = []
        current: int | None = type_id
        while current is not None and current in self.types and current not in chain:
            chain.append(current)
            current = self.types[current].parent_asset_type_id
        return list(reversed(chain))

    def rolled_up(self, own_counts: Mapping[int, int]) -> dict[int, int]:
        """Count per type including its descendants, from counts of each exact type."""
        return {
            type_id: sum(own_counts.get(i, 0) for i in self.subtree(type_id))
            for type_id in self.types
        }

    def walk(self) -> Sequence[tuple[int, int]]:
        """(depth, type id) in display order, for tests and flat views."""
        out: list[tuple[int, int]] = []

        def visit(type_id: int, depth: int, seen: frozenset[int]) -> None:
            out.append((depth, type_id))
            for child in self.children.get(type_id, ()):
                if child not in seen:
                    visit(child, depth + 1, seen | {child})

        for root in self.roots:
            visit(root, 0, frozenset({root}))
        return out
