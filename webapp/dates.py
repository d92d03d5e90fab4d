"""Dates as the team sees them (the server may run on UTC)."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def local_today() -> date:
    """Today in the team's time zone (BABEL_DEFAULT_TIMEZONE)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
