"""Category, sub-category and item as one pickable path ("Hardware > Printer > Toner").

Why flat: three nested pickers cost three round trips through the keyboard; one fuzzy list of
paths lets an agent type "ton" and be done. Every level is offered (a category alone, a
category with a sub-category, the full path) because the API accepts each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fstui.api import Ticket
from fstui.ui.modals.picker import Choice

SEPARATOR = " > "


@dataclass(frozen=True)
class CategoryPath:
    category: str | None
    sub_category: str | None = None
    item_category: str | None = None

    @property
    def label(self) -> str:
        parts = [p for p in (self.category, self.sub_category, self.item_category) if p]
        return SEPARATOR.join(parts) if parts else "— no category —"

    def fields(self) -> dict[str, str | None]:
        return {
            "category": self.category,
            "sub_category": self.sub_category,
            "item_category": self.item_category,
        }


def path_of(ticket: Ticket) -> CategoryPath:
    return CategoryPath(ticket.category, ticket.sub_category, ticket.item_category)


def category_choices(
    tree: Mapping[str, Mapping[str, list[str]]], ticket: Ticket
) -> list[Choice[CategoryPath]]:
    """Every path of the tree in the account's order, the ticket's own marked current."""
    current = path_of(ticket)
    paths: list[CategoryPath] = [CategoryPath(None)]
    for category, subs in tree.items():
        paths.append(CategoryPath(category))
        for sub, items in subs.items():
            paths.append(CategoryPath(category, sub))
            paths.extend(CategoryPath(category, sub, item) for item in items)
    return [Choice(path, path.label, current=path == current) for path in paths]
