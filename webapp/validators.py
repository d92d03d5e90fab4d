"""Validators shared by the feature forms."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import ValidationError

from core.limits import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "plausible_date"]


def plausible_date(form: Form, field: Field) -> None:
    """A date between 1900 and 2100 (or none, when the field is optional)."""
    value = field.data
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a date between %(first)d and %(last)d.",
                                 first=FIRST_YEAR, last=LAST_YEAR))
