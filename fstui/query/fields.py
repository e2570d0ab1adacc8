"""The fields a filter query may name, and how each is typed and found in a record.

The API rejects a query whose literal does not fit the field, so the UI checks the same
rules before sending; the sandbox uses the same table to answer like the real service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType


class FieldType(Enum):
    """The literal kinds the reference lists for filter fields."""

    NUMBER = "number"
    BOOLEAN = "boolean"
    STRING = "string"
    DATE = "date"


class FieldSource(Enum):
    """Where a field's value sits in the JSON record the API returns."""

    RECORD = "record"  # a top-level key (or dotted path) of the record
    CUSTOM_FIELDS = "custom_fields"  # record["custom_fields"][name]
    TYPE_FIELDS = "type_fields"  # asset record["type_fields"][name or name_<asset type id>]


@dataclass(frozen=True)
class FieldSpec:
    """One filterable field.

    ``keys`` are the places to look in a record, first present wins; they exist because the
    query names differ from the JSON names (``agent_id`` is ``responder_id``, ``tag`` is
    ``tags``, the requester ``email`` only appears with ``include=requester``).
    """

    name: str
    type: FieldType
    nullable: bool = False
    choices: frozenset[int | str] | None = None
    keys: tuple[str, ...] = ()
    source: FieldSource = FieldSource.RECORD

    @property
    def record_keys(self) -> tuple[str, ...]:
        """The keys to try in the record (the field's own name when none are given)."""
        return self.keys or (self.name,)


def _table(*specs: FieldSpec) -> Mapping[str, FieldSpec]:
    return MappingProxyType({spec.name: spec for spec in specs})


_N = FieldType.NUMBER
_S = FieldType.STRING
_D = FieldType.DATE

TICKET_FIELDS: Mapping[str, FieldSpec] = _table(
    FieldSpec("workspace_id", _N),
    FieldSpec("requester_id", _N),
    FieldSpec("email", _S, keys=("email", "requester.email", "requester.primary_email")),
    # Reference note 9: agent and group take the null keyword for "unassigned".
    FieldSpec("agent_id", _N, nullable=True, keys=("responder_id", "agent_id")),
    FieldSpec("group_id", _N, nullable=True),
    FieldSpec("priority", _N, choices=frozenset({1, 2, 3, 4})),
    # Status choices are tenant specific (custom statuses 6, 7, ...), so no fixed list.
    FieldSpec("status", _N),
    FieldSpec("impact", _N, choices=frozenset({1, 2, 3})),
    FieldSpec("urgency", _N, choices=frozenset({1, 2, 3})),
    FieldSpec("tag", _S, keys=("tags", "tag")),
    FieldSpec("due_by", _D),
    FieldSpec("fr_due_by", _D),
    FieldSpec("created_at", _D),
)
"""The ticket fields of the reference's "Supported Ticket Fields" table."""

ASSET_FIELDS: Mapping[str, FieldSpec] = _table(
    # Asset filter note 10: any field takes null for "no value assigned".
    FieldSpec("workspace_id", _N, nullable=True),
    FieldSpec("asset_type_id", _N, nullable=True),
    FieldSpec("department_id", _N, nullable=True),
    FieldSpec("location_id", _N, nullable=True),
    # asset_state lives among the type fields, suffixed with the asset type id
    # ("asset_state_25": "In Use"); some bodies also carry it at the top level.
    FieldSpec("asset_state", _S, nullable=True, source=FieldSource.TYPE_FIELDS),
    FieldSpec("user_id", _N, nullable=True),
    FieldSpec("agent_id", _N, nullable=True),
    FieldSpec("name", _S, nullable=True),
    FieldSpec("asset_tag", _S, nullable=True),
    FieldSpec("created_at", _D, nullable=True),
    FieldSpec("updated_at", _D, nullable=True),
)
"""The asset fields of the reference's "Supported Asset Fields" table."""


def custom_field(name: str, type: FieldType, *, nullable: bool = True) -> FieldSpec:
    """A spec for a tenant's custom ticket field, read from ``record["custom_fields"]``."""
    return FieldSpec(name, type, nullable=nullable, source=FieldSource.CUSTOM_FIELDS)
