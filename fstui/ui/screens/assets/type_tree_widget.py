"""The asset type pane on the left of the browser: a Textual Tree with vim keys and counts.

It loads the types and their counts itself (the list works without either, so a failure is only
a note), answers `[`/`]` stepping and the count of a type, and fits every label to the pane:
a name too long for its depth is cut with an ellipsis and the count stays in view, where the
plain Tree would crop the line at the border and lose the count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker

from fstui.store.assets import TypeCount
from fstui.text import one_line
from fstui.ui.errors import WorkerErrors, describe_error
from fstui.ui.screens.assets.type_tree import TypeTree

if TYPE_CHECKING:
    from fstui.store.assets import AssetData

ALL_ASSETS = "All assets"


def node_label(name: str, count: TypeCount | None) -> Text:
    """Type names come from the account: always literal Text, never markup."""
    label = Text(one_line(name), no_wrap=True, overflow="ellipsis")
    if count is not None:
        label.append(f" {count.label()}", style="dim")
    return label


def fit_label(label: Text, name: str, count: TypeCount | None, room: int) -> Text:
    """`label` (toggle icon, name, count) in `room` cells: the name gives way, the count stays."""
    if room <= 0 or label.cell_len <= room:
        return label
    room -= 1  # a cut label keeps a space before the pane's border, so the count reads apart
    suffix = len(f" {count.label()}") if count is not None else 0
    name_chars = len(one_line(name))
    start = len(label) - suffix - name_chars
    head, shown, tail = (
        label[:start],
        label[start : start + name_chars],
        label[len(label) - suffix :],
    )
    keep = max(1, room - head.cell_len - tail.cell_len)
    shown.truncate(keep, overflow="ellipsis")
    return Text.assemble(head, shown, tail if suffix else "", no_wrap=True)


class AssetTypeTree(WorkerErrors, Tree[int | None]):
    """Node data is the asset type id; the root (None) stands for every asset."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="movement.tree_down"),
        Binding("k", "cursor_up", "Up", show=False, id="movement.tree_up"),
        Binding("g", "scroll_home", "First", show=False, id="movement.tree_first"),
        Binding("G", "scroll_end", "Last", show=False, id="movement.tree_last"),
    ]

    class Shown(Message):
        """Types or counts arrived: what the heading says of the chosen type may change."""

    @dataclass
    class TypeChosen(Message):
        """The agent chose a type (enter, a click, `[`/`]`): list it with its subtypes."""

        type_ids: tuple[int, ...]
        """The type and its descendants; empty for every asset."""

    @dataclass
    class Trouble(Message):
        """The types or their counts could not be read; the list still works."""

        text: str

    def __init__(self, *, id: str | None = None) -> None:
        self._tree = TypeTree({})
        self._counts: dict[int | None, TypeCount] = {}  # set first: the Tree renders the root
        super().__init__(node_label(ALL_ASSETS, None), data=None, id=id)
        self.auto_expand = False
        self.guide_depth = 2
        self.show_root = True
        self._type_nodes: dict[int, TreeNode[int | None]] = {}

    @property
    def type_tree(self) -> TypeTree:
        return self._tree

    # loading ------------------------------------------------------------------------------
    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.post_message(self.Trouble(message))

    @work(exclusive=True, group="asset-types", exit_on_error=False)
    async def load(self, data: AssetData) -> None:
        """The types first (the tree is usable at once), then a count per type."""
        tree = TypeTree.build(await data.types())
        self.show_types(tree)
        self.post_message(self.Shown())
        try:
            counts = await data.type_counts(list(tree.types))
        except Exception as exc:  # counts are a nicety; the tree stays usable without them
            self.post_message(self.Trouble(f"type counts unavailable: {describe_error(exc)}"))
            return
        self.show_counts(counts)
        self.post_message(self.Shown())  # the status bar's budget now includes the count calls

    def show_types(self, tree: TypeTree) -> None:
        """Rebuild the nodes (keeping the highlighted type when it still exists)."""
        highlighted = self.cursor_node.data if self.cursor_node is not None else None
        self._tree = tree
        self._counts = {}
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
        """Each type's count includes its subtypes; a `+` when any part is a lower bound."""
        tree = self._tree
        for type_id in tree.types:
            parts = [own.get(i) for i in tree.subtree(type_id)]
            known = [p for p in parts if p is not None]
            exact = len(known) == len(parts) and all(p.exact for p in known)
            self._counts[type_id] = TypeCount(sum(p.count for p in known), exact)
            node = self._type_nodes.get(type_id)
            if node is not None:
                node.set_label(node_label(tree.name(type_id), self._counts[type_id]))
        total = 0
        exact = True
        for root in tree.roots:
            for type_id in tree.subtree(root):
                part = own.get(type_id)
                total += part.count if part else 0
                exact = exact and part is not None and part.exact
        self._counts[None] = TypeCount(total, exact)
        self.root.set_label(node_label(ALL_ASSETS, self._counts[None]))

    def count_of(self, type_id: int | None) -> TypeCount | None:
        """The type's count with its subtypes (None: every asset), once counts have arrived."""
        return self._counts.get(type_id)

    # stepping -----------------------------------------------------------------------------
    def type_ids_in_order(self) -> list[int | None]:
        """The root then every type, as shown: what `[` and `]` step through."""
        return [None, *(type_id for _, type_id in self._tree.walk())]

    def step_from(self, current: int | None, step: int) -> None:
        """Choose the type `step` places after `current` (wrapping), highlighted in the tree."""
        order = self.type_ids_in_order()
        index = order.index(current) if current in order else 0
        chosen = order[(index + step) % len(order)]
        self.select_type(chosen)
        self._chosen(chosen)

    @on(Tree.NodeSelected)
    def _node_selected(self, event: Tree.NodeSelected[int | None]) -> None:
        event.stop()
        self._chosen(event.node.data)

    def _chosen(self, type_id: int | None) -> None:
        ids = tuple(self._tree.subtree(type_id)) if type_id is not None else ()
        self.post_message(self.TypeChosen(ids))

    def select_type(self, type_id: int | None) -> None:
        node = self.root if type_id is None else self._type_nodes.get(type_id)
        if node is not None:
            self.move_cursor(node)

    # labels that fit ----------------------------------------------------------------------
    def watch_show_vertical_scrollbar(self) -> None:
        """The scrollbar takes columns from every label: fit them again (the Tree caches
        rendered lines by its outer width, which the scrollbar does not change)."""
        self._invalidate()

    def render_label(self, node: TreeNode[int | None], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        name = ALL_ASSETS if node.data is None else self._tree.name(node.data)
        return fit_label(label, name, self._counts.get(node.data), room)
