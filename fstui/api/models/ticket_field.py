"""Ticket form fields: where the tenant's labels for status/priority/source codes come from."""

from __future__ import annotations

from typing import Any

from fstui.api.models._base import FreshserviceModel, TolerantDatetime


class TicketField(FreshserviceModel):
    """``choices`` is kept as sent: its shape differs by field type (lists of dicts with ids and
    values for dropdowns, nested category trees, ...)."""

    id: int | None = None
    workspace_id: int | None = None
    name: str | None = None
    label: str | None = None
    label_for_requesters: str | None = None
    description: str | None = None
    field_type: str | None = None
    position: int | None = None
    required: bool | None = None
    required_for_closure: bool | None = None
    required_for_agents: bool | None = None
    required_for_customers: bool | None = None
    default_field: bool | None = None
    choices: list[Any] | None = None
    nested_fields: list[Any] | None = None
    sections: list[Any] | None = None
    created_at: TolerantDatetime = None
    updated_at: TolerantDatetime = None

    def choice_labels(self) -> dict[int, str]:
        """Code -> label for choice lists shaped like ``[{"id": 2, "value": "Open"}, ...]``."""
        labels: dict[int, str] = {}
        for choice in self.choices or []:
            if isinstance(choice, dict):
                code = choice.get("id")
                value = choice.get("value")
                if isinstance(code, int) and isinstance(value, str):
                    labels[code] = value
        return labels
