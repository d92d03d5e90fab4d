"""The team's clock: dates as the team sees them (the server may run on UTC)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Every team works in Swedish time; a date typed on a phone is a Swedish date.
TEAM_TIMEZONE = "Europe/Stockholm"
_ZONE = ZoneInfo(TEAM_TIMEZONE)


def team_today() -> date:
    """Today in the team's time zone."""
    return datetime.now(_ZONE).date()


def team_now() -> datetime:
    """Now on the team's wall clock (naive, to the minute): the way people say a moment
    ("the landlord called at 14:05"), and how landlord reports keep them."""
    return datetime.now(_ZONE).replace(tzinfo=None, second=0, microsecond=0)


def wall_clock(utc: datetime) -> datetime:
    """A stored UTC moment (naive) on the team's wall clock (naive)."""
    aware = utc if utc.tzinfo else utc.replace(tzinfo=UTC)
    return aware.astimezone(_ZONE).replace(tzinfo=None)


def stored_utc(wall: datetime) -> datetime:
    """A moment on the team's wall clock (naive) as it is stored: UTC, naive."""
    return wall.replace(tzinfo=_ZONE).astimezone(UTC).replace(tzinfo=None)
