"""The asset detail as labelled sections, built from the asset and its type's field layout.

Why a pure function: type field keys are account-specific (`cost_25`), so the labels must come
from the type's own field list; values no layout names still show, under "Other fields", rather
than vanish. Every value is turned into one line of plain text here; the screen shows it literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fstui.api import Asset, AssetTypeFieldSection
from fstui.store.names import Names
from fstui.text import one_line, relative_time


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[tuple[str, str], ...]


def show_value(value: Any, now: datetime) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} ({relative_time(value, now)})"
    if isinstance(value, list):
        return one_line(", ".join(str(v) for v in value))
    if isinstance(value, str):
        parsed = _as_datetime(value)
        if parsed is not None:
            return show_value(parsed, now)
    return one_line(str(value))


def _as_datetime(text: str) -> datetime | None:
    if len(text) < 10 or text[4:5] != "-" or text[7:8] != "-":
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def base_section(
    asset: Asset, names: Names, type_name: Callable[[int | None], str], now: datetime
) -> Section:
    rows: list[tuple[str, str]] = [
        ("Name", one_line(asset.name)),
        ("Asset tag", one_line(asset.asset_tag)),
        ("Type", one_line(type_name(asset.asset_type_id))),
        ("Used by", one_line(names.requester(asset.user_id))),
        ("Department", one_line(names.department(asset.department_id))),
        ("Location", one_line(names.location(asset.location_id))),
        ("Managed by", one_line(names.agent(asset.agent_id))),
        ("Managed by group", one_line(names.group(asset.group_id))),
        ("Impact", one_line(asset.impact)),
        ("Usage", one_line(asset.usage_type)),
        ("Assigned on", show_value(asset.assigned_on, now)),
        ("Created", show_value(asset.created_at, now)),
        ("Updated", show_value(asset.updated_at, now)),
        ("Description", one_line(asset.description)),
    ]
    return Section("General", tuple((label, value) for label, value in rows if value))


def type_sections(
    asset: Asset, layout: Sequence[AssetTypeFieldSection], now: datetime
) -> list[Section]:
    """One section per field header of the type, in the type's order; the rest at the end."""
    values = dict(asset.type_fields or {})
    sections: list[Section] = []
    for header in layout:
        rows: list[tuple[str, str]] = []
        for type_field in header.fields or []:
            if type_field.name is None or type_field.name not in values:
                continue
            shown = show_value(values.pop(type_field.name), now)
            if shown:
                rows.append((one_line(type_field.label or type_field.name), shown))
        if rows:
            sections.append(Section(one_line(header.field_header or "Details"), tuple(rows)))
    leftover = [(one_line(key), show_value(value, now)) for key, value in sorted(values.items())]
    leftover = [(label, shown) for label, shown in leftover if shown]
    if leftover:
        sections.append(Section("Other fields", tuple(leftover)))
    return sections
