"""Input limits shared by the server forms and the sync protocol (no Flask here:
the pure `sync` package imports it too)."""
from __future__ import annotations

# Far enough for any real date in this work, near enough that date sums
# (18 months to a first-hand lease, 24 months of retention) stay in range:
# date.max is 9999-12-31. A typo like 0225 for 2025 is caught too.
FIRST_YEAR, LAST_YEAR = 1900, 2100
