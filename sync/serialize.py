"""Python values to wire values: dates as YYYY-MM-DD, timestamps as ISO 8601 UTC with Z."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any


def to_wire(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def timestamp(value: datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def safe_text(value: str, limit: int) -> str:
    """Text from a client made storable: valid UTF-8 without NUL (PostgreSQL's text
    refuses it), at most `limit` characters."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")[:limit]
