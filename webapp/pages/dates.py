"""Dates in handlers: today as the team sees it, and dates read from a request.

The server may run on UTC; the team lives in core.clock's time zone, so
"today" is theirs (core.clock.team_today, the one today of every layer).
How dates are *written* for people is the catalogue's job (webapp/words.py).
"""
from __future__ import annotations

from datetime import date

from core.clock import team_today
from core.limits import FIRST_YEAR, LAST_YEAR


def today() -> date:
    """Today in the team's time zone."""
    return team_today()


def parse_date(value: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) from a query string, or None when absent or not a date.

    Years outside FIRST_YEAR..LAST_YEAR count as not a date, as on the forms,
    so date sums in the figures never overflow.
    """
    if not value or len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None
