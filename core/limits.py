"""Limits shared by every layer (forms, sync, OpenAPI, PWA): defined here only."""
from __future__ import annotations

# Far enough for any real date in this work, near enough that date sums
# (18 months to a first-hand lease, 24 months of retention) stay in range:
# date.max is 9999-12-31. A typo like 0225 for 2025 is caught too.
FIRST_YEAR, LAST_YEAR = 1900, 2100
# JavaScript's Number.MAX_SAFE_INTEGER: mutation ids, versions and counts.
MAX_SAFE_INT = 2**53 - 1
# A move-in or a first-hand lease date may be planned this far ahead.
PLANNED_DAYS_AHEAD = 366
