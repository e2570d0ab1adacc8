"""The asset type tree on the left of the browser: a Textual Tree with vim keys and counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fstui.store.assets import TypeCount
from fstui.text import one_line
from fstui.ui.screens.assets.type_tree import TypeTree

ALL_ASSETS = "All assets"


def node_label(name: str, count: TypeCount | None) -> Text:
    """Type names come from the account: always literal Text, never markup."""
    label = Text(one_line(name), no_wrap=True, overflow="ellipsis")
    if count is not None:
        label.append(f" {count.label()}", style="dim")
    return label


class AssetTypeTree(Tree[int | None]):
    """Node data is the asset type id; the root (None) stands for every asset."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_home", "First", show=False),
        Binding("G", "scroll_end", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(node_label(ALL_ASSETS, None), data=None, id=id)
        self.auto_expand = False
        self.guide_depth = 2
        self.show_root = True
        self._type_nodes: dict[int, TreeNode[int | None]] = {}
        self._tree = TypeTree({})

    @property
    def type_tree(self) -> TypeTree:
        return self._tree

    def show_types(self, tree: TypeTree) -> None:
        """Rebuild the nodes (keeping the highlighted type when it still exists)."""
        highlighted = self.cursor_node.data if self.cursor_node is not None else None
        self._tree = tree
        self.clear()
        self._type_nodes = {}

        def add(parent: TreeNode[int | None], type_id: int, seen: frozenset[int]) -> None:
            children = [c for c in tree.children.get(type_id, ()) if c not in seen]
            label = node_label(tree.name(type_id), None)
            node = parent.add(label, data=type_id, expand=True, allow_expand=bool(children))
            self._type_nodes[type_id] = node
            for child in children:
                add(node, child, seen | {child})

        for root in tree.roots:
            add(self.root, root, frozenset({root}))
        self.root.expand()
        if highlighted is not None and highlighted in self._type_nodes:
            self.move_cursor(self._type_nodes[highlighted])

    def show_counts(self, own: Mapping[int, TypeCount]) -> None:
        tree = self._tree
        total = 0
        exact = True
        for type_id in tree.types:
            parts = [own.get(i) for i in tree.subtree(type_id)]
            known = [p for p in parts if p is not None]
            count = TypeCount(sum(p.count for p in known), all(p.exact for p in parts if p))
            if len(known) < len(parts):
                count = TypeCount(count.count, False)
            node = self._type_nodes.get(type_id)
            if node is not None:
                node.set_label(node_label(tree.name(type_id), count))
        for root in tree.roots:
            for type_id in tree.subtree(root):
                part = own.get(type_id)
                total += part.count if part else 0
                exact = exact and part is not None and part.exact
        self.root.set_label(node_label(ALL_ASSETS, TypeCount(total, exact)))

    def type_ids_in_order(self) -> list[int | None]:
        """The root then every type, as shown: what `[` and `]` step through."""
        return [None, *(type_id for _, type_id in self._tree.walk())]

    def select_type(self, type_id: int | None) -> None:
        node = self.root if type_id is None else self._type_nodes.get(type_id)
        if node is not None:
            self.move_cursor(node)
