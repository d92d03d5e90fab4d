"""The team's clock: dates as the team sees them (the server may run on UTC)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# Every team works in Swedish time; a date typed on a phone is a Swedish date.
TEAM_TIMEZONE = "Europe/Stockholm"
_ZONE = ZoneInfo(TEAM_TIMEZONE)


def team_today() -> date:
    """Today in the team's time zone."""
    return datetime.now(_ZONE).date()
