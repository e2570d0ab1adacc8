"""Tolerant building blocks shared by every resource model.

Real Freshservice bodies drift from the documented schema (extra keys, new enum codes, nulls, and
in recorded test data even placeholder strings where dates or emails belong). One odd value must
never make a whole page unreadable, so models keep unknown keys, default every field, and dates
fall back to the raw string instead of failing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Self, cast

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, PrivateAttr
from pydantic import ValidationError as _PydanticValidationError

_ISO_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
)


def parse_tolerant_datetime(value: Any) -> datetime | str | None:
    """ISO 8601 -> aware datetime (UTC when no zone); anything else kept as given (or None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        return str(value)
    text = value.strip()
    if not text:
        return None
    if not _ISO_RE.match(text):
        return value
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _serialize_datetime(value: datetime | str | None) -> str | None:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


TolerantDatetime = Annotated[
    datetime | str | None,
    PlainValidator(parse_tolerant_datetime),
    PlainSerializer(_serialize_datetime),
]
"""A timestamp field: a datetime when the server sent ISO 8601, else the raw string, or None."""


class FreshserviceModel(BaseModel):
    """Base of every resource: unknown fields are kept (``model_extra``), nothing is required.

    `defer_build`: a model's validator is built when it first validates, not when its class is
    defined. The store imports some twenty resource models at start (every one it can return),
    while the queue's first frame parses tickets only; the rest are built when first used, a
    few milliseconds each (issue #22).
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)

    _rejected: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def rejected_fields(self) -> dict[str, str]:
        """Fields whose value did not fit the model: name -> why. Their raw value is in extras."""
        return dict(self._rejected)

    @classmethod
    def parse_tolerant(cls, data: Any) -> Self:
        """Validate one object; a field that does not fit is dropped (and noted), not fatal."""
        if not isinstance(data, dict):
            data = {"value": data}
        try:
            return cls.model_validate(data)
        except _PydanticValidationError as exc:
            bad: dict[str, str] = {}
            for err in exc.errors():
                if err["loc"]:
                    bad.setdefault(str(err["loc"][0]), err["msg"])
            cleaned = {k: v for k, v in data.items() if k not in bad}
            model: Self
            try:
                model = cls.model_validate(cleaned)
            except _PydanticValidationError:
                model = cast(Self, cls.model_construct(**data))
            else:
                for name in bad:
                    # keep the raw value reachable without putting it in a typed slot
                    if model.__pydantic_extra__ is not None:
                        model.__pydantic_extra__[f"raw_{name}"] = data[name]
            model._rejected = bad
            return model
