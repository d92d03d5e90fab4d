"""Limits shared by every layer (forms, sync, OpenAPI, PWA): defined here only."""
from __future__ import annotations

from typing import Any

# Far enough for any real date in this work, near enough that date sums
# (18 months to a first-hand lease, 24 months of retention) stay in range:
# date.max is 9999-12-31. A typo like 0225 for 2025 is caught too.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# JavaScript's Number.MAX_SAFE_INTEGER: mutation ids, versions and counts.
MAX_SAFE_INT = 2**53 - 1
# A move-in or a first-hand lease date may be planned this far ahead.
PLANNED_DAYS_AHEAD = 366


def wire_int(value: Any, low: int = 0, high: int = MAX_SAFE_INT) -> int | None:
    """A JSON number as an int in [low, high], else None. An integral float (385.0) is
    that integer: JSON Schema's "integer" (the OpenAPI document) includes it, and JSON
    itself does not tell 385 from 385.0. Booleans are not integers here."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_SAFE_INT:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None
# The phones' app lock, a team setting: minutes without use before it locks,
# and days it unlocks without an online login (docs/security.md).
LOCK_IDLE_MINUTES_DEFAULT, LOCK_IDLE_MINUTES_RANGE = 5, (1, 60)
OFFLINE_DAYS_DEFAULT, OFFLINE_DAYS_RANGE = 14, (1, 90)
# The name a user gives a device (the devices page, POST /api/devices): one line of
# printable text, no C0/C1 control characters, no lone surrogates. The pattern is
# both a Python and a JSON Schema (ECMA) regular expression.
DEVICE_NAME_MAX = 255
DEVICE_NAME_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$"
