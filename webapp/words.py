"""The catalogue's words on the server pages: stored values, dates, relative days.

The words themselves are msgids in core.spec (choices, words); the PWA
renders the same msgids with the same catalogue (static/js/words.js), so a
value reads the same everywhere (tests/browser/test_words_browser.py compares them).
"""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import gettext, ngettext

from core.clock import team_today, wall_clock
from core.spec import CHOICES, ENTITIES
from core.spec.choices import UNTRANSLATED
from core.spec.words import date_words, days_words, timestamp_words


def label(group: str, value: str | None) -> str:
    """The label of a stored value; an unknown value is shown as stored."""
    if value is None:
        return ""
    text = CHOICES.get(group, {}).get(value)
    if text is None:
        return value
    return text if group in UNTRANSLATED else gettext(text)


def format_date(value: date | datetime | None, short: bool = False) -> str:
    """A date; `short` leaves out the year of a date in this year. A datetime is a
    stored UTC moment: its date in the team's time zone."""
    if isinstance(value, datetime):
        value = wall_clock(value).date()
    return date_words(value, gettext, short=short, today=team_today())


def format_datetime(value: datetime | None) -> str:
    """A stored UTC moment as the team's clock shows it."""
    return "" if value is None else timestamp_words(wall_clock(value), gettext)


def days_from_today(value: date | None) -> str:
    """'today', '3 days ago', 'in 2 days'."""
    if value is None:
        return ""
    return relative_days((value - team_today()).days)


def relative_days(days: int) -> str:
    """A distance in days from today (negative: in the past) in words."""
    return days_words(days, gettext, ngettext)


def field_label(entity: str, wire: str) -> str:
    """A field's label from the spec, translated (for history entries)."""
    spec = ENTITIES.get(entity)
    try:
        return gettext(spec.field(wire).label) if spec else wire
    except KeyError:
        return wire


def value_words(entity: str, wire: str, value: object) -> str:
    """A stored (wire) value as people read it: a choice's label, a date in words."""
    if value is None or value == "":
        return "–"
    spec = ENTITIES.get(entity)
    try:
        field = spec.field(wire) if spec else None
    except KeyError:
        field = None
    if field is not None and field.kind == "choice":
        return label(field.choices, str(value))
    if field is not None and field.kind == "date" and isinstance(value, str):
        return format_date(date.fromisoformat(value))
    return str(value)


def init_app(app: Flask) -> None:
    from core import chart

    app.jinja_env.globals.update(chart=chart, choice_label=label, format_date=format_date,
                                 format_datetime=format_datetime,
                                 days_from_today=days_from_today,
                                 relative_days=relative_days, field_label=field_label,
                                 value_words=value_words)
