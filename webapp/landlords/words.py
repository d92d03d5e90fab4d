"""The catalogue's words for the landlord pages: moments on the team's clock, how long a
response took, how a commitment went (core.spec.words; the phone says them the same)."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext

from core.landlords.response import Progress, moment
from core.spec.words import RESPONSE, duration_words, fill, timestamp_words

from . import bp

BADGE = {"met": "badge-ok", "late": "badge-overdue", "open": "", "soon": "badge-due",
         "missed": "badge-overdue", "not_needed": ""}


@bp.app_template_global()
def moment_words(value: str | datetime | None) -> str:
    """A wall-clock moment ("2026-03-06T14:05") as '6 mars 2026 kl. 14:05'."""
    when = moment(value) if isinstance(value, str) else value
    return timestamp_words(when, gettext) if when else ""


@bp.app_template_global()
def took(value: timedelta | None) -> str:
    return "" if value is None else duration_words(value.total_seconds(), gettext)


@bp.app_template_global()
def progress_words(progress: Progress) -> str:
    return fill(gettext(RESPONSE[progress.state]), due=moment_words(progress.due))


@bp.app_template_global()
def progress_badge_class(progress: Progress) -> str:
    return f"badge {BADGE[progress.state]}".strip()
